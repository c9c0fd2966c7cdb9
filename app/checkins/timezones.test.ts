// Zone rules by class: every zone the runtime lists is accepted (by its
// canonical IANA name), links are stored as their targets, and every
// abbreviation and fixed-offset zone is refused with the form's message,
// through the same parser the check-in page's action uses. The form's list
// is exactly what the server accepts.
import { describe, expect, it } from "vitest";
import { parseCheckinSettings } from "./settings-input";
import { validateCallRule } from "./schedule";
import { canonicalTimeZone, IANA_RENAMES, TIME_ZONE_MESSAGE, timeZoneOptions } from "./timezones";

const FORM = { name: "Dana (owner)", phone: "(212) 555-0123", timeOfDay: "09:00", cadence: "daily", active: "true", consent: "true" };
const parseZone = (timezone: string) => parseCheckinSettings({ ...FORM, timezone });

function storedZone(timezone: string): string {
  const result = parseZone(timezone);
  if (!result.ok) throw new Error(`${timezone} refused: ${result.message}`);
  return result.settings.timezone;
}

describe("accepted: every zone the runtime lists", () => {
  const listed = Intl.supportedValuesOf("timeZone");

  it(`all ${listed.length} listed zones are accepted, stored under a name the form offers, and usable by the scheduler`, () => {
    const options = new Set(timeZoneOptions());
    for (const zone of listed) {
      const stored = storedZone(zone);
      expect(options.has(stored), `${zone} -> ${stored} is in the form's list`).toBe(true);
      expect(() => validateCallRule({ timezone: stored, timeOfDay: "09:00", cadence: "daily" })).not.toThrow();
      // A stored name is a fixed point: saving it again stores it unchanged.
      expect(storedZone(stored)).toBe(stored);
    }
  });

  it("the form offers only zones the server accepts, and UTC", () => {
    const options = timeZoneOptions();
    expect(options).toContain("UTC");
    for (const zone of options) expect(storedZone(zone)).toBe(zone);
    // CLDR's old spellings are not offered: only their IANA names.
    for (const [legacy, iana] of Object.entries(IANA_RENAMES)) {
      expect(options).not.toContain(legacy);
      expect(options).toContain(iana);
    }
  });
});

describe("links are canonicalised to their target", () => {
  const LINKS: Array<[link: string, target: string]> = [
    ["US/Eastern", "America/New_York"],
    ["US/Pacific", "America/Los_Angeles"],
    ["US/Central", "America/Chicago"],
    ["US/Mountain", "America/Denver"],
    ["US/Arizona", "America/Phoenix"],
    ["US/Hawaii", "Pacific/Honolulu"],
    ["Canada/Eastern", "America/Toronto"],
    ["Asia/Calcutta", "Asia/Kolkata"],
    ["Asia/Saigon", "Asia/Ho_Chi_Minh"],
    ["Asia/Katmandu", "Asia/Kathmandu"],
    ["Europe/Kiev", "Europe/Kyiv"],
    ["America/Buenos_Aires", "America/Argentina/Buenos_Aires"],
    ["America/Godthab", "America/Nuuk"],
    ["Australia/ACT", "Australia/Sydney"],
    ["Brazil/East", "America/Sao_Paulo"],
    ["Asia/Kolkata", "Asia/Kolkata"],
    ["  Europe/Berlin ", "Europe/Berlin"],
    // Every name for UTC is UTC.
    ["UTC", "UTC"],
    ["Etc/UTC", "UTC"],
    ["Etc/GMT", "UTC"],
    ["Zulu", "UTC"],
  ];
  it.each(LINKS)("%s is stored as %s", (link, target) => {
    expect(storedZone(link)).toBe(target);
  });

  it("each IANA rename names the same zone to ICU as the spelling it replaces", () => {
    for (const [legacy, iana] of Object.entries(IANA_RENAMES)) {
      expect(new Intl.DateTimeFormat("en-US", { timeZone: iana }).resolvedOptions().timeZone).toBe(legacy);
      expect(canonicalTimeZone(legacy)).toBe(iana);
    }
  });
});

describe("refused with the form's message: abbreviations and fixed offsets", () => {
  const offsets = Array.from({ length: 14 }, (_, index) => index + 1).flatMap((hours) => [`Etc/GMT+${hours}`, `Etc/GMT-${hours}`]);
  const ABBREVIATIONS = [
    "EST",
    "MST",
    "HST",
    "EST5EDT",
    "CST6CDT",
    "MST7MDT",
    "PST8PDT",
    "CET",
    "EET",
    "MET",
    "WET",
    "GB",
    "NZ",
    "PRC",
    "ROK",
    "NZ-CHAT",
    "W-SU",
    "Japan",
    "Egypt",
    "SystemV/EST5",
  ];
  const UNKNOWN = ["", "Mars/Olympus_Mons", "America/New_Yrok", "+05:00", "UTC+5", "EST\u0000", "\ud800"];

  it.each([...offsets, ...ABBREVIATIONS, ...UNKNOWN])("%j is refused", (zone) => {
    const result = parseZone(zone);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.timezone).toBe(TIME_ZONE_MESSAGE);
    expect(canonicalTimeZone(zone)).toBeNull();
  });

  it("no listed or offered zone is an abbreviation or an offset", () => {
    for (const zone of timeZoneOptions()) {
      if (zone === "UTC") continue;
      expect(zone).toMatch(/^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)\//);
    }
  });
});
