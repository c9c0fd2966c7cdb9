import { Temporal } from "@js-temporal/polyfill";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type * as ScheduleModule from "./schedule";
import { isValidTimeZone, localDateOf, nextOccurrences, occurrenceOn, occurrencesBetween, validateCallRule, type Cadence, type CallRule } from "./schedule";

const rule = (timezone: string, timeOfDay: string, cadence: Cadence = "daily", daysOfWeek?: number[]): CallRule =>
  daysOfWeek ? { timezone, timeOfDay, cadence, daysOfWeek } : { timezone, timeOfDay, cadence };
const iso = (d: Date | null) => (d === null ? null : d.toISOString().replace(".000Z", "Z"));

// [zone, local date, time, cadence, days, expected UTC or null, note]
type Vector = [string, string, string, Cadence, number[] | undefined, string | null, string];

const PUBLIC_VECTORS: Vector[] = [
  ["America/New_York", "2026-03-08", "02:30", "daily", undefined, "2026-03-08T07:30:00Z", "gap"],
  ["America/New_York", "2026-03-08", "02:00", "daily", undefined, "2026-03-08T07:00:00Z", "gap"],
  ["America/New_York", "2026-11-01", "01:30", "daily", undefined, "2026-11-01T05:30:00Z", "overlap, first"],
  ["America/New_York", "2026-03-09", "09:00", "weekdays", undefined, "2026-03-09T13:00:00Z", "Monday"],
  ["America/New_York", "2026-03-07", "09:00", "weekdays", undefined, null, "Saturday"],
  ["America/New_York", "2026-03-07", "09:00", "weekends", undefined, "2026-03-07T14:00:00Z", "Saturday"],
  ["Europe/Berlin", "2026-03-29", "02:30", "daily", undefined, "2026-03-29T01:30:00Z", "gap"],
  ["Europe/Berlin", "2026-10-25", "02:30", "daily", undefined, "2026-10-25T00:30:00Z", "overlap"],
  ["Australia/Sydney", "2026-10-04", "02:30", "daily", undefined, "2026-10-03T16:30:00Z", "gap"],
  ["Australia/Sydney", "2026-04-05", "02:30", "daily", undefined, "2026-04-04T15:30:00Z", "overlap"],
  ["Asia/Kolkata", "2026-03-08", "08:00", "daily", undefined, "2026-03-08T02:30:00Z", "+05:30"],
  ["Asia/Tokyo", "2026-03-10", "08:00", "custom", [2, 4], "2026-03-09T23:00:00Z", "previous UTC date"],
];

