/**
 * seam-offline-codes-card: the offline codes of each lock, with their status, their window
 * in the lock's local time, their kind and warnings; for administrators, Copy PIN (through
 * the `get_code` action: a PIN is shown only when asked for), Dismiss and New code.
 */

import { LitElement, css, html, nothing } from "lit";

import {
  Code,
  Lock,
  firstUseWithinADay,
  formatWindow,
  readLocks,
} from "./codes";
import "./editor";
import { CardConfig, DOMAIN, HomeAssistant } from "./hass";
import "./new-code-dialog";
import type { SeamNewCodeDialog } from "./new-code-dialog";
import {
  FIRST_USE,
  KIND_LABELS,
  NO_LONGER_NEEDED,
  NO_PIN_YET,
  STILL_WORKS,
} from "./texts";

const CARD = "seam-offline-codes-card";
const SEAM_FIRST_USE_WARNING = "igloo_algopin_must_be_used_within_24_hours";

interface Revealed {
  pin: string | null;
  copied: boolean;
}

export class SeamOfflineCodesCard extends LitElement {
  static properties = {
    hass: { attribute: false },
    _config: { state: true },
    _revealed: { state: true },
    _failure: { state: true },
  };

  hass!: HomeAssistant;
  private _config: CardConfig = { type: `custom:${CARD}` };
  private _revealed: Record<string, Revealed> = {};
  private _failure = "";

  static getConfigElement(): HTMLElement {
    return document.createElement(`${CARD}-editor`);
  }

  static getStubConfig(): Partial<CardConfig> {
    return {};
  }

  setConfig(config: CardConfig): void {
    if (config.locks !== undefined && !Array.isArray(config.locks)) {
      throw new Error("locks must be a list of device ids");
    }
    this._config = config;
  }

  getCardSize(): number {
    return 3;
  }

  private get _admin(): boolean {
    return this.hass.user?.is_admin === true;
  }

  private get _language(): string {
    return this.hass.locale?.language ?? this.hass.language ?? navigator.language;
  }

  private async _copyPin(code: Code): Promise<void> {
    this._failure = "";
    try {
      const answer = await this.hass.callService(
        DOMAIN,
        "get_code",
        { entity_id: code.entityId },
        undefined,
        false,
        true,
      );
      const pin = (answer.response?.code as string | null | undefined) ?? null;
      let copied = false;
      if (pin) {
        try {
          await navigator.clipboard.writeText(pin);
          copied = true;
        } catch {
          // No clipboard here (an insecure page, a denied permission): the PIN is shown.
        }
      }
      this._revealed = { ...this._revealed, [code.entityId]: { pin, copied } };
    } catch (err) {
      this._failure = (err as { message?: string }).message ?? String(err);
    }
  }

  private _hidePin(code: Code): void {
    const { [code.entityId]: _gone, ...rest } = this._revealed;
    this._revealed = rest;
  }

  private async _dismiss(code: Code): Promise<void> {
    if (!confirm(`Mark "${code.name}" as no longer needed?\n\n${STILL_WORKS}`)) return;
    this._failure = "";
    try {
      await this.hass.callService(DOMAIN, "dismiss_code", { entity_id: code.entityId });
    } catch (err) {
      this._failure = (err as { message?: string }).message ?? String(err);
    }
  }

  private _openNewCode(): void {
    this.renderRoot
      .querySelector<SeamNewCodeDialog>("seam-offline-codes-new-code")
      ?.open();
  }

  private _renderPin(code: Code) {
    const revealed = this._revealed[code.entityId];
    if (!revealed) {
      return html`<button class="copy" @click=${() => this._copyPin(code)}>Copy PIN</button>`;
    }
    if (!revealed.pin) {
      return html`<span class="note">${NO_PIN_YET}</span>`;
    }
    return html`<span class="pin" data-pin>${revealed.pin}</span>
      <span class="note">${revealed.copied ? "Copied" : "Copy it from here"}</span>
      <button class="hide" @click=${() => this._hidePin(code)}>Hide</button>`;
  }

  private _renderCode(lock: Lock, code: Code) {
    const standing = code.noLongerNeeded;
    const warnings = code.warnings.filter(
      (warning) => warning.code !== SEAM_FIRST_USE_WARNING,
    );
    const kind =
      code.kind === "time_slot"
        ? `${KIND_LABELS.time_slot}: ${code.timeSlot}`
        : KIND_LABELS[code.kind];
    return html`<li class="code ${standing ? "no-longer-needed" : ""}" data-entity=${code.entityId}>
      <div class="line">
        <span class="name">${code.name}</span>
        <span class="chip status-${code.status}" data-status=${code.status}
          >${code.statusLabel}</span
        >
        ${standing
          ? html`<span class="chip standing" data-standing=${standing}
              >${NO_LONGER_NEEDED[standing] ?? standing}</span
            >`
          : nothing}
      </div>
      <div class="window">${formatWindow(code, lock.timeZone, this._language)}</div>
      <div class="kind">${kind}</div>
      ${firstUseWithinADay(lock, code) && !standing
        ? html`<div class="warning">${FIRST_USE}</div>`
        : nothing}
      ${warnings.map((warning) => html`<div class="warning">${warning.message}</div>`)}
      ${code.errors.map((error) => html`<div class="error">${error.message}</div>`)}
      ${standing ? html`<div class="note">${STILL_WORKS}</div>` : nothing}
      ${this._admin
        ? html`<div class="actions">
            ${this._renderPin(code)}
            ${standing
              ? nothing
              : html`<button class="dismiss" @click=${() => this._dismiss(code)}>
                  Dismiss
                </button>`}
          </div>`
        : nothing}
    </li>`;
  }

