import { describe, expect, it } from "vitest";
import { errorFingerprint, RepeatLimiter } from "./repeat-limiter";

function clock(start = 0) {
  const state = { now: start };
  return { state, now: () => state.now };
}

describe("RepeatLimiter", () => {
  it("lets the first through, holds back repeats inside the window, then reports how many were held back", () => {
    const time = clock();
    const limiter = new RepeatLimiter(10_000, time.now);
    expect(limiter.admit("db down")).toEqual({ suppressed: 0 });
    for (let ms = 100; ms < 10_000; ms += 100) {
      time.state.now = ms;
      expect(limiter.admit("db down")).toBeUndefined();
    }
    time.state.now = 10_000;
    expect(limiter.admit("db down")).toEqual({ suppressed: 99 });
    time.state.now = 10_001;
    expect(limiter.admit("db down")).toBeUndefined();
  });

  it("counts each fingerprint on its own", () => {
    const limiter = new RepeatLimiter(1000, clock().now);
    expect(limiter.admit("a")).toBeDefined();
    expect(limiter.admit("b")).toBeDefined();
    expect(limiter.admit("a")).toBeUndefined();
  });

  it("a DB outage at 12 errors a second for 10 minutes gives one line per window", () => {
    const time = clock();
    const limiter = new RepeatLimiter(10_000, time.now);
    let admitted = 0;
    for (let ms = 0; ms < 600_000; ms += 83) {
      time.state.now = ms;
      if (limiter.admit("Worker heartbeat failed\u0000PrismaClientKnownRequestError")) admitted++;
    }
    expect(admitted).toBe(60);
  });

  it("remembers a bounded number of fingerprints, forgetting the least recently admitted", () => {
    const limiter = new RepeatLimiter(60_000, clock().now, 3);
    for (const key of ["a", "b", "c", "d"]) limiter.admit(key);
    expect(limiter.admit("a")).toEqual({ suppressed: 0 }); // forgotten: admitted again
    expect(limiter.admit("d")).toBeUndefined();
  });
});

describe("errorFingerprint", () => {
  it.each([
    ["same message and error", ["m", new Error("x")], ["m", new Error("x")], true],
    ["another log message", ["m", new Error("x")], ["n", new Error("x")], false],
    ["another error message", ["m", new Error("x")], ["m", new Error("y")], false],
    ["another error type", ["m", new Error("x")], ["m", new TypeError("x")], false],
    ["another code", ["m", Object.assign(new Error("x"), { code: "P1001" })], ["m", Object.assign(new Error("x"), { code: "P1002" })], false],
    ["no error at all", ["m", undefined], ["m", undefined], true],
  ] as const)("%s", (_name, [m1, e1], [m2, e2], same) => {
    expect(errorFingerprint(m1, e1) === errorFingerprint(m2, e2)).toBe(same);
  });
});
