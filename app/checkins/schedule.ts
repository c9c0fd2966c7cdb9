/**
 * Check-in call schedule rules: when does a rule ("09:00 on weekdays in America/New_York") call?
 *
 * Pure and deterministic: results depend only on the arguments and the tz database, never on the
 * process's current date or the machine's time zone. The rules (see scheduling.md):
 * - the cadence is decided by the weekday of the LOCAL date in the rule's zone;
 * - a wall time in a DST gap is shifted forward by the gap length (02:30 -> 03:30);
 * - a wall time that occurs twice resolves to the earlier instant;
 * - if the resolved instant falls on another local date (the date vanished), there is no call.
 * These match Temporal's `disambiguation: "compatible"`, plus the vanished-date rule.
 *
 * Luxon's `DateTime.fromObject` is deliberately not used: in an overlap it picks the instant using
 * the zone's offset at the current time (luxon #1665). Instead, wall times are resolved from
 * luxon's zone offsets, as Temporal does.
 *
 * Invalid input is a programmer error here (settings are validated first) and throws a RangeError.
 */
import { IANAZone } from "luxon";

export type Cadence = "daily" | "weekdays" | "weekends" | "custom";

export interface CallRule {
  /** IANA zone name, e.g. "America/New_York". */
  timezone: string;
  /** Local wall time "HH:MM", 24-hour clock (00:00-23:59). */
  timeOfDay: string;
  cadence: Cadence;
  /** custom cadence only (ignored otherwise): 0 = Sunday ... 6 = Saturday. */
  daysOfWeek?: number[];
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A validated rule in the form the computations use. */
interface CompiledRule {
  zone: IANAZone;
  minuteOfDay: number;
  /** Bit n set = the rule calls on weekday n (0 = Sunday). */
  dayMask: number;
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `zone` is a time zone name the runtime knows (e.g. "Europe/Berlin"; also links like "US/Eastern"). */
export function isValidTimeZone(zone: string): boolean {
  return typeof zone === "string" && IANAZone.isValidZone(zone);
}

/** Throws a RangeError describing the first problem with `rule`, if any. */
export function validateCallRule(rule: CallRule): void {
  compile(rule);
}

/** The local date ("YYYY-MM-DD") of `instant` in `timezone`. */
export function localDateOf(instant: Date, timezone: string): string {
  return formatDay(localDay(zoneOf(timezone), epochMs(instant, "instant")));
}

/** The instant of the call on local date `localDate` ("YYYY-MM-DD"), or null if the rule does not call that day. */
export function occurrenceOn(rule: CallRule, localDate: string): Date | null {
  const at = occurrenceMs(compile(rule), parseDay(localDate));
  return at === null ? null : new Date(at);
}

/**
 * The first `count` calls strictly after `after`, ascending, at most one per local date.
 * Walks local dates from the day before `after`'s local date (scheduling.md rule 5: a day early
 * costs little and covers a call of the previous date that falls after `after`).
 */
export function nextOccurrences(rule: CallRule, after: Date, count: number): Date[] {
  const compiled = compile(rule);
  const afterMs = epochMs(after, "after");
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  }
  const result: Date[] = [];
  let last = afterMs;
  // Terminates: every rule calls on at least one weekday, and only rare dates resolve to no call.
  for (let day = localDay(compiled.zone, afterMs) - 1; result.length < count; day++) {
    const at = occurrenceMs(compiled, day);
    // `> last` is both "strictly after `after`" and a guarantee of strictly ascending results.
    if (at !== null && at > last) {
      result.push(new Date(at));
      last = at;
    }
  }
  return result;
}

/**
 * All calls in the half-open interval [from, to), ascending, each with the local date it belongs
 * to (the unique key a planner stores with it). Empty if `to` <= `from`.
 */
export function occurrencesBetween(rule: CallRule, from: Date, to: Date): Array<{ localDate: string; at: Date }> {
  const compiled = compile(rule);
  const fromMs = epochMs(from, "from");
  const toMs = epochMs(to, "to");
  const result: Array<{ localDate: string; at: Date }> = [];
  if (toMs <= fromMs) return result;
  // A call's local date is its UTC date +-1 (UTC offsets are less than a day), so these bounds
  // need no offset lookup; calls outside [from, to) on the edge dates are filtered out below.
  const lastDay = Math.floor((toMs - 1) / DAY_MS) + 1;
  for (let day = Math.floor(fromMs / DAY_MS) - 1; day <= lastDay; day++) {
    const at = occurrenceMs(compiled, day);
    if (at !== null && at >= fromMs && at < toMs) {
      result.push({ localDate: formatDay(day), at: new Date(at) });
    }
  }
  return result;
}

function compile(rule: CallRule): CompiledRule {
  const time = TIME_OF_DAY.exec(rule.timeOfDay);
  if (time === null) {
    throw new RangeError(`timeOfDay must be "HH:MM" (00:00-23:59), got ${JSON.stringify(rule.timeOfDay)}`);
  }
  return {
    zone: zoneOf(rule.timezone),
    minuteOfDay: Number(time[1]) * 60 + Number(time[2]),
    dayMask: dayMaskOf(rule),
  };
}

function zoneOf(timezone: string): IANAZone {
  const zone = typeof timezone === "string" ? IANAZone.create(timezone) : undefined;
  if (!zone?.isValid) throw new RangeError(`Unknown IANA time zone ${JSON.stringify(timezone)}`);
  return zone;
}

function dayMaskOf(rule: CallRule): number {
  switch (rule.cadence) {
    case "daily":
      return 0b1111111;
    case "weekdays":
      return 0b0111110;
    case "weekends":
      return 0b1000001;
    case "custom": {
      const days = rule.daysOfWeek;
      if (!Array.isArray(days) || days.length === 0) {
        throw new RangeError("custom cadence needs at least one day in daysOfWeek");
      }
      let mask = 0;
      for (const d of days) {
        if (!Number.isInteger(d) || d < 0 || d > 6) {
          throw new RangeError(`daysOfWeek values must be integers 0 (Sunday) to 6 (Saturday), got ${JSON.stringify(d)}`);
        }
        mask |= 1 << d;
      }
      return mask;
    }
    default:
      throw new RangeError(`Unknown cadence ${JSON.stringify(rule.cadence)}`);
  }
}

function epochMs(instant: Date, name: string): number {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

// Local dates are handled as day numbers: days since 1970-01-01, which was a Thursday.

function parseDay(localDate: string): number {
  const parts = LOCAL_DATE.exec(localDate);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  const ms = parts ? new Date(0).setUTCFullYear(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3])) : NaN;
  // A date that rolled over (02-30 -> 03-02) does not format back to the input.
  if (Number.isNaN(ms) || formatDay(ms / DAY_MS) !== localDate) {
    throw new RangeError(`localDate must be a real date "YYYY-MM-DD", got ${JSON.stringify(localDate)}`);
  }
  return ms / DAY_MS;
}

