import { describe, expect, it } from "vitest";
import { checkinFormValues, parseCheckinSettings } from "./settings-input";

const VALID = {
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
        phoneE164: "+12125550123",
        timezone: "America/New_York",
        timeOfDay: "09:30",
        cadence: "weekdays",
        daysOfWeek: [],
        active: true,
        consent: true,
        voiceId: null,
      },
    });
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
    ["25:00", { timeOfDay: "25:00" }, "timeOfDay", /^Time: use 24-hour HH:MM, like 09:30\.$/],
    ["9:5", { timeOfDay: "9:5" }, "timeOfDay", /^Time: /],
    ["9am", { timeOfDay: "9am" }, "timeOfDay", /^Time: /],
    ["12:60", { timeOfDay: "12:60" }, "timeOfDay", /^Time: /],
    ["an unknown cadence", { cadence: "hourly" }, "cadence", /^Cadence: choose daily, weekdays, weekends or custom\.$/],
    ["custom with no days", { cadence: "custom" }, "daysOfWeek", /^Days: choose at least one day/],
    ["a day out of range", { cadence: "custom", daysOfWeek: ["7"] }, "daysOfWeek", /^Days: use 0 \(Sunday\) to 6 \(Saturday\)/],
    ["active without consent", { consent: undefined }, "consent", /^Consent: .*agreed to receive automated calls/],
    ["consent unchecked while active", { consent: "false" }, "consent", /^Consent: /],
    ["an unknown voice", { voiceId: "hal9000" }, "voiceId", /^Voice: choose one of rachel, adam/],
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
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(["consent", "daysOfWeek", "phone", "timeOfDay", "timezone"]);
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
});