  private _renderLock(lock: Lock) {
    return html`<section class="lock" data-lock=${lock.deviceId}>
      <h3>${lock.name} <span class="zone">${lock.timeZone}</span></h3>
      ${lock.codes.length
        ? html`<ul>${lock.codes.map((code) => this._renderCode(lock, code))}</ul>`
        : html`<p class="empty">No codes</p>`}
    </section>`;
  }

  render() {
    if (!this.hass) return nothing;
    const locks = readLocks(this.hass, this._config.locks);
    return html`<ha-card .header=${this._config.title ?? "Offline codes"}>
      <div class="card-content">
        ${locks.length
          ? locks.map((lock) => this._renderLock(lock))
          : html`<p class="empty">No locks of Seam Offline Codes</p>`}
        ${this._failure
          ? html`<p class="error" role="alert">${this._failure}</p>`
          : nothing}
      </div>
      ${this._admin && locks.length
        ? html`<div class="card-actions">
              <button class="new" @click=${this._openNewCode}>New code</button>
            </div>
            <seam-offline-codes-new-code
              .hass=${this.hass}
              .locks=${locks}
            ></seam-offline-codes-new-code>`
        : nothing}
    </ha-card>`;
  }

  static styles = css`
    .lock + .lock {
      margin-top: 1rem;
    }
    h3 {
      margin: 0 0 0.4rem;
      font-size: 1.05rem;
    }
    .zone {
      font-weight: normal;
      font-size: 0.8rem;
      color: var(--secondary-text-color);
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .code {
      padding: 0.5rem 0;
      border-top: 1px solid var(--divider-color, #e0e0e0);
    }
    .code.no-longer-needed .name {
      text-decoration: line-through;
      color: var(--secondary-text-color);
    }
    .line {
      display: flex;
      align-items: center;
      gap: 0.4rem;
      flex-wrap: wrap;
    }
    .name {
      font-weight: 500;
      flex: 1;
    }
    .chip {
      border-radius: 1rem;
      padding: 0.1rem 0.6rem;
      font-size: 0.8rem;
      color: #fff;
      background: var(--disabled-color, #9e9e9e);
    }
    .status-unset {
      background: var(--info-color, #039be5);
    }
    .status-setting {
      background: var(--warning-color, #ffa600);
    }
    .status-set {
      background: var(--success-color, #43a047);
    }
    .status-removing {
      background: var(--state-inactive-color, #8d6e63);
    }
    .status-unknown {
      background: var(--error-color, #db4437);
    }
    .chip.standing {
      background: var(--secondary-text-color, #727272);
    }
    .window,
    .kind,
    .note {
      font-size: 0.85rem;
      color: var(--secondary-text-color);
    }
    .warning {
      font-size: 0.85rem;
      color: var(--warning-color, #ffa600);
    }
    .error {
      font-size: 0.85rem;
      color: var(--error-color, #db4437);
    }
    .actions {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      margin-top: 0.3rem;
      flex-wrap: wrap;
    }
    .pin {
      font-family: var(--code-font-family, monospace);
      font-size: 1.1rem;
      letter-spacing: 0.1em;
    }
    .empty {
      color: var(--secondary-text-color);
    }
    button {
      font: inherit;
      font-size: 0.85rem;
      padding: 0.25rem 0.7rem;
      border-radius: 6px;
      border: 1px solid var(--divider-color, #ccc);
      background: none;
      color: var(--primary-color, #03a9f4);
      cursor: pointer;
    }
    .card-actions {
      display: flex;
      justify-content: flex-end;
      padding: 0.5rem 1rem;
      border-top: 1px solid var(--divider-color, #e0e0e0);
    }
  `;
}

if (!customElements.get(CARD)) {
  customElements.define(CARD, SeamOfflineCodesCard);
}

interface CustomCard {
  type: string;
  name: string;
  description: string;
  preview?: boolean;
  documentationURL?: string;
}

const cards = ((window as unknown as { customCards?: CustomCard[] }).customCards ??= []);
if (!cards.some((card) => card.type === CARD)) {
  cards.push({
    type: CARD,
    name: "Seam offline codes",
    description:
      "The offline codes of your locks: status, window, Copy PIN and New code.",
    preview: true,
    documentationURL:
      "https://github.com/seam-offline-codes/ha-seam-offline-codes#the-codes-card",
  });
}
