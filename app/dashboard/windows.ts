// Local days as UTC instants (pure): a shop's "today" is [00:00, next 00:00)
// in its IANA timezone, so a day can be 23 or 25 hours long around DST.
import { DateTime } from "luxon";

export interface DayWindow {
  /** YYYY-MM-DD in the timezone. */
  localDate: string;
  start: Date;
  end: Date;
}

/** The local day holding `now` in `timezone` (an unknown zone falls back to UTC). */
export function dayWindow(timezone: string, now: Date = new Date()): DayWindow {
  const start = zoned(now, timezone).startOf("day");
  return window(start);
}

/** The `days` local days ending with today, oldest first. */
export function lastDays(timezone: string, now: Date = new Date(), days = 7): DayWindow[] {
  const today = zoned(now, timezone).startOf("day");
  return Array.from({ length: days }, (_, index) => window(today.minus({ days: days - 1 - index }).startOf("day")));
}

/**
 * [from 00:00, to 24:00) in the timezone for local dates "YYYY-MM-DD"; either
 * end may be missing or invalid (then it is open). Undefined when both are.
 */
export function localDateRange(timezone: string, from?: string | null, to?: string | null): { gte?: Date; lt?: Date } | undefined {
  const zone = validZone(timezone);
  const start = from ? DateTime.fromISO(from, { zone }).startOf("day") : null;
  const end = to ? DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf("day") : null;
  if (!start?.isValid && !end?.isValid) return undefined;
  return {
    ...(start?.isValid ? { gte: start.toJSDate() } : {}),
    ...(end?.isValid ? { lt: end.toJSDate() } : {}),
  };
}

/** The local date of an instant in the timezone. */
export function localDateOf(instant: Date, timezone: string): string {
  return zoned(instant, timezone).toISODate()!;
}

function window(start: DateTime): DayWindow {
  return {
    localDate: start.toISODate()!,
    start: start.toJSDate(),
    end: start.plus({ days: 1 }).startOf("day").toJSDate(),
  };
}

function validZone(timezone: string): string {
  return DateTime.local({ zone: timezone }).isValid ? timezone : "UTC";
}

function zoned(instant: Date, timezone: string): DateTime {
  return DateTime.fromJSDate(instant, { zone: validZone(timezone) });
}
