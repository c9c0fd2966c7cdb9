/**
 * Property test: occurrenceOn / nextOccurrences / occurrencesBetween against the Temporal polyfill
 * (disambiguation "compatible" = the gap/overlap rules) plus the vanished-date rule, for every zone
 * the runtime knows, around every offset change in 2024-2027 and on random dates.
 */
import { Temporal } from "@js-temporal/polyfill";
import { describe, expect, it } from "vitest";
import { nextOccurrences, occurrenceOn, occurrencesBetween, type CallRule } from "./schedule";

const DAY_MS = 86_400_000;
const SCAN_FROM = Date.UTC(2024, 0, 1);
const SCAN_TO = Date.UTC(2028, 0, 1);
// Shorter than the closest two offset changes in the tz data (~95 h), so no change hides between steps.
const SCAN_STEP = 2 * DAY_MS;

// Intl lists ICU's canonical names (Asia/Calcutta, America/Godthab...); add the current IANA names too.
const ZONES = [
  ...new Set([
    ...Intl.supportedValuesOf("timeZone"),
    ...["UTC", "Asia/Kolkata", "Asia/Kathmandu", "America/Nuuk", "Europe/Kyiv", "Asia/Yangon", "Pacific/Kanton"],
  ]),
];

// Checked on every date near a change, with five wall times derived from the change itself.
const FIXED_TIMES = ["00:00", "00:30", "01:30", "02:00", "02:30", "03:00", "12:00", "23:30", "23:59"];

/** The zone's offset in ms at `ms`, read from Intl independently of luxon. */
function offsetReader(zone: string): (ms: number) => number {
  const format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
  return (ms) => {
    const match = /GMT(?:([+-])(\d\d):(\d\d))?/.exec(format.format(ms));
    if (!match) throw new Error(`cannot read the offset of ${zone}`);
    const size = match[1] ? (Number(match[2]) * 60 + Number(match[3])) * 60_000 : 0;
    return match[1] === "-" ? -size : size;
  };
}

type Transition = { at: number; before: number; after: number };
const transitionCache = new Map<string, Transition[]>();

/** Offset changes in [SCAN_FROM, SCAN_TO): scan, then bisect to the millisecond. */
function transitions(zone: string): Transition[] {
  const cached = transitionCache.get(zone);
  if (cached) return cached;
  const offset = offsetReader(zone);
  const found: Transition[] = [];
  let previous = offset(SCAN_FROM);
  for (let t = SCAN_FROM + SCAN_STEP; t < SCAN_TO + SCAN_STEP; t += SCAN_STEP) {
    const current = offset(t);
    if (current === previous) continue;
    let [lo, hi] = [t - SCAN_STEP, t]; // offset(lo) === previous, offset(hi) !== previous
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offset(mid) === previous) lo = mid;
      else hi = mid;
    }
    found.push({ at: hi, before: previous, after: offset(hi) });
    previous = current;
  }
  transitionCache.set(zone, found);
  return found;
}