// Transition times and offsets below are what the tz data says (asserted in "tz data facts").
const OWN_VECTORS: Vector[] = [
  ["Asia/Kolkata", "2026-07-01", "09:00", "daily", undefined, "2026-07-01T03:30:00Z", "+05:30, no DST"],
  ["Asia/Kathmandu", "2026-01-15", "09:00", "daily", undefined, "2026-01-15T03:15:00Z", "+05:45"],
  ["Asia/Kathmandu", "2026-01-15", "00:10", "daily", undefined, "2026-01-14T18:25:00Z", "+05:45, previous UTC date"],
  ["Australia/Adelaide", "2026-10-04", "02:30", "daily", undefined, "2026-10-03T17:00:00Z", "gap 02:00->03:00 at +09:30"],
  ["Australia/Adelaide", "2026-04-05", "02:30", "daily", undefined, "2026-04-04T16:00:00Z", "overlap: first, +10:30"],
  ["Australia/Adelaide", "2026-04-05", "03:00", "daily", undefined, "2026-04-04T17:30:00Z", "after the overlap"],
  ["Australia/Lord_Howe", "2026-10-04", "02:15", "daily", undefined, "2026-10-03T15:45:00Z", "30-min gap -> 02:45"],
  ["Australia/Lord_Howe", "2026-10-04", "02:30", "daily", undefined, "2026-10-03T15:30:00Z", "end of the 30-min gap"],
  ["Australia/Lord_Howe", "2026-04-05", "01:45", "daily", undefined, "2026-04-04T14:45:00Z", "30-min overlap: first, +11"],
  ["Australia/Lord_Howe", "2026-04-05", "01:29", "daily", undefined, "2026-04-04T14:29:00Z", "just before the overlap"],
  ["Australia/Lord_Howe", "2026-04-05", "02:00", "daily", undefined, "2026-04-04T15:30:00Z", "after the overlap, +10:30"],
  ["Pacific/Chatham", "2026-09-27", "03:00", "daily", undefined, "2026-09-26T14:15:00Z", "gap 02:45->03:45 at +12:45"],
  ["Pacific/Chatham", "2026-04-05", "03:00", "daily", undefined, "2026-04-04T13:15:00Z", "overlap: first, +13:45"],
  ["Pacific/Chatham", "2026-07-01", "09:00", "daily", undefined, "2026-06-30T20:15:00Z", "+12:45"],
  ["Pacific/Auckland", "2026-09-27", "02:30", "daily", undefined, "2026-09-26T14:30:00Z", "gap at +12"],
  ["Pacific/Auckland", "2026-04-05", "02:30", "daily", undefined, "2026-04-04T13:30:00Z", "overlap: first, +13"],
  ["America/Havana", "2026-03-08", "00:00", "daily", undefined, "2026-03-08T05:00:00Z", "midnight gap 00:00->01:00"],
  ["America/Havana", "2026-03-08", "00:30", "daily", undefined, "2026-03-08T05:30:00Z", "midnight gap"],
  ["America/Havana", "2026-11-01", "00:30", "daily", undefined, "2026-11-01T04:30:00Z", "overlap 01:00->00:00: first"],
  ["America/Santiago", "2026-09-06", "00:30", "daily", undefined, "2026-09-06T04:30:00Z", "midnight gap"],
  ["America/Santiago", "2026-04-04", "23:30", "daily", undefined, "2026-04-05T02:30:00Z", "Sat 24:00->23:00: first"],
  ["America/Santiago", "2026-04-05", "00:30", "daily", undefined, "2026-04-05T04:30:00Z", "after the overlap"],
  ["America/Asuncion", "2024-10-06", "00:30", "daily", undefined, "2024-10-06T04:30:00Z", "last gap, 2024"],
  ["America/Asuncion", "2024-03-23", "23:30", "daily", undefined, "2024-03-24T02:30:00Z", "last overlap, 2024"],
  ["America/Asuncion", "2026-01-15", "09:00", "daily", undefined, "2026-01-15T12:00:00Z", "-03 all year since 2024"],
  ["America/Asuncion", "2026-07-15", "09:00", "daily", undefined, "2026-07-15T12:00:00Z", "-03 all year since 2024"],
  ["Africa/Cairo", "2026-04-24", "00:30", "daily", undefined, "2026-04-23T22:30:00Z", "midnight gap"],
  ["Africa/Cairo", "2026-10-29", "23:30", "daily", undefined, "2026-10-29T20:30:00Z", "Thu 24:00->23:00: first"],
  ["America/Nuuk", "2026-03-28", "23:30", "daily", undefined, null, "gap 23:00->00:00 pushes 23:30 to 03-29"],
  ["America/Nuuk", "2026-03-28", "22:59", "daily", undefined, "2026-03-29T00:59:00Z", "before that gap"],
  ["America/Nuuk", "2026-03-29", "00:30", "daily", undefined, "2026-03-29T01:30:00Z", "after that gap"],
  ["America/Nuuk", "2026-10-24", "23:30", "daily", undefined, "2026-10-25T00:30:00Z", "overlap 00:00->23:00: first"],
  ["Antarctica/Troll", "2026-03-29", "02:00", "daily", undefined, "2026-03-29T02:00:00Z", "2-hour gap -> 04:00"],
  ["Europe/London", "2026-03-29", "01:30", "daily", undefined, "2026-03-29T01:30:00Z", "gap"],
  ["Europe/London", "2026-10-25", "01:30", "daily", undefined, "2026-10-25T00:30:00Z", "overlap: first, BST"],
  ["Europe/London", "2026-07-01", "09:00", "daily", undefined, "2026-07-01T08:00:00Z", "BST"],
  ["America/St_Johns", "2026-03-08", "02:30", "daily", undefined, "2026-03-08T06:00:00Z", "gap at -03:30"],
  ["America/St_Johns", "2026-11-01", "01:30", "daily", undefined, "2026-11-01T04:00:00Z", "overlap: first, -02:30"],
  ["Pacific/Apia", "2011-12-29", "23:59", "daily", undefined, "2011-12-30T09:59:00Z", "last minute before the jump"],
  ["Pacific/Apia", "2011-12-30", "00:00", "daily", undefined, null, "vanished date"],
  ["Pacific/Apia", "2011-12-30", "08:00", "daily", undefined, null, "vanished date"],
  ["Pacific/Apia", "2011-12-30", "23:59", "daily", undefined, null, "vanished date"],
  ["Pacific/Apia", "2011-12-31", "00:00", "daily", undefined, "2011-12-30T10:00:00Z", "first minute after the jump"],
  ["Asia/Tokyo", "2026-03-09", "08:00", "custom", [2, 4], null, "Monday locally, though Tuesday's call is on this UTC date"],
  ["Asia/Tokyo", "2026-03-12", "08:00", "custom", [2, 4], "2026-03-11T23:00:00Z", "Thursday"],
  ["America/Los_Angeles", "2026-03-07", "20:00", "weekends", undefined, "2026-03-08T04:00:00Z", "Saturday, Sunday in UTC"],
  ["America/Los_Angeles", "2026-03-06", "20:00", "weekends", undefined, null, "Friday, Saturday in UTC"],
  ["America/Los_Angeles", "2026-03-06", "20:00", "weekdays", undefined, "2026-03-07T04:00:00Z", "Friday"],
  ["America/Los_Angeles", "2026-03-08", "20:00", "custom", [0], "2026-03-09T03:00:00Z", "Sunday, first PDT evening"],
  ["America/Los_Angeles", "2026-03-08", "20:00", "custom", [1, 2, 3, 4, 5, 6], null, "not Sunday"],
  ["UTC", "2026-03-08", "00:00", "daily", undefined, "2026-03-08T00:00:00Z", "UTC"],
  ["America/New_York", "1850-06-01", "09:00", "daily", undefined, "1850-06-01T13:56:02Z", "local mean time -4:56:02"],
];

