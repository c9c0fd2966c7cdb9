import { describe, expect, it } from "vitest";
import { dispositionOf, durationSeconds, statusesBefore, statusRank } from "./disposition";

describe("dispositionOf", () => {
  it.each([
    ["customer-ended-call", "completed"],
    ["assistant-ended-call", "completed"],
    ["silence-timed-out", "completed"],
    ["exceeded-max-duration", "completed"],
    ["customer-did-not-answer", "no-answer"],
    ["customer-busy", "busy"],
    ["voicemail", "voicemail"],
    ["assistant-forwarded-call", "transferred"],
    ["scheduled-call-deleted", "canceled"],
    ["manually-canceled", "canceled"],
    ["call.start.error-subscription-concurrency-limit-reached", "failed"],
    ["pipeline-error-openai-llm-failed", "failed"],
    ["twilio-failed-to-connect-call", "failed"],
    [null, "failed"],
  ])("%s -> %s", (reason, expected) => {
    expect(dispositionOf(reason)).toBe(expected);
  });
});

describe("status ranks", () => {
  it("orders a call's life and never lets ended move back", () => {
    expect(statusRank("ringing")).toBeLessThan(statusRank("in-progress"));
    expect(statusesBefore("in-progress")).toEqual(["scheduled", "queued", "ringing"]);
    expect(statusesBefore("scheduled")).toEqual([]);
    expect(statusRank("not-a-status")).toBe(-1);
  });

  // Names every object inherits are no status or reason of Vapi's: never a rank or a disposition by accident.
  it.each(["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"])("%s is an unknown status and an ordinary ended reason", (name) => {
    expect(statusRank(name)).toBe(-1);
    expect(statusesBefore(name)).toEqual([]);
    expect(dispositionOf(name)).toBe("completed");
  });
});

describe("durationSeconds", () => {
  it.each([
    ["2026-11-21T10:00:00.000Z", "2026-11-21T10:02:05.400Z", 125],
    ["2026-11-21T10:00:00Z", null, null],
    ["2026-11-21T10:05:00Z", "2026-11-21T10:00:00Z", null],
    ["garbage", "2026-11-21T10:00:00Z", null],
  ])("%s -> %s = %s", (start, end, expected) => {
    expect(durationSeconds(start, end)).toBe(expected);
  });
});
