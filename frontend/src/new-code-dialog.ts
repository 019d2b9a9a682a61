/** The New code dialog: one form for a stay or a code of each kind, the makers' rules inline. */

import { LitElement, css, html, nothing } from "lit";

import type { Lock } from "./codes";
import { DOMAIN, HomeAssistant } from "./hass";
import { FIRST_USE_RULE, NEW_KIND_LABELS, NewKind, rulesFor } from "./texts";

interface Slot {
  name: string;
  check_in: string;
  check_out: string;
}

/** Return the service field's value for a `datetime-local` input ("2026-12-04 15:00:00"). */
function localDateTime(value: string): string {
  return `${value.replace("T", " ")}:00`;
}

export class SeamNewCodeDialog extends LitElement {
  static properties = {
    hass: { attribute: false },
    locks: { attribute: false },
    _kind: { state: true },
    _chosen: { state: true },
    _slots: { state: true },
    _error: { state: true },
    _result: { state: true },
    _busy: { state: true },
  };

  hass!: HomeAssistant;
  locks: Lock[] = [];
  private _kind: NewKind = "hourly";
  private _chosen: string[] = [];
  private _slots: Slot[] = [];
  private _error = "";
  private _result = "";
  private _busy = false;

  /** Open the dialog with a fresh form. */
  open(): void {
    this._kind = this._kinds()[0];
    this._chosen = this.locks.slice(0, 1).map((lock) => lock.deviceId);
    this._error = "";
    this._result = "";
    this._loadSlots();
    this.updateComplete.then(() => this._dialog()?.showModal());
  }

