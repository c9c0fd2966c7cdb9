// Table tests of open/closed: boundary minutes, overnight ranges, several
// ranges a day, DST changes both ways (New York and London), holidays and
// special hours, and an empty schedule (never open).
import { describe, expect, it } from "vitest";
import { describeStatus, describeWeek, statusTimeline } from "./describe";
import { emptyOpeningHours, isOpen, openingStatus, OpeningHoursSchema, type OpeningHours, type OpeningHoursInput } from "./opening-hours";

const NY = "America/New_York";
const weekdays9to5 = {
  "1": [{ open: "09:00", close: "17:00" }],
  "2": [{ open: "09:00", close: "17:00" }],
  "3": [{ open: "09:00", close: "17:00" }],
  "4": [{ open: "09:00", close: "17:00" }],
  "5": [{ open: "09:00", close: "17:00" }],
};

const hours = (weekly: OpeningHoursInput["weekly"], exceptions: OpeningHoursInput["exceptions"] = [], timezone = NY): OpeningHours =>
  OpeningHoursSchema.parse({ timezone, weekly, exceptions });

type Row = [label: string, schedule: OpeningHours, at: string, open: boolean, change: string | null];

const office = hours(weekdays9to5);
// Friday night bar hours running past midnight.
const bar = hours({ "5": [{ open: "22:00", close: "02:00" }] });
const split = hours({
  "6": [
    { open: "10:00", close: "12:00" },
    { open: "13:00", close: "15:00" },
  ],
});
const lateMonday = hours({ "1": [{ open: "22:00", close: "24:00" }], "2": [{ open: "00:00", close: "02:00" }] });
// Sunday 2026-03-08: New York springs forward at 02:00 EST to 03:00 EDT.
const springSunday = hours({ "7": [{ open: "01:00", close: "04:00" }] });
const springSkipped = hours({ "7": [{ open: "02:30", close: "05:00" }] });
// Sunday 2026-11-01: New York falls back at 02:00 EDT to 01:00 EST.
const fallSunday = hours({ "7": [{ open: "00:00", close: "03:00" }] });
const fallSaturdayNight = hours({ "6": [{ open: "22:00", close: "02:00" }] });
const holidays = hours(
  {
    ...weekdays9to5,
    "4": [
      { open: "09:00", close: "17:00" },
      { open: "22:00", close: "02:00" },
    ],
  },
  [
    { date: "2026-12-25", ranges: [], note: "Christmas" },
    { date: "2026-12-31", ranges: [{ open: "10:00", close: "14:00" }] },
  ],
);
// London springs forward 2026-03-29 at 01:00 GMT to 02:00 BST.
const london = hours({ "7": [{ open: "00:30", close: "03:00" }] }, [], "Europe/London");