// [zone, time, cadence, days, after, count, expected]
type NextVector = [string, string, Cadence, number[] | undefined, string, number, string[]];

const PUBLIC_NEXT: NextVector[] = [
  ["Asia/Tokyo", "08:00", "daily", undefined, "2026-03-10T00:00:00Z", 1, ["2026-03-10T23:00:00Z"]],
  ["America/Los_Angeles", "20:00", "daily", undefined, "2026-03-10T00:00:00Z", 1, ["2026-03-10T03:00:00Z"]],
  ["America/New_York", "01:30", "daily", undefined, "2026-11-01T05:30:00Z", 1, ["2026-11-02T06:30:00Z"]],
];

const OWN_NEXT: NextVector[] = [
  // Strictly after: `after` equal to an occurrence excludes it; one ms earlier includes it.
  ["Asia/Tokyo", "08:00", "daily", undefined, "2026-03-09T23:00:00Z", 1, ["2026-03-10T23:00:00Z"]],
  ["Asia/Tokyo", "08:00", "daily", undefined, "2026-03-09T22:59:59.999Z", 1, ["2026-03-09T23:00:00Z"]],
  ["America/New_York", "01:30", "daily", undefined, "2026-10-31T12:00:00Z", 2, ["2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"]],
  ["Asia/Tokyo", "08:00", "daily", undefined, "2026-03-10T00:00:00Z", 0, []],
  // The vanished date: one call on 12-29 and one on 12-31, 24 h apart, never two on 12-31.
  [
    "Pacific/Apia",
    "08:00",
    "daily",
    undefined,
    "2011-12-28T12:00:00Z",
    4,
    ["2011-12-28T18:00:00Z", "2011-12-29T18:00:00Z", "2011-12-30T18:00:00Z", "2011-12-31T18:00:00Z"],
  ],
  // Santiago's Saturday 23:30 occurs twice on 2026-04-04: only the first is called.
  ["America/Santiago", "23:30", "daily", undefined, "2026-04-04T02:29:00Z", 3, ["2026-04-04T02:30:00Z", "2026-04-05T02:30:00Z", "2026-04-06T03:30:00Z"]],
  // Nuuk's 23:00->00:00 gap: 23:30 on 03-28 would land on 03-29, so 03-28 has no call.
  ["America/Nuuk", "23:30", "daily", undefined, "2026-03-26T02:00:00Z", 3, ["2026-03-27T01:30:00Z", "2026-03-28T01:30:00Z", "2026-03-30T00:30:00Z"]],
  // Tuesdays and Thursdays in Tokyo fall on Mondays and Wednesdays in UTC.
  [
    "Asia/Tokyo",
    "08:00",
    "custom",
    [2, 4],
    "2026-03-08T00:00:00Z",
    4,
    ["2026-03-09T23:00:00Z", "2026-03-11T23:00:00Z", "2026-03-16T23:00:00Z", "2026-03-18T23:00:00Z"],
  ],
  // Weekdays across the New York spring-forward weekend.
  ["America/New_York", "09:00", "weekdays", undefined, "2026-03-06T12:00:00Z", 3, ["2026-03-06T14:00:00Z", "2026-03-09T13:00:00Z", "2026-03-10T13:00:00Z"]],
  ["Pacific/Chatham", "03:00", "weekends", undefined, "2026-09-24T00:00:00Z", 3, ["2026-09-25T14:15:00Z", "2026-09-26T14:15:00Z", "2026-10-02T13:15:00Z"]],
];

