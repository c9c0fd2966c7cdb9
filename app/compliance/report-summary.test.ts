// What the data requests page says a report holds, for classes of reports:
// empty, one kind or both kinds of call, partial records, zones, foreign
// numbers, and JSON this app did not write.
import { describe, expect, it } from "vitest";
import { summarizeReport } from "./report-summary";

const call = (overrides: Record<string, unknown> = {}) => ({
  vapiCallId: "v",
  direction: "inbound",
  callerNumber: "+16175550101",
  calleeNumber: "+14155550100",
  startedAt: "2026-07-01T16:30:00.000Z",
  endedAt: null,
  durationSec: 61,
  disposition: "completed",
  summary: null,
  transcript: null,
  recordingUrl: null,
  messageTaken: null,
  ...overrides,
});
const report = (calls: unknown[], customer: Record<string, unknown> = { id: 1, email: "a@example.com", phone: "+16175550101" }) => ({ customer, calls });

describe("summarizeReport", () => {
  it.each([
    ["no calls", [], "No calls: the app stores nothing else about this customer.", null],
    ["one customer call", [call()], "1 call: 1 customer call", null],
    ["both kinds", [call(), call({ direction: "outbound" }), call({ direction: "outbound" })], "3 calls: 1 customer call, 2 check-in calls", null],
    [
      "what the calls hold",
      [call({ summary: "s", transcript: "t" }), call({ summary: "s", recordingUrl: "https://r", messageTaken: "m" })],
      "2 calls: 2 customer calls",
      "2 summaries, 1 transcript, 1 recording, 1 message",
    ],
  ])("%s", (_, calls, headline, contents) => {
    const summary = summarizeReport(report(calls), "America/New_York", "US");
    expect(summary?.headline).toBe(headline);
    expect(summary?.contents).toBe(contents);
  });

  it.each([
    // Summer in New York (EDT), Kolkata (+5:30), and a zone Luxon does not know (UTC, named).
    ["America/New_York", "Wed, Jul 1, 2026, 12:30 PM EDT"],
    ["Asia/Kolkata", "Wed, Jul 1, 2026, 10:00 PM GMT+5:30"],
    ["Not/AZone", "Wed, Jul 1, 2026, 4:30 PM UTC"],
  ])("times in %s", (zone, time) => {
    expect(summarizeReport(report([call()]), zone, "US")?.calls[0].time).toBe(time);
  });

  it("labels every call's kind, outcome and length, and lists what it holds", () => {
    const summary = summarizeReport(
      report([call({ direction: "outbound", disposition: "no-answer", durationSec: null, startedAt: null, transcript: "t", recordingUrl: "https://r" })]),
      "UTC",
      "US",
    );
    expect(summary?.calls).toEqual([{ time: "Time not recorded", kind: "Check-in call", outcome: "No answer", duration: "—", holds: "transcript, recording" }]);
  });

  it.each([
    ["a US customer for a US store", "+16175550101", "US", "(617) 555-0101"],
    ["a UK customer for a US store", "+442079460958", "US", "+44 20 7946 0958"],
    ["a UK customer for a UK store", "+442079460958", "GB", "020 7946 0958"],
  ] as const)("%s", (_, phone, country, display) => {
    expect(summarizeReport(report([], { id: 1, email: null, phone }), "UTC", country)?.phone).toEqual({ display, e164: phone });
  });

  it.each([
    ["null", null],
    ["a string", "report"],
    ["no calls array", { customer: { id: 1, email: null, phone: null } }],
    ["a call of another shape", { customer: { id: 1, email: null, phone: null }, calls: [{ direction: 3 }] }],
  ])("%s is not summarised", (_, stored) => {
    expect(summarizeReport(stored, "UTC", "US")).toBeNull();
  });

  it("never shows ISO instants or raw enums", () => {
    const directions = ["inbound", "outbound"];
    const dispositions = ["completed", "no-answer", "busy", "voicemail", "failed", "transferred", "left-on-hold", null];
    for (let index = 0; index < 200; index++) {
      const summary = summarizeReport(
        report([
          call({
            direction: directions[index % 2],
            disposition: dispositions[index % dispositions.length],
            startedAt: new Date(Date.UTC(2026, 0, 1) + index * 7_919_000).toISOString(),
          }),
        ]),
        ["America/Chicago", "Europe/Berlin", "Pacific/Pago_Pago"][index % 3],
        "US",
      );
      const text = JSON.stringify(summary?.calls);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T|inbound|outbound|no-answer|left-on-hold/);
    }
  });
});
