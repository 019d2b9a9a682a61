/** The card's visual editor: a title and the locks to show. */

import { LitElement, css, html } from "lit";

import { integrationLocks } from "./codes";
import { CardConfig, HomeAssistant, fireEvent } from "./hass";

export class SeamOfflineCodesCardEditor extends LitElement {
  static properties = {
    hass: { attribute: false },
    _config: { state: true },
  };

  hass!: HomeAssistant;
  private _config: CardConfig = { type: "" };

  setConfig(config: CardConfig): void {
    this._config = config;
  }

  private _changed(config: CardConfig): void {
    this._config = config;
    fireEvent(this, "config-changed", { config });
  }

  private _toggle(deviceId: string, on: boolean): void {
    const others = (this._config.locks ?? []).filter((id) => id !== deviceId);
    const locks = on ? [...others, deviceId] : others;
    const { locks: _old, ...rest } = this._config;
    this._changed(locks.length ? { ...rest, locks } : rest);
  }

  render() {
    if (!this.hass) return html``;
    const chosen = this._config.locks ?? [];
    return html`<label
        >Title
        <input
          name="title"
          .value=${this._config.title ?? ""}
          @change=${(event: Event) => {
            const title = (event.target as HTMLInputElement).value;
            const { title: _old, ...rest } = this._config;
            this._changed(title ? { ...rest, title } : rest);
          }}
      /></label>
      <fieldset>
        <legend>Locks (none chosen: every lock)</legend>
        ${integrationLocks(this.hass).map(
          (device) =>
            html`<label
              ><input
                type="checkbox"
                name=${device.id}
                .checked=${chosen.includes(device.id)}
                @change=${(event: Event) =>
                  this._toggle(device.id, (event.target as HTMLInputElement).checked)}
              />${device.name_by_user || device.name}</label
            >`,
        )}
      </fieldset>`;
  }

  static styles = css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 0.8rem;
    }
    label {
      display: flex;
      gap: 0.4rem;
      align-items: center;
    }
    fieldset {
      border: 1px solid var(--divider-color, #ddd);
      border-radius: 8px;
      display: flex;
      flex-direction: column;
      gap: 0.3rem;
    }
    input[name="title"] {
      flex: 1;
      font: inherit;
      padding: 0.3rem;
    }
  `;
}

if (!customElements.get("seam-offline-codes-card-editor")) {
  customElements.define("seam-offline-codes-card-editor", SeamOfflineCodesCardEditor);
}