/** The vector tables, run in each environment below against a freshly imported module. */
function vectorTables(mod: () => typeof ScheduleModule) {
  it.each([...PUBLIC_VECTORS, ...OWN_VECTORS])("%s %s %s %s %j -> %s (%s)", (zone, date, time, cadence, days, expected) => {
    expect(iso(mod().occurrenceOn(rule(zone, time, cadence, days), date))).toBe(expected);
  });

  it.each([...PUBLIC_NEXT, ...OWN_NEXT])("next: %s %s %s %j after %s x%i", (zone, time, cadence, days, after, count, expected) => {
    const next = mod().nextOccurrences(rule(zone, time, cadence, days), new Date(after), count);
    expect(next.map(iso)).toEqual(expected.map((e) => iso(new Date(e))));
  });

  it("occurrencesBetween carries local dates and skips the vanished date", () => {
    const between = mod().occurrencesBetween(rule("Pacific/Apia", "08:00"), new Date("2011-12-28T00:00:00Z"), new Date("2012-01-01T00:00:00Z"));
    expect(between.map(({ localDate, at }) => [localDate, iso(at)])).toEqual([
      ["2011-12-28", "2011-12-28T18:00:00Z"],
      ["2011-12-29", "2011-12-29T18:00:00Z"],
      ["2011-12-31", "2011-12-30T18:00:00Z"],
      ["2012-01-01", "2011-12-31T18:00:00Z"],
    ]);
  });

  it("localDateOf uses the zone's date, not the UTC date", () => {
    const m = mod();
    expect(m.localDateOf(new Date("2026-03-10T00:00:00Z"), "America/Los_Angeles")).toBe("2026-03-09");
    expect(m.localDateOf(new Date("2026-03-09T23:00:00Z"), "Asia/Tokyo")).toBe("2026-03-10");
    expect(m.localDateOf(new Date("2026-04-04T14:44:00Z"), "Pacific/Chatham")).toBe("2026-04-05");
    expect(m.localDateOf(new Date("2011-12-30T10:00:00Z"), "Pacific/Apia")).toBe("2011-12-31");
  });
}

