// A store's opening hours as data, and whether it is open at an instant.
// Pure (no I/O, no clock): the caller passes the instant.
//
// Weekly ranges are local wall-clock times in the shop's zone. A range whose
// close is not after its open runs overnight into the next day
// ("22:00"-"02:00"); "24:00" closes at midnight. A dated exception replaces
// the weekly ranges that START on that local date (a holiday's eve overnight
// range still runs into the holiday). Local times are turned into instants
// with luxon: a time skipped by a spring-forward change moves forward by the
// gap (02:30 becomes 03:30), a time repeated by a fall-back change means its
// first occurrence.
import { DateTime } from "luxon";
import { z } from "zod";

/** ISO weekdays as luxon numbers them: 1 = Monday ... 7 = Sunday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_NAMES: Record<Weekday, string> = {
  1: "Monday",
  2: "Tuesday",
  3: "Wednesday",
  4: "Thursday",
  5: "Friday",
  6: "Saturday",
  7: "Sunday",
};

export const MAX_RANGES_PER_DAY = 4;
export const MAX_EXCEPTIONS = 60;
const MAX_EXCEPTION_NOTE = 80;

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const time = z.string().regex(TIME, { message: "a time like 09:00 (24-hour clock)" });

export const TimeRangeSchema = z
  .object({ open: time, close: time })
  .refine((range) => range.open !== "24:00", { message: "a range cannot open at 24:00" })
  .refine((range) => range.open !== range.close, { message: "opening and closing times are the same" });
export type TimeRange = z.infer<typeof TimeRangeSchema>;

const ranges = z.array(TimeRangeSchema).max(MAX_RANGES_PER_DAY, { message: `at most ${MAX_RANGES_PER_DAY} ranges a day` });

const isoDate = z.string().refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid, { message: "a date like 2026-12-25" });

export const ExceptionSchema = z.object({
  date: isoDate,
  /** Empty: closed all day. */
  ranges,
  note: z
    .string()
    .max(MAX_EXCEPTION_NOTE)
    .transform((note) => note.trim() || undefined)
    .optional(),
});
export type HoursException = z.infer<typeof ExceptionSchema>;

export const OpeningHoursSchema = z
  .object({
    timezone: z.string().refine((zone) => DateTime.local().setZone(zone).isValid, { message: "an IANA time zone like America/New_York" }),
    /** Keys "1".."7" (Monday..Sunday); a missing or empty day is closed. */
    weekly: z.partialRecord(z.enum(["1", "2", "3", "4", "5", "6", "7"]), ranges),
    exceptions: z.array(ExceptionSchema).max(MAX_EXCEPTIONS, { message: `at most ${MAX_EXCEPTIONS} dated exceptions` }),
  })
  .refine((hours) => new Set(hours.exceptions.map((exception) => exception.date)).size === hours.exceptions.length, {
    message: "each date can have one exception only",
    path: ["exceptions"],
  });
export type OpeningHours = z.infer<typeof OpeningHoursSchema>;
export type OpeningHoursInput = z.input<typeof OpeningHoursSchema>;

/** A shop that has not entered its hours yet: never open. */
export function emptyOpeningHours(timezone: string): OpeningHours {
  return { timezone, weekly: {}, exceptions: [] };
}

interface Interval {
  start: DateTime;
  end: DateTime;
}

function minutesOf(value: string): number {
  const [hours, minutes] = value.split(":").map(Number);
  return hours * 60 + minutes;
}

/** The ranges that start on a local date: its exception's if it has one, else its weekday's. */
export function rangesOn(hours: OpeningHours, date: DateTime): TimeRange[] {
  const iso = date.toISODate();
  const exception = hours.exceptions.find((candidate) => candidate.date === iso);
  if (exception) return exception.ranges;
  return hours.weekly[String(date.weekday) as keyof OpeningHours["weekly"]] ?? [];
}

function intervalsStartingOn(hours: OpeningHours, day: DateTime): Interval[] {
  return rangesOn(hours, day).map((range) => {
    const open = minutesOf(range.open);
    const close = minutesOf(range.close);
    const start = day.set({ hour: Math.floor(open / 60), minute: open % 60 });
    const closeDay = close > open ? day : day.plus({ days: 1 });
    const end = close === 1440 ? closeDay.plus({ days: 1 }).startOf("day") : closeDay.set({ hour: Math.floor(close / 60), minute: close % 60 });
    return { start, end };
  });
}

/**
 * The open intervals that start between `from`'s local date minus one day
 * and `days` days later, sorted, with touching or overlapping ones merged
 * (Monday 22:00-24:00 and Tuesday 00:00-02:00 are one stretch).
 */
export function openIntervals(hours: OpeningHours, from: Date, days: number): Interval[] {
  const today = DateTime.fromJSDate(from, { zone: hours.timezone }).startOf("day");
  const all: Interval[] = [];
  for (let offset = -1; offset <= days; offset++) all.push(...intervalsStartingOn(hours, today.plus({ days: offset })));
  all.sort((a, b) => a.start.toMillis() - b.start.toMillis());
  const merged: Interval[] = [];
  for (const interval of all) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) {
      if (interval.end > last.end) last.end = interval.end;
    } else {
      merged.push({ ...interval });
    }
  }
  return merged;
}

export type OpeningStatus =
  | { open: true; /** When this stretch of opening ends. */ closesAt: Date }
  | { open: false; /** The next opening within a week, or null (never, or not within a week). */ opensAt: Date | null };

/** Horizon for "opens next": a week and a day covers every weekly schedule. */
const LOOKAHEAD_DAYS = 8;

export function openingStatus(hours: OpeningHours, at: Date): OpeningStatus {
  const now = at.getTime();
  for (const interval of openIntervals(hours, at, LOOKAHEAD_DAYS)) {
    if (interval.start.toMillis() <= now && now < interval.end.toMillis()) return { open: true, closesAt: interval.end.toJSDate() };
    if (interval.start.toMillis() > now) return { open: false, opensAt: interval.start.toJSDate() };
  }
  return { open: false, opensAt: null };
}

export function isOpen(hours: OpeningHours, at: Date): boolean {
  return openingStatus(hours, at).open;
}

/** Whether any weekday or exception has a range (an empty schedule is "hours not set"). */
export function hasAnyHours(hours: OpeningHours | null): hours is OpeningHours {
  return hours !== null && (Object.values(hours.weekly).some((day) => day.length > 0) || hours.exceptions.some((exception) => exception.ranges.length > 0));
}
