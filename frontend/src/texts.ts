/** What the card says (English; the states come translated from Home Assistant). */

import type { Kind, Lock } from "./codes";

export const KIND_LABELS: Record<Kind, string> = {
  hourly: "Hourly code",
  daily: "Daily code",
  one_time: "One-time code",
  time_slot: "Time slot",
};

export const NO_LONGER_NEEDED: Record<string, string> = {
  dismissed: "No longer needed",
  stay_cancelled: "Stay cancelled",
  stay_superseded: "Stay moved",
};

export const STILL_WORKS =
  "Offline PINs cannot be revoked: this one keeps working on the lock until its end, " +
  "unless the maker's app or the lock's own procedure stops it.";

export const FIRST_USE =
  "Use within 24 hours of its start, or the lock refuses it from then on.";

export const NO_PIN_YET =
  "No PIN yet: the maker assigns it as the code's start approaches.";

export type NewKind = "stay" | "hourly" | "daily" | "one_time";

export const NEW_KIND_LABELS: Record<NewKind, string> = {
  stay: "Stay (every door)",
  hourly: "Hourly code",
  daily: "Daily code",
  one_time: "One-time code",
};

const RULES: Record<NewKind, Record<Lock["maker"], string>> = {
  stay: {
    igloohome:
      "igloohome gets an hourly code on the whole hours around the stay (up to 672 hours), " +
      "else a daily code of at least 29 days.",
    dormakaba_oracode:
      "Oracode doors get the narrowest time slot that covers the check-in and check-out " +
      "times (stays up to 31 days).",
    other: "Each door gets the code its maker's rules allow.",
  },
  hourly: {
    igloohome:
      "igloohome: 1 to 672 hours (28 days), on whole hours of the lock's clock. Times " +
      "are in Home Assistant's time zone.",
    dormakaba_oracode:
      "Oracode: up to 31 days; start and end within an hour of one of the door's time " +
      "slots, and moved onto it. Times are in the door's time zone.",
    other: "Times are in Home Assistant's time zone.",
  },
  daily: {
    igloohome:
      "igloohome: 29 to 367 days, starting and ending at the same time of day.",
    dormakaba_oracode: "Oracode: 1 to 31 days, on one of the door's time slots.",
    other: "The maker's rules apply.",
  },
  one_time: {
    igloohome: "igloohome: works once, within 24 hours of its start.",
    dormakaba_oracode: "Oracode doors have no one-time codes.",
    other: "The maker's rules apply.",
  },
};

export function rulesFor(kind: NewKind, makers: Lock["maker"][]): string[] {
  return [...new Set(makers)].map((maker) => RULES[kind][maker]);
}

export const FIRST_USE_RULE =
  "An igloohome code longer than 24 hours must be used once within 24 hours of its start.";
