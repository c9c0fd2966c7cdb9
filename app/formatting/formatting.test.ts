// Table tests of the formatting module: zones (with and without
// abbreviations, half-hour offsets), DST transitions, national and
// international phone formats, and enum values the label table does not know.
import { Cadence, CallDirection, CallJobStatus, ComplianceStatus } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { DISPOSITIONS } from "../calls/disposition";
import { adminUrl } from "./admin-links";
import { countOf, label } from "./labels";
import { formatMoney } from "./money";
import { formatPhone, storeCountry } from "./phone";
import { formatCalendarDate, formatDaysOfWeek, formatDuration, formatInstant, formatLocalDay, formatTimeOfDay, zoneAbbreviation } from "./time";

describe("formatInstant", () => {
  it.each([
    // Zones with abbreviations, either side of New York's spring-forward (2026-03-08 02:00 local).
    ["2026-03-08T06:59:00Z", "America/New_York", "Sun, Mar 8, 2026, 1:59 AM EST"],
    ["2026-03-08T07:00:00Z", "America/New_York", "Sun, Mar 8, 2026, 3:00 AM EDT"],
    // Fall back (2026-11-01 02:00 local): 1:30 AM happens twice, the zone tells them apart.
    ["2026-11-01T05:30:00Z", "America/New_York", "Sun, Nov 1, 2026, 1:30 AM EDT"],
    ["2026-11-01T06:30:00Z", "America/New_York", "Sun, Nov 1, 2026, 1:30 AM EST"],
    ["2026-12-01T10:22:00Z", "America/Chicago", "Tue, Dec 1, 2026, 4:22 AM CST"],
    // Zones without an English abbreviation show their offset, including half hours.
    ["2026-12-01T10:22:00Z", "Pacific/Pago_Pago", "Mon, Nov 30, 2026, 11:22 PM GMT-11"],
    ["2026-12-01T10:22:00Z", "Asia/Kolkata", "Tue, Dec 1, 2026, 3:52 PM GMT+5:30"],
    ["2026-07-01T12:00:00Z", "Europe/Berlin", "Wed, Jul 1, 2026, 2:00 PM GMT+2"],
    ["2026-12-01T10:22:00Z", "UTC", "Tue, Dec 1, 2026, 10:22 AM UTC"],
  ])("%s in %s is %s", (instant, zone, expected) => {
    expect(formatInstant(instant, zone)).toBe(expected);
    expect(formatInstant(new Date(instant), zone)).toBe(expected);
  });

  it("refuses what is not an instant instead of printing Invalid DateTime", () => {
    expect(() => formatInstant("not a date", "UTC")).toThrow(RangeError);
    expect(() => formatInstant(new Date(Number.NaN), "UTC")).toThrow(RangeError);
  });

  it("shows an unknown zone's times in UTC, and says so", () => {
    expect(formatInstant("2026-12-01T10:22:00Z", "Not/AZone")).toBe("Tue, Dec 1, 2026, 10:22 AM UTC");
  });

  it("never shows an ISO string, for any instant in any of a sample of zones", () => {
    const zones = ["America/Los_Angeles", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "UTC"];
    for (let step = 0; step < 500; step++) {
      const instant = new Date(Date.UTC(2020, 0, 1) + step * 7_919_000_003);
      for (const zone of zones) {
        const text = formatInstant(instant, zone);
        expect(text).toMatch(/^[A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M \S+$/);
        expect(text).not.toMatch(/T\d{2}:|Z$/);
      }
    }
  });
});

describe("formatLocalDay and zoneAbbreviation", () => {
  it.each([
    // The same instant is a different local day east and west of the date line.
    ["2026-12-01T10:22:00Z", "Pacific/Pago_Pago", "Monday, November 30"],
    ["2026-12-01T10:22:00Z", "Pacific/Kiritimati", "Wednesday, December 2"],
    ["2026-12-01T04:59:59Z", "America/New_York", "Monday, November 30"],
    ["2026-12-01T05:00:00Z", "America/New_York", "Tuesday, December 1"],
  ])("%s in %s falls on %s", (instant, zone, expected) => {
    expect(formatLocalDay(instant, zone)).toBe(expected);
  });

  it.each([
    ["America/New_York", "2026-01-15T12:00:00Z", "EST"],
    ["America/New_York", "2026-07-15T12:00:00Z", "EDT"],
    ["Europe/London", "2026-01-15T12:00:00Z", "GMT"],
    ["Australia/Lord_Howe", "2026-01-15T12:00:00Z", "GMT+11"],
    ["Australia/Lord_Howe", "2026-07-15T12:00:00Z", "GMT+10:30"],
  ])("%s at %s is %s", (zone, instant, expected) => {
    expect(zoneAbbreviation(zone, instant)).toBe(expected);
  });
});

describe("calendar dates, times of day and durations", () => {
  it.each([
    ["2026-12-01", { day: "Tue", date: "Dec 1" }],
    ["2026-03-08", { day: "Sun", date: "Mar 8" }],
    ["2028-02-29", { day: "Tue", date: "Feb 29" }],
  ])("%s", (isoDate, expected) => {
    expect(formatCalendarDate(isoDate)).toEqual(expected);
  });

  it.each([
    [[0, 6], "Sun, Sat"],
    [[1, 3, 5], "Mon, Wed, Fri"],
    [[], ""],
  ])("days of week %j are %j", (days, expected) => {
    expect(formatDaysOfWeek(days)).toBe(expected);
  });

  it.each([
    ["00:00", "12:00 AM"],
    ["09:00", "9:00 AM"],
    ["12:00", "12:00 PM"],
    ["17:30", "5:30 PM"],
    ["23:59", "11:59 PM"],
  ])("time of day %s is %s", (time, expected) => {
    expect(formatTimeOfDay(time)).toBe(expected);
  });

  it.each(["24:00", "9am", "", "12:60"])("refuses the time of day %j", (time) => {
    expect(() => formatTimeOfDay(time)).toThrow(RangeError);
  });

  it.each([
    [null, "—"],
    [0, "0s"],
    [59, "59s"],
    [60, "1m 0s"],
    [65, "1m 5s"],
    [59.6, "1m 0s"],
    [3_725, "62m 5s"],
  ])("duration %s is %s", (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});

describe("formatPhone", () => {
  it.each([
    // A US store: NANP numbers (US and Canada) in national format, the rest international.
    ["+16175550101", "US", "(617) 555-0101"],
    ["+16045550101", "US", "(604) 555-0101"],
    ["+442079460958", "US", "+44 20 7946 0958"],
    ["+33612345678", "US", "+33 6 12 34 56 78"],
    // A UK store: its own numbers nationally, a US caller internationally.
    ["+442079460958", "GB", "020 7946 0958"],
    ["+16175550101", "GB", "+1 617 555 0101"],
    ["+4915112345678", "DE", "01511 2345678"],
    ["+61291234567", "AU", "(02) 9123 4567"],
  ] as const)("%s for a store in %s is %s", (e164, country, display) => {
    expect(formatPhone(e164, country)).toEqual({ display, e164 });
  });

  it.each([
    [null, null],
    ["", null],
    // Not a phone number (a SIP address, a withheld caller): shown as it came.
    ["sip:reception@example.com", { display: "sip:reception@example.com", e164: "sip:reception@example.com" }],
    ["anonymous", { display: "anonymous", e164: "anonymous" }],
  ])("%j is %j", (value, expected) => {
    expect(formatPhone(value, "US")).toEqual(expected);
  });

  it.each([
    [{ phoneNumber: "+14155550100" }, "US"],
    [{ phoneNumber: "+442079460958" }, "GB"],
    [{ phoneNumber: null }, "US"],
    [{ phoneNumber: "not a number" }, "US"],
  ])("the store with %j dials in %s", (shop, country) => {
    expect(storeCountry(shop)).toBe(country);
  });
});

describe("label", () => {
  it.each([
    ["direction", "inbound", "Customer call"],
    ["direction", "outbound", "Check-in call"],
    ["disposition", "no-answer", "No answer"],
    ["callStatus", "in-progress", "In progress"],
    ["endedReason", "customer-ended-call", "The caller hung up"],
    ["endedReason", "assistant-forwarded-call", "Forwarded to your number"],
    ["jobStatus", "started", "Calling"],
    ["jobStatus", "missed", "Missed"],
    ["cadence", "weekdays", "Weekdays"],
    ["privacyTopic", "customers/data_request", "Customer data request"],
    ["privacyTopic", "shop/redact", "Store erasure"],
    ["privacyStatus", "failed", "Failed: needs attention"],
  ] as const)("%s %s is %s", (kind, value, expected) => {
    expect(label(kind, value)).toBe(expected);
  });

  it.each([
    // Unknown values of every kind read as a sentence, never as a slug.
    ["direction", "sideways", "Sideways"],
    ["disposition", "left-on-hold", "Left on hold"],
    ["callStatus", "paused", "Paused"],
    ["jobStatus", "on_hold", "On hold"],
    ["jobStatus", "", "Unknown"],
    // Vapi's failure reasons name vendors and internals: one plain sentence for all of them.
    ["endedReason", "pipeline-error-openai-llm-failed", "A technical problem ended the call"],
    ["endedReason", "call.in-progress.error-vapifault-worker-died", "A technical problem ended the call"],
    ["endedReason", "twilio-failed-to-connect-call", "A technical problem ended the call"],
    // A transfer that errored is still a transfer by the outcome rules (calls/disposition.ts).
    ["endedReason", "call.in-progress.error-warm-transfer-max-duration", "Forwarded to another number"],
    ["endedReason", "assistant-forwarded-call-to-voicemail-x", "Forwarded to another number"],
    ["endedReason", "vonage-completed", "Vonage completed"],
    ["privacyTopic", "orders/redact", "Orders redact"],
    ["privacyStatus", "given_up", "Given up"],
    // Names every object inherits are values like any other, never a label by accident.
    ["endedReason", "constructor", "Constructor"],
    ["disposition", "toString", "Tostring"],
    ["callStatus", "__proto__", "Proto"],
  ] as const)("unknown %s %j is %j", (kind, value, expected) => {
    expect(label(kind, value)).toBe(expected);
  });

  it("has its own label for every value the database and the outcome rules produce", () => {
    const fallback = (value: string) => value.replace(/[._-]+/g, " ").toLowerCase();
    for (const value of Object.values(CallDirection)) expect(label("direction", value).toLowerCase()).not.toBe(fallback(value));
    for (const value of Object.values(CallJobStatus)) expect(label("jobStatus", value)).toMatch(/^[A-Z]/);
    for (const value of Object.values(Cadence)) expect(label("cadence", value)).toMatch(/^[A-Z]/);
    for (const value of DISPOSITIONS) expect(label("disposition", value)).toMatch(/^[A-Z][a-z ]+$/);
    for (const value of Object.values(ComplianceStatus)) expect(label("privacyStatus", value)).not.toBe(fallback(value));
    for (const topic of ["customers/data_request", "customers/redact", "shop/redact"]) expect(label("privacyTopic", topic)).not.toMatch(/[/_]/);
  });

  it("never returns a slug for generated enum-like values", () => {
    const parts = ["call", "start", "error", "x", "ended", "by", "customer", "busy", "voice", "2", "a"];
    for (let seed = 1; seed < 2_000; seed++) {
      const value = Array.from({ length: 1 + (seed % 5) }, (_, index) => parts[(seed * (index + 7)) % parts.length]).join(["-", ".", "_"][seed % 3]);
      for (const kind of ["direction", "disposition", "callStatus", "endedReason", "jobStatus", "cadence", "privacyStatus"] as const) {
        const text = label(kind, value);
        expect(text).toMatch(/^[A-Z0-9][a-z0-9 ]*$|^[A-Z][A-Za-z ]+$/);
        expect(text).not.toMatch(/[._-]/);
      }
    }
  });
});

describe("countOf", () => {
  it.each([
    [0, "call", undefined, "0 calls"],
    [1, "call", undefined, "1 call"],
    [2, "call", undefined, "2 calls"],
    [1, "summary", "summaries", "1 summary"],
    [3, "summary", "summaries", "3 summaries"],
    [1_000, "message", undefined, "1000 messages"],
  ] as const)("%i %s is %j", (count, singular, plural, expected) => {
    expect(countOf(count, singular, plural)).toBe(expected);
  });
});

describe("adminUrl", () => {
  it.each([
    ["an order", "harbor-pine.myshopify.com", "gid://shopify/Order/5678", "https://admin.shopify.com/store/harbor-pine/orders/5678"],
    ["a customer", "harbor-pine.myshopify.com", "gid://shopify/Customer/7610000000001", "https://admin.shopify.com/store/harbor-pine/customers/7610000000001"],
    ["a domain in capitals", "Harbor-Pine.myshopify.com", "gid://shopify/Order/1", "https://admin.shopify.com/store/harbor-pine/orders/1"],
    ["another resource type", "harbor-pine.myshopify.com", "gid://shopify/Product/1", null],
    ["no id", "harbor-pine.myshopify.com", null, null],
    ["an id with a query", "harbor-pine.myshopify.com", "gid://shopify/Order/1?x=2", null],
    ["a path in the id", "harbor-pine.myshopify.com", "gid://shopify/Order/../../settings", null],
    ["a custom domain", "shop.example.com", "gid://shopify/Order/1", null],
    ["a domain with a path", "evil.com/x.myshopify.com", "gid://shopify/Order/1", null],
  ] as const)("%s", (_, domain, gid, expected) => {
    expect(adminUrl(domain, gid)).toBe(expected);
  });
});

describe("formatMoney", () => {
  // Each answer the same on the first call (building the formatter) and on later ones (the kept formatter).
  it.each([
    ["59.00", "USD", "$59", "$59.00"],
    ["72.5", "USD", "$72.50", "$72.50"],
    ["1299", "EUR", "€1,299", "€1,299.00"],
    ["1234.5", "GBP", "£1,234.50", "£1,234.50"],
    ["1234.5", "CAD", "CA$1,234.50", "CA$1,234.50"],
    ["0", "USD", "$0", "$0.00"],
    ["1500", "JPY", "¥1,500", "¥1,500"], // no minor unit
    ["12.34", "US", "12.34 US", "12.34 US"], // not a currency code: the amount and what was given
    ["12.3", "not-a-code", "12.3 not-a-code", "12.30 not-a-code"],
    ["12.34", "", "12.34 ", "12.34 "],
    ["7", "usd1", "7 usd1", "7.00 usd1"],
  ])("%s %s is said as %s, or %s with its cents", (amount, currency, whenNeeded, always) => {
    for (let time = 0; time < 2; time++) {
      expect(formatMoney(amount, currency)).toBe(whenNeeded);
      expect(formatMoney(amount, currency, { cents: "always" })).toBe(always);
    }
  });
});