const pad = (n: number) => String(n).padStart(2, "0");
const timeOf = (wallMs: number) => {
  const minutes = Math.floor((((wallMs % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
};
const dateOf = (wallMs: number) => new Date(wallMs).toISOString().slice(0, 10);

/** The expected call on `date` at `time`: Temporal "compatible", and null if it lands on another date. */
function expected(zone: string, date: string, time: string): number | null {
  const [year, month, day] = date.split("-").map(Number);
  const [hour, minute] = time.split(":").map(Number);
  const zdt = Temporal.ZonedDateTime.from({ timeZone: zone, year, month, day, hour, minute }, { disambiguation: "compatible" });
  return zdt.toPlainDate().toString() === date ? zdt.epochMilliseconds : null;
}

/** Deterministic PRNG (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const daily = (timezone: string, timeOfDay: string): CallRule => ({ timezone, timeOfDay, cadence: "daily" });

// Thousands of cases against a polyfill: CPU-heavy, so a generous timeout on a loaded machine (correctness, not speed).
describe("oracle: Temporal polyfill", { timeout: 180_000 }, () => {
  it("agrees on every zone, around every offset change in 2024-2027 and on random dates", () => {
    const rand = random(20260308);
    const failures: string[] = [];
    let cases = 0;
    let transitionCount = 0;
    const check = (zone: string, date: string, time: string) => {
      cases++;
      const want = expected(zone, date, time);
      const got = occurrenceOn(daily(zone, time), date)?.getTime() ?? null;
      if (got !== want) {
        failures.push(`${zone} ${date} ${time}: got ${got && new Date(got).toISOString()}, want ${want && new Date(want).toISOString()}`);
      }
    };

    for (const zone of ZONES) {
      const changes = transitions(zone);
      // schedule.ts's memo relies on no two offset changes within 72 h (true for all tz history).
      for (let i = 1; i < changes.length; i++) expect(changes[i].at - changes[i - 1].at).toBeGreaterThan(3 * DAY_MS);
      for (const { at, before, after } of changes) {
        transitionCount++;
        // The change instant on the old and the new wall clock: the gap or overlap lies between.
        const [low, high] = [Math.min(at + before, at + after), Math.max(at + before, at + after)];
        const times = new Set([...FIXED_TIMES, ...[low, low + 60_000, (low + high) / 2, high - 60_000, high].map(timeOf)]);
        const dates = new Set([low - DAY_MS, low, high, high + DAY_MS].map(dateOf));
        for (const date of dates) for (const time of times) check(zone, date, time);
      }
      // Ordinary days: random dates and times.
      for (let i = 0; i < 6; i++) {
        const date = dateOf(SCAN_FROM + Math.floor(rand() * ((SCAN_TO - SCAN_FROM) / DAY_MS)) * DAY_MS);
        check(zone, date, timeOf(Math.floor(rand() * 1440) * 60_000));
      }
    }

    console.info(`oracle: ${cases} occurrenceOn cases, ${ZONES.length} zones, ${transitionCount} offset changes`);
    expect(transitionCount).toBeGreaterThan(900); // ~130 zones change offsets in 2024-2027
    expect(failures.slice(0, 20)).toEqual([]);
  });

  it("the walkers agree with Temporal around every offset change", () => {
    const failures: string[] = [];
    let cases = 0;
    for (const zone of ZONES) {
      for (const { at, before, after } of transitions(zone)) {
        // A wall time inside the gap or overlap (or at the change, if it spans minutes only).
        const time = timeOf(at + Math.min(before, after) + Math.abs(after - before) / 2);
        const from = at - 2 * DAY_MS;
        const to = at + 2 * DAY_MS;
        // Expected: resolve each local date from the day before `from`'s, keep those in [from, to).
        const want: string[] = [];
        for (let d = Date.parse(dateOf(from + before)) - DAY_MS; d <= to + after + DAY_MS; d += DAY_MS) {
          const e = expected(zone, dateOf(d), time);
          if (e !== null && e >= from && e < to) want.push(`${dateOf(d)} ${new Date(e).toISOString()}`);
        }
        cases++;
        const between = occurrencesBetween(daily(zone, time), new Date(from), new Date(to));
        const got = between.map(({ localDate, at: t }) => `${localDate} ${t.toISOString()}`);
        const next = nextOccurrences(daily(zone, time), new Date(from - 1), want.length).map((t) => t.toISOString());
        if (got.join() !== want.join() || next.join() !== want.map((w) => w.slice(11)).join()) {
          failures.push(`${zone} ${time} around ${new Date(at).toISOString()}: between ${got}, next ${next}, want ${want}`);
        }
      }
    }
    console.info(`oracle: ${cases} occurrencesBetween + nextOccurrences windows`);
    expect(failures.slice(0, 20)).toEqual([]);
  });
});
