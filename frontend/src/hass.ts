/** The parts of Home Assistant's frontend `hass` object the card uses. */

export const DOMAIN = "seam_offline_codes";

export interface HassEntityState {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
}

export interface HassEntityEntry {
  entity_id: string;
  device_id?: string | null;
  platform?: string;
  translation_key?: string | null;
  hidden?: boolean;
}

export interface HassDeviceEntry {
  id: string;
  name?: string | null;
  name_by_user?: string | null;
  manufacturer?: string | null;
}

export interface ServiceCallResponse {
  response?: Record<string, unknown>;
}

export interface HomeAssistant {
  states: Record<string, HassEntityState>;
  entities: Record<string, HassEntityEntry>;
  devices: Record<string, HassDeviceEntry>;
  services: Record<string, Record<string, unknown>>;
  user?: { is_admin: boolean };
  locale?: { language: string };
  language?: string;
  config: { time_zone: string };
  formatEntityState?: (state: HassEntityState) => string;
  callService(
    domain: string,
    service: string,
    data?: Record<string, unknown>,
    target?: Record<string, unknown>,
    notifyOnError?: boolean,
    returnResponse?: boolean,
  ): Promise<ServiceCallResponse>;
}

/** A card's configuration, as the dashboard stores it. */
export interface CardConfig {
  type: string;
  title?: string;
  /** Home Assistant device ids of the locks to show; all of the integration's when empty. */
  locks?: string[];
}

export function fireEvent(
  node: HTMLElement,
  type: string,
  detail: Record<string, unknown>,
): void {
  node.dispatchEvent(
    new CustomEvent(type, { detail, bubbles: true, composed: true }),
  );
}