const ENVIRONMENTS: Array<{ name: string; now: string; tz?: string }> = [
  { name: "clock in January", now: "2026-01-15T12:00:00Z" },
  { name: "clock in July", now: "2026-07-15T12:00:00Z" },
  { name: "clock in January, TZ=Pacific/Chatham", now: "2026-01-15T12:00:00Z", tz: "Pacific/Chatham" },
  { name: "clock in July, TZ=America/St_Johns", now: "2026-07-15T12:00:00Z", tz: "America/St_Johns" },
];

describe.each(ENVIRONMENTS)("vectors with $name", ({ now, tz }) => {
  let mod: typeof ScheduleModule;
  const savedTz = process.env.TZ;
  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(now));
    if (tz) process.env.TZ = tz;
    vi.resetModules(); // fresh module and luxon: no memo filled in another environment
    mod = await import("./schedule");
  });
  afterAll(() => {
    vi.useRealTimers();
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it("the environment is really in effect", () => {
    expect(Date.now()).toBe(Date.parse(now));
    const systemOffset = -new Date(now).getTimezoneOffset();
    const offsets: Record<string, number> = { "Pacific/Chatham": 13 * 60 + 45, "America/St_Johns": -150 };
    const expected = offsets[tz ?? ""];
    if (expected !== undefined) expect(systemOffset).toBe(expected);
  });

  vectorTables(() => mod);
});

describe("control: the faked clock reaches luxon", () => {
  afterAll(() => vi.useRealTimers());
  // luxon#1665: fromObject resolves an overlap with the offset in force NOW. The environments above
  // only prove clock independence because this trap really fires under the faked clock.
  it.each([
    ["2026-01-15T12:00:00Z", "2026-11-01T06:30:00.000Z"],
    ["2026-07-15T12:00:00Z", "2026-11-01T05:30:00.000Z"],
  ])("clock %s: DateTime.fromObject gives %s, occurrenceOn the earlier instant", (now, luxonResult) => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(now));
    const naive = DateTime.fromObject({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, { zone: "America/New_York" });
    expect(naive.toUTC().toISO()).toBe(luxonResult);
    expect(iso(occurrenceOn(rule("America/New_York", "01:30"), "2026-11-01"))).toBe("2026-11-01T05:30:00Z");
  });
});

/** Offset changes in `year`, as "local before (offset) -> local after (offset)", from Temporal. */
function transitionsIn(zone: string, year: number): string[] {
  const result: string[] = [];
  const end = Temporal.Instant.from(`${year + 1}-01-01T00:00:00Z`);
  let at = Temporal.Instant.from(`${year}-01-01T00:00:00Z`).toZonedDateTimeISO(zone);
  for (;;) {
    const next = at.getTimeZoneTransition("next");
    if (next === null || Temporal.Instant.compare(next.toInstant(), end) >= 0) return result;
    const justBefore = next.subtract({ nanoseconds: 1 });
    const wallBefore = next.withTimeZone(justBefore.offset); // the change instant on the old clock
    result.push(
      `${wallBefore.toPlainDateTime().toString().slice(0, 16)}(${justBefore.offset}) -> ${next.toPlainDateTime().toString().slice(0, 16)}(${next.offset})`,
    );
    at = next;
  }
}

