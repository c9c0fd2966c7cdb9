import { describe, expect, it } from "vitest";
import { checkinFormValues, parseCheckinSettings } from "./settings-input";

const VALID = {
  name: "Dana (owner)",
  phone: "(212) 555-0123",
  timezone: "America/New_York",
  timeOfDay: "09:30",
  cadence: "weekdays",
  active: "on",
  consent: "on",
  voiceId: "",
};

describe("parseCheckinSettings", () => {
  it("normalises a valid schedule", () => {
    expect(parseCheckinSettings(VALID)).toEqual({
      ok: true,
      settings: {
        name: "Dana (owner)",
        phoneE164: "+12125550123",
        timezone: "America/New_York",
        timeOfDay: "09:30",
        cadence: "weekdays",
        daysOfWeek: [],
        active: true,
        consent: true,
        voiceId: null,
        briefingParts: ["orders", "calls", "problems"],
      },
    });
  });

  // Issue 16: the time is what people type, stored as HH:MM (time-of-day.test.ts has the full table).
  it.each([
    ["9:00", "09:00"],
    ["9am", "09:00"],
    ["21:30", "21:30"],
    ["9:30 pm", "21:30"],
  ])("reads the time %j as %s", (timeOfDay, stored) => {
    expect(parseCheckinSettings({ ...VALID, timeOfDay })).toMatchObject({ ok: true, settings: { timeOfDay: stored } });
  });

  it.each([
    ["+44 20 7946 0958", "+442079460958"],
    [" 212-555-0123 ", "+12125550123"],
    ["+1 (415) 555-2671", "+14155552671"],
  ])("normalises phone %j to %s", (phone, e164) => {
    expect(parseCheckinSettings({ ...VALID, phone })).toMatchObject({ ok: true, settings: { phoneE164: e164 } });
  });

  it("keeps custom days (deduplicated, sorted) and drops days for other cadences", () => {
    expect(parseCheckinSettings({ ...VALID, cadence: "custom", daysOfWeek: ["4", "2", "4"] })).toMatchObject({ ok: true, settings: { daysOfWeek: [2, 4] } });
    expect(parseCheckinSettings({ ...VALID, cadence: "daily", daysOfWeek: ["4"] })).toMatchObject({ ok: true, settings: { daysOfWeek: [] } });
  });

  it("accepts an inactive schedule without consent, the edges of the clock and a known voice", () => {
    for (const timeOfDay of ["00:00", "23:59"]) {
      expect(parseCheckinSettings({ ...VALID, timeOfDay, active: undefined, consent: undefined, voiceId: "anna" })).toMatchObject({
        ok: true,
        settings: { timeOfDay, active: false, consent: false, voiceId: "anna" },
      });
    }
  });

  it.each([
    ["an invalid phone", { phone: "555-01" }, "phone", /^Phone: .*like \(212\) 555-0123/],
    ["an empty phone", { phone: "" }, "phone", /^Phone: /],
    ["letters as a phone", { phone: "call me" }, "phone", /^Phone: /],
    ["an unknown timezone", { timezone: "Mars/Olympus_Mons" }, "timezone", /^Time zone: .*like America\/New_York/],
    ["an abbreviation as timezone", { timezone: "EST5" }, "timezone", /^Time zone: /],
    ["25:00", { timeOfDay: "25:00" }, "timeOfDay", /^Time: enter a time like 9:00, 9am or 21:30\.$/],
    ["9:5", { timeOfDay: "9:5" }, "timeOfDay", /^Time: /],
    ["13pm", { timeOfDay: "13pm" }, "timeOfDay", /^Time: /],
    ["12:60", { timeOfDay: "12:60" }, "timeOfDay", /^Time: /],
    ["an unknown cadence", { cadence: "hourly" }, "cadence", /^Cadence: choose daily, weekdays, weekends or custom\.$/],
    ["custom with no days", { cadence: "custom" }, "daysOfWeek", /^Days: choose at least one day/],
    ["a day out of range", { cadence: "custom", daysOfWeek: ["7"] }, "daysOfWeek", /^Days: use 0 \(Sunday\) to 6 \(Saturday\)/],
    ["active without consent", { consent: undefined }, "consent", /^Consent: .*agreed to receive automated calls/],
    ["consent unchecked while active", { consent: "false" }, "consent", /^Consent: /],
    ["an unknown voice", { voiceId: "hal9000" }, "voiceId", /^Voice: choose one of rachel, adam/],
    ["no name", { name: " " }, "name", /^Name: enter who this schedule calls/],
    ["a name too long", { name: "x".repeat(61) }, "name", /^Name: .*at most 60 characters/],
    ["an unknown briefing part", { briefingParts: ["orders", "horoscope"] }, "briefingParts", /^Briefing: choose among orders, calls, problems, lowStock/],
  ])("rejects %s with an error on its field", (_name, change, field, message) => {
    const result = parseCheckinSettings({ ...VALID, ...change });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toEqual([field]);
    expect(result.errors[field as keyof typeof result.errors]).toMatch(message);
    expect(result.message).toContain(result.errors[field as keyof typeof result.errors]);
  });

  it("reports every invalid field at once", () => {
    const result = parseCheckinSettings({ phone: "1", timezone: "Nowhere", timeOfDay: "25:00", cadence: "custom", active: "on" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(["consent", "daysOfWeek", "name", "phone", "timeOfDay", "timezone"]);
  });
});

describe("checkinFormValues", () => {
  it("keeps every checked day", () => {
    const form = new FormData();
    form.append("cadence", "custom");
    form.append("daysOfWeek", "1");
    form.append("daysOfWeek", "5");
    expect(checkinFormValues(form)).toEqual({ cadence: "custom", daysOfWeek: ["1", "5"] });
  });

  it("keeps every checked briefing part, and tells an empty group from one not sent", () => {
    const form = new FormData();
    form.append("briefingParts", "");
    form.append("briefingParts", "orders");
    form.append("briefingParts", "lowStock");
    expect(checkinFormValues(form)).toMatchObject({ briefingParts: ["", "orders", "lowStock"] });
    const none = new FormData();
    none.append("briefingParts", "");
    expect(parseCheckinSettings({ ...VALID, ...checkinFormValues(none) })).toMatchObject({ ok: true, settings: { briefingParts: [] } });
    expect(parseCheckinSettings({ ...VALID, ...checkinFormValues(new FormData()) })).toMatchObject({
      ok: true,
      settings: { briefingParts: ["orders", "calls", "problems"] },
    });
  });
});