function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function weekdayOf(day: number): number {
  return ((day % 7) + 11) % 7; // day 0 was a Thursday (4); `%` keeps the sign: + 7 + 4 fixes both
}

/** The zone's UTC offset at instant `ms`, in ms. Luxon reports minutes, fractional for old
 * local-mean-time offsets such as -4:56:02, hence the rounding. */
function offsetMs(zone: IANAZone, ms: number): number {
  return Math.round(zone.offset(ms) * MINUTE_MS);
}

function localDay(zone: IANAZone, ms: number): number {
  return Math.floor((ms + offsetMs(zone, ms)) / DAY_MS);
}

function occurrenceMs(rule: CompiledRule, day: number): number | null {
  return (rule.dayMask >> weekdayOf(day)) & 1 ? resolve(rule.zone, day, rule.minuteOfDay) : null;
}

/**
 * The instant (epoch ms) at which local date `day` shows wall time `minuteOfDay` in `zone`,
 * applying the gap/overlap rules; null if that wall time lands on another local date.
 */
function resolve(zone: IANAZone, day: number, minuteOfDay: number): number | null {
  const wall = day * DAY_MS + minuteOfDay * MINUTE_MS; // the wall time read as if it were UTC
  const steady = steadyOffset(zone, day);
  if (!Number.isNaN(steady)) return wall - steady;

  // An offset change is near. As Temporal does: take the offsets a day before and a day after,
  // and keep the candidate instants that really show this wall time.
  const before = offsetMs(zone, wall - DAY_MS);
  const after = offsetMs(zone, wall + DAY_MS);
  const withBefore = wall - before;
  const withAfter = wall - after;
  const beforeFits = offsetMs(zone, withBefore) === before;
  const afterFits = offsetMs(zone, withAfter) === after;
  if (beforeFits && afterFits) return Math.min(withBefore, withAfter); // overlap: the earlier
  if (beforeFits) return withBefore;
  if (afterFits) return withAfter;
  // Gap: read the wall time with the offset before the change, i.e. shift it forward by the gap
  // length. If that lands on another local date (Pacific/Apia 2011-12-30, or a gap that spans
  // midnight as in America/Nuuk), there is no call on `day`.
  return localDay(zone, withBefore) === day ? withBefore : null;
}

/**
 * Memo, per zone name and local day, of the zone's offset if it is the same a day before the
 * local day starts and a day after it ends, else NaN. A planner resolves the same few
 * (zone, day) pairs for many schedules; a luxon offset lookup costs ~5 µs.
 *
 * Equal offsets at both ends of this 72-hour window mean no change inside it, because the tz
 * database has no two offset changes closer than ~95 hours (closest: Africa/Freetown, 1939). Then
 * every wall time on the day exists exactly once, at `wall - offset`.
 */
const steadyOffsets = new Map<string, Map<number, number>>();
const MAX_MEMO_DAYS_PER_ZONE = 1024;

function steadyOffset(zone: IANAZone, day: number): number {
  let days = steadyOffsets.get(zone.name);
  if (days === undefined) steadyOffsets.set(zone.name, (days = new Map()));
  let offset = days.get(day);
  if (offset === undefined) {
    const windowStart = day * DAY_MS - DAY_MS;
    const first = offsetMs(zone, windowStart);
    offset = first === offsetMs(zone, windowStart + 3 * DAY_MS) ? first : NaN;
    if (days.size >= MAX_MEMO_DAYS_PER_ZONE) days.clear(); // bound memory in long-running processes
    days.set(day, offset);
  }
  return offset;
}