describe("tz data facts the vectors rely on", () => {
  it.each([
    ["America/Havana", 2026, ["2026-03-08T00:00(-05:00) -> 2026-03-08T01:00(-04:00)", "2026-11-01T01:00(-04:00) -> 2026-11-01T00:00(-05:00)"]],
    ["America/Santiago", 2026, ["2026-04-05T00:00(-03:00) -> 2026-04-04T23:00(-04:00)", "2026-09-06T00:00(-04:00) -> 2026-09-06T01:00(-03:00)"]],
    // Paraguay kept -03 all year from October 2024 (tzdata 2024b): no transitions in 2026.
    ["America/Asuncion", 2026, []],
    ["America/Asuncion", 2024, ["2024-03-24T00:00(-03:00) -> 2024-03-23T23:00(-04:00)", "2024-10-06T00:00(-04:00) -> 2024-10-06T01:00(-03:00)"]],
    ["Africa/Cairo", 2026, ["2026-04-24T00:00(+02:00) -> 2026-04-24T01:00(+03:00)", "2026-10-30T00:00(+03:00) -> 2026-10-29T23:00(+02:00)"]],
    ["America/Nuuk", 2026, ["2026-03-28T23:00(-02:00) -> 2026-03-29T00:00(-01:00)", "2026-10-25T00:00(-01:00) -> 2026-10-24T23:00(-02:00)"]],
    ["Australia/Lord_Howe", 2026, ["2026-04-05T02:00(+11:00) -> 2026-04-05T01:30(+10:30)", "2026-10-04T02:00(+10:30) -> 2026-10-04T02:30(+11:00)"]],
    ["Pacific/Chatham", 2026, ["2026-04-05T03:45(+13:45) -> 2026-04-05T02:45(+12:45)", "2026-09-27T02:45(+12:45) -> 2026-09-27T03:45(+13:45)"]],
    ["Australia/Adelaide", 2026, ["2026-04-05T03:00(+10:30) -> 2026-04-05T02:00(+09:30)", "2026-10-04T02:00(+09:30) -> 2026-10-04T03:00(+10:30)"]],
    ["Antarctica/Troll", 2026, ["2026-03-29T01:00(+00:00) -> 2026-03-29T03:00(+02:00)", "2026-10-25T03:00(+02:00) -> 2026-10-25T01:00(+00:00)"]],
    ["Europe/London", 2026, ["2026-03-29T01:00(+00:00) -> 2026-03-29T02:00(+01:00)", "2026-10-25T02:00(+01:00) -> 2026-10-25T01:00(+00:00)"]],
    [
      "Pacific/Apia",
      2011,
      [
        "2011-04-02T04:00(-10:00) -> 2011-04-02T03:00(-11:00)",
        "2011-09-24T03:00(-11:00) -> 2011-09-24T04:00(-10:00)",
        "2011-12-30T00:00(-10:00) -> 2011-12-31T00:00(+14:00)",
      ],
    ],
  ])("%s %i", (zone, year, expected) => {
    expect(transitionsIn(zone as string, year as number)).toEqual(expected);
  });
});

/** Wall clock of `at` in `zone`, from Temporal. */
function wallOf(at: Date, zone: string) {
  const zdt = Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(zone);
  return { date: zdt.toPlainDate(), minutes: zdt.hour * 60 + zdt.minute, offsetMs: zdt.offsetNanoseconds / 1e6 };
}

