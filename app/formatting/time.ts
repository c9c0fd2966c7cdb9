// Times as merchants read them (pure). Every instant is shown in one zone with
// that zone named, so "5:22 AM" never leaves the reader guessing whose clock
// it is. Formatting happens on the server: the markup must not depend on the
// browser's zone (and hydrate differently).
import { DateTime, Info } from "luxon";

const LOCALE = "en-US";

function inZone(instant: Date | string, zone: string): DateTime {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not an instant: ${String(instant)}`);
  const zoned = DateTime.fromJSDate(date, { zone });
  // An unknown zone falls back to UTC, as the day windows do (dashboard/windows.ts), and the text then says UTC.
  return (zoned.isValid ? zoned : DateTime.fromJSDate(date, { zone: "UTC" })).setLocale(LOCALE);
}

/** "Tue, Dec 1, 2026, 5:22 AM EST": an instant in `zone` (the store's, unless a label says otherwise). */
export function formatInstant(instant: Date | string, zone: string): string {
  return inZone(instant, zone).toFormat("ccc, LLL d, yyyy, h:mm a ZZZZ");
}

/** "Tuesday, December 1": the local day an instant falls on in `zone`. */
export function formatLocalDay(instant: Date | string, zone: string): string {
  return inZone(instant, zone).toFormat("cccc, LLLL d");
}

/** "EST" (or "GMT-11" where the zone has no abbreviation) at `instant`: the zone's name as the times show it. */
export function zoneAbbreviation(zone: string, instant: Date | string = new Date()): string {
  return inZone(instant, zone).toFormat("ZZZZ");
}

/** A calendar date ("2026-12-01") as a short weekday and date: { day: "Tue", date: "Dec 1" }. */
export function formatCalendarDate(isoDate: string): { day: string; date: string } {
  const date = DateTime.fromISO(isoDate, { zone: "UTC" }).setLocale(LOCALE);
  if (!date.isValid) throw new RangeError(`Not a calendar date: ${isoDate}`);
  return { day: date.toFormat("ccc"), date: date.toFormat("LLL d") };
}

/** "09:00" -> "9:00 AM", "17:30" -> "5:30 PM": a schedule's wall-clock time. */
export function formatTimeOfDay(timeOfDay: string): string {
  const time = DateTime.fromFormat(timeOfDay, "HH:mm", { locale: LOCALE });
  // Luxon reads "24:00" as the next midnight: a schedule's time is 00:00-23:59.
  if (!time.isValid || !/^([01]\d|2[0-3]):[0-5]\d$/.test(timeOfDay)) throw new RangeError(`Not a time of day (HH:mm): ${timeOfDay}`);
  return time.toFormat("h:mm a");
}

/** Days of the week, 0 = Sunday (as CallSettings stores them): "Mon, Wed, Fri". */
export function formatDaysOfWeek(days: readonly number[]): string {
  // Luxon lists weekdays Monday-first.
  const names = Info.weekdays("short", { locale: LOCALE });
  return days.map((day) => names[(day + 6) % 7]).join(", ");
}

/** Seconds as "45s" or "1m 5s"; "—" when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  return minutes > 0 ? `${minutes}m ${whole % 60}s` : `${whole}s`;
}