  private _dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector("dialog");
  }

  private _kinds(): NewKind[] {
    const kinds: NewKind[] = ["hourly", "daily", "one_time"];
    return this.hass.services[DOMAIN]?.create_stay_codes ? ["stay", ...kinds] : kinds;
  }

  private _chosenLocks(): Lock[] {
    return this.locks.filter((lock) => this._chosen.includes(lock.deviceId));
  }

  private async _loadSlots(): Promise<void> {
    const door = this._chosenLocks()[0];
    this._slots = [];
    if (this._kind !== "daily" || door?.maker !== "dormakaba_oracode") return;
    const answer = await this.hass.callService(
      DOMAIN,
      "list_time_slots",
      { device_id: door.deviceId },
      undefined,
      false,
      true,
    );
    this._slots = (answer.response?.time_slots as Slot[] | undefined) ?? [];
  }

  private _value(name: string): string {
    const field = this.renderRoot.querySelector<HTMLInputElement | HTMLSelectElement>(
      `[name="${name}"]`,
    );
    return field?.value.trim() ?? "";
  }

  private _request(): [string, Record<string, unknown>] {
    const name = this._value("name");
    if (this._kind === "stay") {
      return [
        "create_stay_codes",
        {
          device_id: this._chosen,
          name,
          check_in: localDateTime(this._value("check_in")),
          check_out: localDateTime(this._value("check_out")),
        },
      ];
    }
    const base = { device_id: this._chosen[0], name };
    if (this._kind === "hourly") {
      return [
        "create_hourly_code",
        {
          ...base,
          starts_at: localDateTime(this._value("starts_at")),
          duration: { hours: Number(this._value("hours")) },
        },
      ];
    }
    if (this._kind === "one_time") {
      return [
        "create_one_time_code",
        { ...base, starts_at: localDateTime(this._value("starts_at")) },
      ];
    }
    const daily: Record<string, unknown> = {
      ...base,
      start_date: this._value("start_date"),
      end_date: this._value("end_date"),
    };
    if (this._value("time_slot")) daily.time_slot = this._value("time_slot");
    else if (this._value("time_of_day"))
      daily.time_of_day = `${this._value("time_of_day")}:00`;
    return ["create_daily_code", daily];
  }

  private async _submit(event: Event): Promise<void> {
    event.preventDefault();
    this._error = "";
    this._result = "";
    this._busy = true;
    const [service, data] = this._request();
    try {
      const answer = await this.hass.callService(
        DOMAIN,
        service,
        data,
        undefined,
        false,
        true,
      );
      const response = answer.response ?? {};
      const codes = (response.codes as Record<string, unknown>[] | undefined) ?? [
        response,
      ];
      this._result = codes
        .map(
          (code) =>
            `${code.lock ?? ""} ${code.local_starts_at} – ${code.local_ends_at}`.trim(),
        )
        .join("\n");
    } catch (err) {
      this._error = (err as { message?: string }).message ?? String(err);
    } finally {
      this._busy = false;
    }
  }

  private _setKind(kind: NewKind): void {
    this._kind = kind;
    if (kind !== "stay") this._chosen = this._chosen.slice(0, 1);
    this._loadSlots();
  }

  private _toggleLock(deviceId: string, on: boolean): void {
    const others = this._chosen.filter((id) => id !== deviceId);
    this._chosen =
      this._kind === "stay" ? (on ? [...others, deviceId] : others) : [deviceId];
    this._loadSlots();
  }

  private _renderLocks() {
    const multiple = this._kind === "stay";
    return html`<fieldset class="locks">
      <legend>${multiple ? "Doors" : "Door"}</legend>
      ${this.locks.map(
        (lock) =>
          html`<label
            ><input
              type=${multiple ? "checkbox" : "radio"}
              name="lock"
              .checked=${this._chosen.includes(lock.deviceId)}
              @change=${(event: Event) =>
                this._toggleLock(
                  lock.deviceId,
                  (event.target as HTMLInputElement).checked,
                )}
            />${lock.name}</label
          >`,
      )}
    </fieldset>`;
  }

  private _renderTimes() {
    switch (this._kind) {
      case "stay":
        return html`<label>Check-in <input type="datetime-local" name="check_in" required /></label>
          <label>Check-out <input type="datetime-local" name="check_out" required /></label>`;
      case "hourly":
        return html`<label>Starts <input type="datetime-local" name="starts_at" required /></label>
          <label>Hours <input type="number" name="hours" min="1" value="24" required /></label>`;
      case "one_time":
        return html`<label>Starts <input type="datetime-local" name="starts_at" required /></label>`;
      case "daily":
        return html`<label>First day <input type="date" name="start_date" required /></label>
          <label>Last day <input type="date" name="end_date" required /></label>
          ${this._slots.length
            ? html`<label
                >Time slot
                <select name="time_slot">
                  ${this._slots.map(
                    (slot) =>
                      html`<option value=${slot.name}>
                        ${slot.name} (${slot.check_in.slice(0, 5)}–${slot.check_out.slice(0, 5)})
                      </option>`,
                  )}
                </select></label
              >`
            : html`<label
                >Time of day <input type="time" name="time_of_day" value="15:00"
              /></label>`}`;
    }
  }

  render() {
    const makers = this._chosenLocks().map((lock) => lock.maker);
    return html`<dialog @close=${() => this.dispatchEvent(new Event("closed"))}>
      <form @submit=${this._submit}>
        <h2>New code</h2>
        <label
          >Kind
          <select
            name="kind"
            @change=${(event: Event) =>
              this._setKind((event.target as HTMLSelectElement).value as NewKind)}
          >
            ${this._kinds().map(
              (kind) =>
                html`<option value=${kind} ?selected=${kind === this._kind}>
                  ${NEW_KIND_LABELS[kind]}
                </option>`,
            )}
          </select></label
        >
        ${this._renderLocks()}
        <label>Name <input name="name" required maxlength="100" /></label>
        ${this._renderTimes()}
        <ul class="rules">
          ${rulesFor(this._kind, makers).map((rule) => html`<li>${rule}</li>`)}
          ${makers.includes("igloohome") && this._kind !== "one_time"
            ? html`<li>${FIRST_USE_RULE}</li>`
            : nothing}
        </ul>
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
        ${this._result ? html`<p class="result">Created: ${this._result}</p>` : nothing}
        <div class="buttons">
          <button type="button" @click=${() => this._dialog()?.close()}>Close</button>
          <button type="submit" class="primary" ?disabled=${this._busy || !this._chosen.length}>
            Create
          </button>
        </div>
      </form>
    </dialog>`;
  }

  static styles = css`
    dialog {
      border: none;
      border-radius: var(--ha-card-border-radius, 12px);
      background: var(--card-background-color, #fff);
      color: var(--primary-text-color);
      max-width: 28rem;
      width: calc(100% - 2rem);
    }
    form {
      display: flex;
      flex-direction: column;
      gap: 0.6rem;
    }
    h2 {
      margin: 0;
      font-size: 1.2rem;
    }
    label {
      display: flex;
      flex-direction: column;
      gap: 0.2rem;
      font-size: 0.9rem;
    }
    fieldset.locks label {
      flex-direction: row;
      align-items: center;
      gap: 0.4rem;
    }
    fieldset {
      border: 1px solid var(--divider-color, #ddd);
      border-radius: 8px;
    }
    input,
    select {
      font: inherit;
      padding: 0.3rem;
    }
    .rules {
      margin: 0;
      padding-left: 1.2rem;
      font-size: 0.85rem;
      color: var(--secondary-text-color);
    }
    .error {
      color: var(--error-color, #db4437);
      margin: 0;
    }
    .result {
      color: var(--success-color, #43a047);
      margin: 0;
      white-space: pre-line;
    }
    .buttons {
      display: flex;
      justify-content: flex-end;
      gap: 0.5rem;
    }
    button {
      font: inherit;
      padding: 0.4rem 0.9rem;
      border-radius: 6px;
      border: 1px solid var(--divider-color, #ccc);
      background: none;
      color: inherit;
      cursor: pointer;
    }
    button.primary {
      background: var(--primary-color, #03a9f4);
      border-color: var(--primary-color, #03a9f4);
      color: var(--text-primary-color, #fff);
    }
  `;
}

if (!customElements.get("seam-offline-codes-new-code")) {
  customElements.define("seam-offline-codes-new-code", SeamNewCodeDialog);
}