describe("long runs: 800 consecutive occurrences", () => {
  const MASKS: Record<Cadence, number[]> = { daily: [0, 1, 2, 3, 4, 5, 6], weekdays: [1, 2, 3, 4, 5], weekends: [0, 6], custom: [] };
  it.each([
    ["America/New_York", "02:30", "daily", undefined, "2025-01-01T00:00:00Z", 0],
    ["Australia/Lord_Howe", "02:15", "daily", undefined, "2025-01-01T00:00:00Z", 0],
    ["Pacific/Chatham", "03:00", "daily", undefined, "2025-01-01T00:00:00Z", 0],
    ["America/Santiago", "23:30", "daily", undefined, "2025-01-01T00:00:00Z", 0],
    ["America/Havana", "00:00", "daily", undefined, "2025-01-01T00:00:00Z", 0],
    ["Antarctica/Troll", "02:00", "daily", undefined, "2025-01-01T00:00:00Z", 0],
    ["Africa/Cairo", "00:30", "daily", undefined, "2025-01-01T00:00:00Z", 0],
    ["Asia/Kathmandu", "00:10", "daily", undefined, "2025-01-01T00:00:00Z", 0],
    ["America/Nuuk", "23:30", "daily", undefined, "2025-01-01T00:00:00Z", 2], // 2025-03-29, 2026-03-28
    ["Pacific/Apia", "08:00", "daily", undefined, "2011-01-01T00:00:00Z", 1], // 2011-12-30
    ["America/New_York", "09:00", "weekdays", undefined, "2025-01-01T00:00:00Z", 0],
    ["Europe/London", "01:30", "weekends", undefined, "2025-01-01T00:00:00Z", 0],
    ["Pacific/Chatham", "02:50", "custom", [0, 3], "2025-01-01T00:00:00Z", 0],
    ["Asia/Tokyo", "08:00", "custom", [2, 4], "2025-01-01T00:00:00Z", 0],
  ] as Array<[string, string, Cadence, number[] | undefined, string, number]>)(
    "%s %s %s %j from %s (%i dates skipped)",
    (zone, time, cadence, days, start, expectedSkips) => {
      const r = rule(zone, time, cadence, days);
      const after = new Date(start);
      const runs = nextOccurrences(r, after, 800);
      expect(runs).toHaveLength(800);
      const wanted = cadence === "custom" ? days! : MASKS[cadence];
      const wallMinutes = Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
      let skips = 0;
      let previous: ReturnType<typeof wallOf> | undefined;
      runs.forEach((at, i) => {
        if (i > 0) expect(at.getTime()).toBeGreaterThan(runs[i - 1].getTime());
        const wall = wallOf(at, zone);
        expect(wanted).toContain(wall.date.dayOfWeek % 7);
        if (wall.minutes !== wallMinutes) {
          // Only allowed on a gap day: shifted forward by exactly the gap length.
          const gap = wall.offsetMs - wallOf(new Date(at.getTime() - 86_400_000), zone).offsetMs;
          expect(gap).toBeGreaterThan(0);
          expect(wall.minutes).toBe(wallMinutes + gap / 60_000);
        }
        // The local date of every call is the next matching date after the previous call's,
        // unless the dates in between vanished (then occurrenceOn says so).
        if (previous) {
          let d = previous.date.add({ days: 1 });
          for (; Temporal.PlainDate.compare(d, wall.date) < 0; d = d.add({ days: 1 })) {
            if (wanted.includes(d.dayOfWeek % 7)) {
              expect(occurrenceOn(r, d.toString())).toBeNull();
              skips++;
            }
          }
          expect(Temporal.PlainDate.compare(d, wall.date)).toBe(0);
        }
        expect(occurrenceOn(r, wall.date.toString())?.getTime()).toBe(at.getTime());
        previous = wall;
      });
      expect(skips).toBe(expectedSkips);
      // The planner's walker agrees with nextOccurrences.
      const between = occurrencesBetween(r, new Date(after.getTime() + 1), new Date(runs[799].getTime() + 1));
      expect(between.map((o) => o.at.getTime())).toEqual(runs.map((d) => d.getTime()));
    },
  );
});

describe("occurrencesBetween", () => {
  const tokyo = rule("Asia/Tokyo", "08:00", "custom", [2, 4]);
  it("is half-open: includes `from`, excludes `to`", () => {
    const at = new Date("2026-03-09T23:00:00Z");
    expect(occurrencesBetween(tokyo, at, new Date(at.getTime() + 1))).toEqual([{ localDate: "2026-03-10", at }]);
    expect(occurrencesBetween(tokyo, new Date(at.getTime() - 1), at)).toEqual([]);
  });
  it("is empty when to <= from", () => {
    const t = new Date("2026-03-09T00:00:00Z");
    expect(occurrencesBetween(tokyo, t, t)).toEqual([]);
    expect(occurrencesBetween(tokyo, t, new Date(t.getTime() - 86_400_000))).toEqual([]);
  });
  it("plans a 36-hour horizon by local date", () => {
    const plan = occurrencesBetween(rule("America/Los_Angeles", "20:00", "weekdays"), new Date("2026-03-06T12:00:00Z"), new Date("2026-03-08T00:00:00Z"));
    expect(plan).toEqual([{ localDate: "2026-03-06", at: new Date("2026-03-07T04:00:00Z") }]);
  });
  it("lists both calls around the Santiago overlap once each", () => {
    const plan = occurrencesBetween(rule("America/Santiago", "23:30"), new Date("2026-04-04T00:00:00Z"), new Date("2026-04-06T12:00:00Z"));
    expect(plan.map(({ localDate, at }) => [localDate, iso(at)])).toEqual([
      ["2026-04-03", "2026-04-04T02:30:00Z"],
      ["2026-04-04", "2026-04-05T02:30:00Z"],
      ["2026-04-05", "2026-04-06T03:30:00Z"],
    ]);
  });
});

