// Opening hours in words, for the receptionist (prompt, store_info) and the
// Store info page. Pure: the instant is passed in.
import { DateTime } from "luxon";
import { openIntervals, openingStatus, WEEKDAY_NAMES, WEEKDAYS, type OpeningHours, type TimeRange } from "./opening-hours";

function clock(value: string): string {
  if (value === "24:00") return "midnight";
  return DateTime.fromFormat(value, "HH:mm").toFormat("h:mm a");
}

function rangeText(range: TimeRange): string {
  return `${clock(range.open)} to ${clock(range.close)}`;
}

function dayText(ranges: readonly TimeRange[]): string {
  return ranges.length === 0 ? "closed" : ranges.map(rangeText).join(" and ");
}

/** "Monday: 9:00 AM to 5:00 PM. ... Sunday: closed." plus the coming exceptions. */
export function describeWeek(hours: OpeningHours, at: Date, upcomingDays = 30): string {
  const week = WEEKDAYS.map((day) => `${WEEKDAY_NAMES[day]}: ${dayText(hours.weekly[String(day) as keyof OpeningHours["weekly"]] ?? [])}`).join(". ");
  const today = DateTime.fromJSDate(at, { zone: hours.timezone }).toISODate()!;
  const until = DateTime.fromJSDate(at, { zone: hours.timezone }).plus({ days: upcomingDays }).toISODate()!;
  const exceptions = hours.exceptions
    .filter((exception) => exception.date >= today && exception.date <= until)
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((exception) => {
      const date = DateTime.fromISO(exception.date).toFormat("cccc, LLLL d");
      return `${date}${exception.note ? ` (${exception.note})` : ""}: ${dayText(exception.ranges)}`;
    });
  return `${week}.${exceptions.length ? ` Special hours: ${exceptions.join(". ")}.` : ""}`;
}

/** "today at 5:00 PM", "tomorrow at 9:00 AM", "Monday, December 7 at 9:00 AM". */
export function spokenWhen(instant: Date, at: Date, timezone: string): string {
  const when = DateTime.fromJSDate(instant, { zone: timezone });
  const today = DateTime.fromJSDate(at, { zone: timezone }).startOf("day");
  const days = Math.round(when.startOf("day").diff(today, "days").days);
  const day = days === 0 ? "today" : days === 1 ? "tomorrow" : days < 7 ? when.toFormat("cccc") : when.toFormat("cccc, LLLL d");
  return `${day} at ${when.toFormat("h:mm a")}`;
}

/** One sentence: open until when, or closed and when it opens next. */
export function describeStatus(hours: OpeningHours, at: Date): string {
  const status = openingStatus(hours, at);
  if (status.open) return `The store is open right now, until ${spokenWhen(status.closesAt, at, hours.timezone)}.`;
  if (status.opensAt) return `The store is closed right now. It opens ${spokenWhen(status.opensAt, at, hours.timezone)}.`;
  return "The store is closed right now, and no opening hours are set for the coming week.";
}

export interface StatusSegment {
  /** Epoch seconds: the segment holds from here until the next segment's start. */
  fromSeconds: number;
  sentence: string;
}

/**
 * What describeStatus says, as a timeline from `at` over `days` days: one
 * segment per change (opening, closing). The prompt carries it so that
 * whoever renders it at call time picks the sentence for that instant
 * without computing anything about hours (see system-prompt.ts).
 */
export function statusTimeline(hours: OpeningHours, at: Date, days: number): StatusSegment[] {
  const changes = new Set<number>([Math.floor(at.getTime() / 1000)]);
  const horizon = at.getTime() + days * 86_400_000;
  for (const interval of openIntervals(hours, at, days)) {
    for (const edge of [interval.start.toMillis(), interval.end.toMillis()]) {
      if (edge > at.getTime() && edge < horizon) changes.add(Math.floor(edge / 1000));
    }
  }
  return [...changes]
    .sort((a, b) => a - b)
    .map((fromSeconds) => {
      const instant = new Date(fromSeconds * 1000);
      // "until today at 5:00 PM" depends on which day it is, so the sentence is
      // the one for the segment's start; the day words are relative to it.
      return { fromSeconds, sentence: describeStatusAbsolute(hours, instant) };
    });
}

/** Like describeStatus, with dates instead of "today"/"tomorrow" (a timeline segment spans days). */
function describeStatusAbsolute(hours: OpeningHours, at: Date): string {
  const status = openingStatus(hours, at);
  const absolute = (instant: Date) => DateTime.fromJSDate(instant, { zone: hours.timezone }).toFormat("cccc, LLLL d 'at' h:mm a");
  if (status.open) return `The store is open right now, until ${absolute(status.closesAt)}.`;
  if (status.opensAt) return `The store is closed right now. It opens ${absolute(status.opensAt)}.`;
  return "The store is closed right now, and no opening hours are set for the coming week.";
}
