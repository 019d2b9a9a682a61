/** The codes of each lock, read from the integration's entities in `hass`. */

import { DOMAIN, HassDeviceEntry, HomeAssistant } from "./hass";

const HOUR = 3_600_000;
const DAILY_MIN_DAYS = 29;

export type Kind = "hourly" | "daily" | "one_time" | "time_slot";

export interface Issue {
  code: string;
  message: string;
}

export interface Code {
  entityId: string;
  name: string;
  status: string;
  statusLabel: string;
  startsAt: Date | null;
  endsAt: Date | null;
  kind: Kind;
  timeSlot: string | null;
  waitingForPin: boolean;
  noLongerNeeded: string | null;
  warnings: Issue[];
  errors: Issue[];
}

export interface Lock {
  deviceId: string;
  name: string;
  maker: "igloohome" | "dormakaba_oracode" | "other";
  timeZone: string;
  codes: Code[];
}

function deviceName(device: HassDeviceEntry): string {
  return device.name_by_user || device.name || device.id;
}

function maker(device: HassDeviceEntry): Lock["maker"] {
  const manufacturer = (device.manufacturer || "").toLowerCase();
  if (manufacturer.includes("igloo")) return "igloohome";
  if (manufacturer.includes("dormakaba")) return "dormakaba_oracode";
  return "other";
}

function date(value: unknown): Date | null {
  return typeof value === "string" && value ? new Date(value) : null;
}

function issues(value: unknown): Issue[] {
  return Array.isArray(value) ? (value as Issue[]) : [];
}

function kindOf(
  start: Date | null,
  end: Date | null,
  oneTime: boolean,
  slot: string | null,
): Kind {
  if (oneTime) return "one_time";
  if (slot) return "time_slot";
  if (start && end && end.getTime() - start.getTime() >= DAILY_MIN_DAYS * 24 * HOUR)
    return "daily";
  return "hourly";
}

/** Return the devices of this integration: those with one of its calendars. */
export function integrationLocks(hass: HomeAssistant): HassDeviceEntry[] {
  const ids = new Set(
    Object.values(hass.entities)
      .filter(
        (entity) =>
          entity.platform === DOMAIN &&
          entity.translation_key === "offline_codes" &&
          entity.device_id,
      )
      .map((entity) => entity.device_id as string),
  );
  return [...ids]
    .map((id) => hass.devices[id])
    .filter((device): device is HassDeviceEntry => Boolean(device))
    .sort((a, b) => deviceName(a).localeCompare(deviceName(b)));
}

function readCode(hass: HomeAssistant, entityId: string, lockName: string): Code | null {
  const state = hass.states[entityId];
  if (!state) return null;
  const attributes = state.attributes;
  const friendly = String(attributes.friendly_name ?? entityId);
  const name = friendly.startsWith(`${lockName} `)
    ? friendly.slice(lockName.length + 1)
    : friendly;
  const startsAt = date(attributes.starts_at);
  const oneTime = attributes.is_one_time_use === true;
  let endsAt = date(attributes.ends_at);
  if (!endsAt && oneTime && startsAt) endsAt = new Date(startsAt.getTime() + 24 * HOUR);
  const timeSlot = (attributes.time_slot as string | undefined) ?? null;
  return {
    entityId,
    name,
    status: state.state,
    statusLabel: hass.formatEntityState ? hass.formatEntityState(state) : state.state,
    startsAt,
    endsAt,
    kind: kindOf(startsAt, endsAt, oneTime, timeSlot),
    timeSlot,
    waitingForPin: attributes.waiting_for_code === true,
    noLongerNeeded: (attributes.no_longer_needed as string | null | undefined) ?? null,
    warnings: issues(attributes.warnings),
    errors: issues(attributes.errors),
  };
}

/** Return the chosen locks (all when none are chosen) with their codes, soonest first. */
export function readLocks(hass: HomeAssistant, chosen: string[] | undefined): Lock[] {
  const devices = integrationLocks(hass).filter(
    (device) => !chosen?.length || chosen.includes(device.id),
  );
  const entities = Object.values(hass.entities).filter(
    (entity) => entity.platform === DOMAIN && !entity.hidden,
  );
  return devices.map((device) => {
    const name = deviceName(device);
    const mine = entities.filter((entity) => entity.device_id === device.id);
    const calendar = mine.find((entity) => entity.translation_key === "offline_codes");
    const zone = calendar && hass.states[calendar.entity_id]?.attributes.time_zone;
    const codes = mine
      .filter((entity) => entity.translation_key === "access_code")
      .map((entity) => readCode(hass, entity.entity_id, name))
      .filter((code): code is Code => code !== null)
      .sort(
        (a, b) =>
          (a.startsAt?.getTime() ?? 0) - (b.startsAt?.getTime() ?? 0) ||
          a.name.localeCompare(b.name),
      );
    return {
      deviceId: device.id,
      name,
      maker: maker(device),
      timeZone: typeof zone === "string" ? zone : hass.config.time_zone,
      codes,
    };
  });
}

/** Return a code's window in its lock's local time, in the user's language. */
export function formatWindow(
  code: Code,
  timeZone: string,
  language: string,
): string {
  if (!code.startsAt) return "";
  const format = new Intl.DateTimeFormat(language, {
    timeZone,
    dateStyle: "medium",
    timeStyle: "short",
  });
  const end = code.endsAt ? format.format(code.endsAt) : "…";
  return `${format.format(code.startsAt)} – ${end}`;
}

/** Return whether the guest must use the code once within 24 hours of its start. */
export function firstUseWithinADay(lock: Lock, code: Code): boolean {
  return (
    lock.maker === "igloohome" &&
    code.kind !== "one_time" &&
    code.startsAt !== null &&
    code.endsAt !== null &&
    code.endsAt.getTime() - code.startsAt.getTime() > 24 * HOUR
  );
}