describe("validation", () => {
  const ok = rule("America/New_York", "09:00");
  it.each([
    ["unknown zone", { ...ok, timezone: "Mars/Olympus" }],
    ["empty zone", { ...ok, timezone: "" }],
    ["zone with a space", { ...ok, timezone: "America/New York" }],
    ["24:00", { ...ok, timeOfDay: "24:00" }],
    ["one-digit hour", { ...ok, timeOfDay: "9:00" }],
    ["minute 60", { ...ok, timeOfDay: "09:60" }],
    ["seconds", { ...ok, timeOfDay: "09:00:00" }],
    ["no colon", { ...ok, timeOfDay: "0900" }],
    ["padded", { ...ok, timeOfDay: " 09:00" }],
    ["empty time", { ...ok, timeOfDay: "" }],
    ["custom without days", { ...ok, cadence: "custom" }],
    ["custom with no days", { ...ok, cadence: "custom", daysOfWeek: [] }],
    ["day 7", { ...ok, cadence: "custom", daysOfWeek: [1, 7] }],
    ["day -1", { ...ok, cadence: "custom", daysOfWeek: [-1] }],
    ["day 1.5", { ...ok, cadence: "custom", daysOfWeek: [1.5] }],
    ["day NaN", { ...ok, cadence: "custom", daysOfWeek: [Number.NaN] }],
    ["unknown cadence", { ...ok, cadence: "monthly" as Cadence }],
  ] as Array<[string, CallRule]>)("rejects %s", (_name, bad) => {
    expect(() => validateCallRule(bad)).toThrow(RangeError);
    expect(() => occurrenceOn(bad, "2026-03-09")).toThrow(RangeError);
    expect(() => nextOccurrences(bad, new Date(), 1)).toThrow(RangeError);
    expect(() => occurrencesBetween(bad, new Date(0), new Date())).toThrow(RangeError);
  });

  it("accepts valid rules, ignoring daysOfWeek unless custom", () => {
    expect(() => validateCallRule(ok)).not.toThrow();
    expect(() => validateCallRule(rule("Asia/Tokyo", "00:00", "custom", [0, 6]))).not.toThrow();
    expect(() => validateCallRule(rule("Asia/Tokyo", "23:59", "weekdays", [9]))).not.toThrow();
  });

  it.each(["2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-3-8", "20260308", "2026-03-08T00:00", "", "+02026-03-08", "1900-02-29"])(
    "rejects local date %j",
    (date) => {
      expect(() => occurrenceOn(ok, date)).toThrow(RangeError);
    },
  );

  it("accepts leap days and early years", () => {
    expect(iso(occurrenceOn(rule("UTC", "09:00"), "2024-02-29"))).toBe("2024-02-29T09:00:00Z");
    expect(iso(occurrenceOn(rule("UTC", "09:00"), "2000-02-29"))).toBe("2000-02-29T09:00:00Z");
    expect(occurrenceOn(rule("UTC", "09:00"), "0050-03-01")?.getUTCFullYear()).toBe(50);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("rejects count %s", (count) => {
    expect(() => nextOccurrences(ok, new Date(), count)).toThrow(RangeError);
  });

  it("rejects invalid dates and zones in the helpers", () => {
    expect(() => nextOccurrences(ok, new Date("nope"), 1)).toThrow(RangeError);
    expect(() => occurrencesBetween(ok, new Date(0), new Date("nope"))).toThrow(RangeError);
    expect(() => localDateOf(new Date("nope"), "UTC")).toThrow(RangeError);
    expect(() => localDateOf(new Date(), "Mars/Olympus")).toThrow(RangeError);
  });

  it("isValidTimeZone", () => {
    for (const zone of ["America/New_York", "UTC", "Asia/Kolkata", "Asia/Calcutta", "US/Eastern", "Australia/Lord_Howe"]) {
      expect(isValidTimeZone(zone)).toBe(true);
    }
    for (const zone of ["Mars/Olympus", "", "America/New York", "Europe"]) expect(isValidTimeZone(zone)).toBe(false);
  });
});
