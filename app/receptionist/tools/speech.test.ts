// The spoken formatters, as tables: each answer the same on its first call
// (building the formatter) and on later ones (the kept formatter).
import { describe, expect, it } from "vitest";
import { formatDate, joinWords } from "./speech";

describe("formatDate", () => {
  it.each([
    ["2026-09-28T03:30:00Z", "America/Los_Angeles", "September 27, 2026"],
    ["2026-09-28T03:30:00Z", "Asia/Tokyo", "September 28, 2026"],
    ["2026-12-31T23:30:00Z", "Pacific/Kiritimati", "January 1, 2027"],
    ["2026-09-28T03:30:00Z", "america/los_angeles", "September 27, 2026"], // Intl takes any casing
    ["2026-09-28T03:30:00Z", "Mars/Olympus_Mons", "September 28, 2026"], // not a zone: UTC
    ["2026-09-28T03:30:00Z", "", "September 28, 2026"],
    ["not a date", "America/New_York", "an unknown date"],
    ["", "UTC", "an unknown date"],
    ["+275760-09-13T00:00:00.001Z", "UTC", "an unknown date"], // past the last instant a Date holds
  ])("%s in %s is %s", (iso, zone, said) => {
    expect(formatDate(iso, zone)).toBe(said);
    expect(formatDate(iso, zone)).toBe(said);
  });

  it("stays right past the number of formatters it keeps (every zone, in three casings)", () => {
    const zones = Intl.supportedValuesOf("timeZone");
    for (let i = 0; i < zones.length * 3; i++) {
      const zone = zones[i % zones.length];
      const spelled = [zone, zone.toUpperCase(), zone.toLowerCase()][Math.floor(i / zones.length)];
      expect(formatDate("2026-06-01T12:00:00Z", spelled)).toBe(
        new Date("2026-06-01T12:00:00Z").toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: zone }),
      );
    }
  });
});

describe("joinWords", () => {
  it.each([
    [[], ""],
    [["Small"], "Small"],
    [["Small", "Medium"], "Small and Medium"],
    [["Small", "Medium", "Large"], "Small, Medium and Large"],
  ])("%j → %s", (items, said) => expect(joinWords(items)).toBe(said));
});