const rows: Row[] = [
  // Boundary minutes (Tuesday 2026-12-01, EST = UTC-5).
  ["one minute before opening", office, "2026-12-01T13:59:00Z", false, "2026-12-01T14:00:00.000Z"],
  ["the opening minute", office, "2026-12-01T14:00:00Z", true, "2026-12-01T22:00:00.000Z"],
  ["the last open minute", office, "2026-12-01T21:59:00Z", true, "2026-12-01T22:00:00.000Z"],
  ["the closing minute", office, "2026-12-01T22:00:00Z", false, "2026-12-02T14:00:00.000Z"],
  ["Friday closing opens Monday", office, "2026-12-04T22:00:00Z", false, "2026-12-07T14:00:00.000Z"],
  ["Sunday is closed", office, "2026-12-06T17:00:00Z", false, "2026-12-07T14:00:00.000Z"],
  // Overnight 22:00-02:00 (Friday 2026-12-04).
  ["before an overnight range", bar, "2026-12-05T02:59:00Z", false, "2026-12-05T03:00:00.000Z"],
  ["overnight opening", bar, "2026-12-05T03:00:00Z", true, "2026-12-05T07:00:00.000Z"],
  ["overnight after midnight", bar, "2026-12-05T06:59:00Z", true, "2026-12-05T07:00:00.000Z"],
  ["overnight closing", bar, "2026-12-05T07:00:00Z", false, "2026-12-12T03:00:00.000Z"],
  ["Saturday midnight only from Friday's range", bar, "2026-12-06T06:00:00Z", false, "2026-12-12T03:00:00.000Z"],
  // Several ranges a day (Saturday 2026-12-05).
  ["first range", split, "2026-12-05T15:30:00Z", true, "2026-12-05T17:00:00.000Z"],
  ["lunch gap at its first minute", split, "2026-12-05T17:00:00Z", false, "2026-12-05T18:00:00.000Z"],
  ["second range", split, "2026-12-05T18:00:00Z", true, "2026-12-05T20:00:00.000Z"],
  // 22:00-24:00 Monday and 00:00-02:00 Tuesday are one stretch.
  ["touching ranges merge across midnight", lateMonday, "2026-12-01T04:00:00Z", true, "2026-12-01T07:00:00.000Z"],
  ["midnight itself", lateMonday, "2026-12-01T05:00:00Z", true, "2026-12-01T07:00:00.000Z"],
  // Spring forward: 01:00-04:00 lasts two real hours.
  ["spring: before the jump (01:59 EST)", springSunday, "2026-03-08T06:59:00Z", true, "2026-03-08T08:00:00.000Z"],
  ["spring: after the jump (03:00 EDT)", springSunday, "2026-03-08T07:00:00Z", true, "2026-03-08T08:00:00.000Z"],
  ["spring: closing at 04:00 EDT", springSunday, "2026-03-08T08:00:00Z", false, "2026-03-15T05:00:00.000Z"],
  ["spring: a skipped opening time moves forward (02:30 -> 03:30 EDT)", springSkipped, "2026-03-08T07:15:00Z", false, "2026-03-08T07:30:00.000Z"],
  ["spring: open from 03:30 EDT", springSkipped, "2026-03-08T07:30:00Z", true, "2026-03-08T09:00:00.000Z"],
  // Fall back: 00:00-03:00 lasts four real hours; 01:30 happens twice.
  ["fall: 01:30 EDT", fallSunday, "2026-11-01T05:30:00Z", true, "2026-11-01T08:00:00.000Z"],
  ["fall: 01:30 EST", fallSunday, "2026-11-01T06:30:00Z", true, "2026-11-01T08:00:00.000Z"],
  ["fall: 02:59 EST", fallSunday, "2026-11-01T07:59:00Z", true, "2026-11-01T08:00:00.000Z"],
  ["fall: 03:00 EST closes", fallSunday, "2026-11-01T08:00:00Z", false, "2026-11-08T05:00:00.000Z"],
  ["fall: overnight into the change closes at 02:00 EST", fallSaturdayNight, "2026-11-01T06:59:00Z", true, "2026-11-01T07:00:00.000Z"],
  ["fall: overnight closed at 02:00 EST", fallSaturdayNight, "2026-11-01T07:00:00Z", false, "2026-11-08T03:00:00.000Z"],
  ["London spring: 00:59 GMT open", london, "2026-03-29T00:59:00Z", true, "2026-03-29T02:00:00.000Z"],
  ["London spring: 03:00 BST closed", london, "2026-03-29T02:00:00Z", false, "2026-04-04T23:30:00.000Z"],
  // Holidays and special hours.
  ["a closed holiday", holidays, "2026-12-25T16:00:00Z", false, "2026-12-28T14:00:00.000Z"],
  ["the eve's overnight range runs into the holiday", holidays, "2026-12-25T05:30:00Z", true, "2026-12-25T07:00:00.000Z"],
  ["special hours replace the weekday's", holidays, "2026-12-31T14:30:00Z", false, "2026-12-31T15:00:00.000Z"],
  ["inside special hours", holidays, "2026-12-31T18:59:00Z", true, "2026-12-31T19:00:00.000Z"],
  ["after special hours (no Thursday night range)", holidays, "2026-12-31T19:00:00Z", false, "2027-01-01T14:00:00.000Z"],
];

describe("openingStatus", () => {
  it.each(rows)("%s", (_label, schedule, at, open, change) => {
    const status = openingStatus(schedule, new Date(at));
    expect(status.open).toBe(open);
    const next = status.open ? status.closesAt : status.opensAt;
    expect(next?.toISOString() ?? null).toBe(change);
    expect(isOpen(schedule, new Date(at))).toBe(open);
  });

  it("an empty schedule is never open, at any minute of any day, and has no next opening", () => {
    const empty = emptyOpeningHours(NY);
    for (let minute = 0; minute < 8 * 24 * 60; minute += 37) {
      const at = new Date(Date.UTC(2026, 2, 5) + minute * 60_000); // across the March DST change
      expect(openingStatus(empty, at)).toEqual({ open: false, opensAt: null });
    }
    expect(describeStatus(empty, new Date("2026-03-05T12:00:00Z"))).toMatch(/closed right now, and no opening hours/);
  });

  it("a schedule that is only closed exceptions is never open", () => {
    const closedDays = hours({}, [{ date: "2026-12-01", ranges: [] }]);
    expect(openingStatus(closedDays, new Date("2026-12-01T15:00:00Z"))).toEqual({ open: false, opensAt: null });
  });
});

describe("OpeningHoursSchema", () => {
  it.each([
    ["an hour past 23", { timezone: NY, weekly: { "1": [{ open: "25:00", close: "26:00" }] }, exceptions: [] }],
    ["opening at 24:00", { timezone: NY, weekly: { "1": [{ open: "24:00", close: "02:00" }] }, exceptions: [] }],
    ["open equal to close", { timezone: NY, weekly: { "1": [{ open: "09:00", close: "09:00" }] }, exceptions: [] }],
    ["a time without minutes", { timezone: NY, weekly: { "1": [{ open: "9", close: "17:00" }] }, exceptions: [] }],
    ["a weekday 8", { timezone: NY, weekly: { "8": [] }, exceptions: [] }],
    ["five ranges a day", { timezone: NY, weekly: { "1": Array.from({ length: 5 }, (_, i) => ({ open: `0${i}:00`, close: `0${i}:30` })) }, exceptions: [] }],
    ["an unknown zone", { timezone: "Mars/Olympus", weekly: {}, exceptions: [] }],
    ["an impossible date", { timezone: NY, weekly: {}, exceptions: [{ date: "2026-02-30", ranges: [] }] }],
    [
      "two exceptions for one date",
      {
        timezone: NY,
        weekly: {},
        exceptions: [
          { date: "2026-12-25", ranges: [] },
          { date: "2026-12-25", ranges: [] },
        ],
      },
    ],
  ])("refuses %s", (_label, value) => {
    expect(OpeningHoursSchema.safeParse(value).success).toBe(false);
  });
});

describe("describing hours", () => {
  it("says the week and the coming special days", () => {
    expect(describeWeek(holidays, new Date("2026-12-20T12:00:00Z"))).toBe(
      "Monday: 9:00 AM to 5:00 PM. Tuesday: 9:00 AM to 5:00 PM. Wednesday: 9:00 AM to 5:00 PM. Thursday: 9:00 AM to 5:00 PM and 10:00 PM to 2:00 AM. " +
        "Friday: 9:00 AM to 5:00 PM. Saturday: closed. Sunday: closed. Special hours: Friday, December 25 (Christmas): closed. Thursday, December 31: 10:00 AM to 2:00 PM.",
    );
  });

  it.each([
    ["2026-12-01T15:00:00Z", "The store is open right now, until today at 5:00 PM."],
    ["2026-12-01T23:00:00Z", "The store is closed right now. It opens tomorrow at 9:00 AM."],
    ["2026-12-05T15:00:00Z", "The store is closed right now. It opens Monday at 9:00 AM."],
  ])("at %s: %s", (at, sentence) => {
    expect(describeStatus(office, new Date(at))).toBe(sentence);
  });

  it("the timeline changes exactly at each opening and closing", () => {
    const at = new Date("2026-12-01T12:00:00Z");
    const timeline = statusTimeline(office, at, 3);
    expect(timeline.map((segment) => new Date(segment.fromSeconds * 1000).toISOString())).toEqual([
      "2026-12-01T12:00:00.000Z",
      "2026-12-01T14:00:00.000Z",
      "2026-12-01T22:00:00.000Z",
      "2026-12-02T14:00:00.000Z",
      "2026-12-02T22:00:00.000Z",
      "2026-12-03T14:00:00.000Z",
      "2026-12-03T22:00:00.000Z",
    ]);
    expect(timeline[1].sentence).toBe("The store is open right now, until Tuesday, December 1 at 5:00 PM.");
    expect(timeline[2].sentence).toBe("The store is closed right now. It opens Wednesday, December 2 at 9:00 AM.");
  });
});
