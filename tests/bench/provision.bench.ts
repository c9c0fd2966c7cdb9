// Provisioning benchmark (on demand, not part of `npm test`):
//
//   npx tsx tests/bench/provision.bench.ts [--happy N] [--worst N] [--timeline]
//
// Runs the app's real provisionReceptionist() (real Prisma on an embedded
// PostgreSQL, the real Vapi SDK and retry policy with real backoff sleeps)
// against the Vapi simulator with realistic latencies, for the happy path and
// the spec's worst case (assistant creation fails twice with 500, the first
// three area codes are unavailable). For every run it separates:
//
//   total    wall time of provisionReceptionist()
//   floor    what no client could avoid, measured in the same run: the
//            time covered by at least one of
//              the Vapi requests in the simulator's log (server side:
//              latency + handling), of the activation polls only the one
//              that first answered once the number was active,
//              the retry backoff waits actually slept,
//              the number's activation (created to activated, from the
//              simulator's record of the number).
//            A time covered twice counts once: the answering poll is asked
//            before the activation ends (the simulator answers with the
//            state at its answer), and requests may run side by side.
//   overhead total - floor: the app's own time (database, SDK/HTTP client,
//            CPU), including the activation polling's ("poll" column: from
//            the activation to the answer that reported it).
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ensureDatabase, migrateDeploy } from "../../app/sandbox/database";
import { TEST_ENV } from "../support/test-env";
import { startSimulatorProcess, type SimulatorProcess } from "./lib/simulator-process";

const LATENCY = { postAssistant: 600, postPhoneNumber: 400, get: 100 };
const ACTIVATION_MS = 1000;
// The happy path's first code is available; the worst case loses the first three.
const AREA_CODES = "212,415,510,650";
const UNAVAILABLE = { message: "This area code is currently not available. Hint: Try one of 562, 662, 716.", error: "Bad Request", statusCode: 400 };

const PRODUCTS = [
  { title: "Trail Runner Backpack 28L", minPrice: "89.00", maxPrice: "89.00", currencyCode: "USD", available: true },
  { title: "Merino Base Layer", minPrice: "65.00", maxPrice: "75.00", currencyCode: "USD", available: true },
  { title: "Camp Mug", minPrice: "18.00", maxPrice: "18.00", currencyCode: "USD", available: false },
];

type Scenario = "happy" | "worst";

interface RunResult {
  totalMs: number;
  floorMs: number;
  requestsMs: number;
  waitsMs: number;
  activationMs: number;
  pollMs: number;
  requests: number;
  /** The stretches of the run outside the floor: [from, to, what came before, what came next]. */
  gaps: Array<[number, number, string, string]>;
}

type RunFigure = Exclude<keyof RunResult, "gaps">;

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a positive whole number`);
  return value;
}

async function main() {
  const runs: Record<Scenario, number> = { happy: argument("happy", 10), worst: argument("worst", 5) };
  const cleanups: Array<() => Promise<unknown>> = [];
  const started = performance.now();
  try {
    console.log("bench: starting the embedded PostgreSQL and applying migrations…");
    // Always a throwaway embedded server: the benchmark creates shops.
    delete process.env.DATABASE_URL;
    const database = await ensureDatabase("receptionist_bench", {
      dataDir: path.resolve(`.data/bench-${randomBytes(3).toString("hex")}`),
      persistent: false,
    });
    cleanups.unshift(() => database.stop());
    await migrateDeploy(database.url);

    // In a process of its own, as Vapi is: its work is not charged to the app's event loop.
    const sim = await startSimulatorProcess({ apiKey: TEST_ENV.VAPI_API_KEY, activationDelayMs: ACTIVATION_MS });
    cleanups.unshift(() => sim.close());

    // The app reads its environment once, at import: set it, then import.
    Object.assign(process.env, TEST_ENV, {
      NODE_ENV: "development",
      LOG_LEVEL: "error",
      DATABASE_URL: database.url,
      VAPI_BASE_URL: sim.url,
      VAPI_AREA_CODES: AREA_CODES,
    });
    const { provisionReceptionist } = await import("../../app/receptionist/provisioning.server");
    const { default: prisma } = await import("../../app/db.server");
    cleanups.unshift(() => prisma.$disconnect());

    const runOnce = async (scenario: Scenario): Promise<RunResult> => {
      await sim.reset(); // clears resources, the request log, faults and latency
      await sim.setLatency({ method: "POST", path: "/assistant", ms: LATENCY.postAssistant });
      await sim.setLatency({ method: "POST", path: "/phone-number", ms: LATENCY.postPhoneNumber });
      await sim.setLatency({ method: "GET", ms: LATENCY.get });
      if (scenario === "worst") {
        await sim.fail({ method: "POST", path: "/assistant", status: 500, times: 2 });
        await sim.fail({ method: "POST", path: "/phone-number", status: 400, body: UNAVAILABLE, times: 3 });
      }
      const shop = await prisma.shop.create({
        data: { domain: `bench-${randomBytes(4).toString("hex")}.myshopify.com`, name: "Harbor & Pine Outfitters", timezone: "America/New_York" },
      });
      const waits: Interval[] = [];
      const sleep = async (ms: number) => {
        const from = Date.now(); // the simulator's clock
        await new Promise((resolve) => setTimeout(resolve, ms));
        waits.push([from, Date.now()]);
      };
      const settings = { voice: "anna", hoursOfOperation: "Mon-Fri 9am-5pm ET", preferredAreaCode: null, forwardingNumber: null };

      const run: Interval = [Date.now(), 0];
      const from = performance.now();
      const outcome = await provisionReceptionist(shop.id, settings, async () => PRODUCTS, { sleep });
      const totalMs = performance.now() - from;
      run[1] = Date.now();
      if (outcome.status !== "provisioned") throw new Error(`expected a new receptionist, got ${outcome.status}`);
      return measure(await settledState(sim), scenario, totalMs, run, waits, outcome.shop.phoneNumberId!);
    };

    console.log("bench: warm-up run (not counted)…");
    await runOnce("happy");
    const results: Record<Scenario, RunResult[]> = { happy: [], worst: [] };
    for (const scenario of ["happy", "worst"] as const) {
      process.stdout.write(`bench: ${scenario} path, ${runs[scenario]} runs `);
      for (let run = 1; run <= runs[scenario]; run++) {
        results[scenario].push(await runOnce(scenario));
        process.stdout.write(".");
      }
      process.stdout.write("\n");
    }
    process.stdout.write("\n");
    report(results);
    if (process.argv.includes("--timeline")) timeline(results);
    // `npm run bench` (tests/bench/run.ts) reads the medians from here.
    if (process.env.BENCH_RESULT_FILE) {
      const summary = Object.fromEntries(
        Object.entries(results).map(([scenario, list]) => [
          scenario,
          {
            floorMs: percentile(
              list.map((result) => result.floorMs),
              50,
            ),
            totalMs: percentile(
              list.map((result) => result.totalMs),
              50,
            ),
            overheadMs: percentile(
              list.map((result) => result.totalMs - result.floorMs),
              50,
            ),
            overheadP95Ms: percentile(
              list.map((result) => result.totalMs - result.floorMs),
              95,
            ),
          },
        ]),
      );
      writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify(summary));
    }
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => console.error("bench: cleanup failed:", error));
    console.log(`\nbench: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

/** The floor and its parts, from the simulator's log and record of the number. */
/** [start, end] in epoch ms. */
type Interval = [number, number];

/** The time covered by at least one of the intervals. */
function coveredMs(intervals: Interval[]): number {
  let covered = 0;
  let reach = -Infinity;
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (end > reach) covered += end - Math.max(start, reach);
    reach = Math.max(reach, end);
  }
  return covered;
}

/** The parts of `run` that none of the labelled intervals cover, each named by the intervals it lies between. */
function uncovered(run: Interval, parts: Array<[Interval, string]>): RunResult["gaps"] {
  const gaps: RunResult["gaps"] = [];
  let reach = run[0];
  let before = "start";
  for (const [[start, end], label] of [...parts].sort((a, b) => a[0][0] - b[0][0])) {
    if (start > reach) gaps.push([reach, Math.min(start, run[1]), before, label]);
    if (end > reach) {
      reach = end;
      before = label;
    }
  }
  if (run[1] > reach) gaps.push([reach, run[1], before, "end"]);
  return gaps;
}

/**
 * The simulator's state once every request it received has been answered: an activation poll the app ended when
 * another poll found the number active is still answered by the simulator, after its latency.
 */
async function settledState(sim: SimulatorProcess): Promise<Awaited<ReturnType<SimulatorProcess["state"]>>> {
  const deadline = Date.now() + 2 * LATENCY.get + 1000;
  for (;;) {
    const state = await sim.state();
    if (state.requests.every((entry) => entry.durationMs !== null) || Date.now() > deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function measure(
  state: Awaited<ReturnType<SimulatorProcess["state"]>>,
  scenario: Scenario,
  totalMs: number,
  run: Interval,
  waits: Interval[],
  phoneNumberId: string,
): RunResult {
  const requests = state.requests;
  if (requests.some((entry) => entry.durationMs === null)) throw new Error("a Vapi request was still open a second after provisioning");
  const polls = requests.filter((entry) => entry.method === "GET" && entry.path === `/phone-number/${phoneNumberId}`);
  const number = state.phoneNumbers.find((candidate) => candidate.id === phoneNumberId);
  const ends = (entry: (typeof requests)[number]) => Date.parse(entry.timestamp) + entry.durationMs!;
  const activated = number ? Date.parse(number.updatedAt) : NaN;
  // The poll that told the app: the first to answer once the number was active (the simulator answers with the state at its answer).
  const answeringPoll = polls.filter((entry) => ends(entry) >= activated).sort((a, b) => ends(a) - ends(b))[0];
  if (!answeringPoll || !number) throw new Error("the request log lacks the poll that found the number active");

  const expected = scenario === "happy" ? { assistantFaults: 0, numberFaults: 0 } : { assistantFaults: 2, numberFaults: 3 };
  const faulted = (path: string) => requests.filter((entry) => entry.method === "POST" && entry.path === path && entry.fault === "status").length;
  if (faulted("/assistant") !== expected.assistantFaults || faulted("/phone-number") !== expected.numberFaults) {
    throw new Error(`${scenario}: the simulator's faults were not all used`);
  }

  // Polls that found the number still activating, or answered after the answering one, add nothing a client needs.
  const counted = requests.filter((entry) => !polls.includes(entry) || entry === answeringPoll);
  const requestsMs = counted.reduce((sum, entry) => sum + entry.durationMs!, 0);
  const waitsMs = waits.reduce((sum, [start, end]) => sum + end - start, 0);
  const activationMs = activated - Date.parse(number.createdAt);
  const pollMs = ends(answeringPoll) - activated;
  const parts: Array<[Interval, string]> = [
    ...counted.map((entry): [Interval, string] => [
      [Date.parse(entry.timestamp), ends(entry)],
      `${entry.method} ${entry.path.replace(/\/[\w-]{20,}/, "/:id")}`,
    ]),
    ...waits.map((wait): [Interval, string] => [wait, `backoff ${wait[1] - wait[0]} ms`]),
    [[Date.parse(number.createdAt), activated], "activation"],
  ];
  const floorMs = coveredMs(parts.map(([interval]) => interval));
  return { totalMs, floorMs, requestsMs, waitsMs, activationMs, pollMs, requests: requests.length, gaps: uncovered(run, parts) };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function report(results: Record<Scenario, RunResult[]>) {
  console.log(
    `Vapi simulator latencies: POST /assistant ${LATENCY.postAssistant} ms, POST /phone-number ${LATENCY.postPhoneNumber} ms, GET ${LATENCY.get} ms, activation ${ACTIVATION_MS} ms`,
  );
  console.log("worst case: POST /assistant 500 twice (backoff 1 s + 2 s), first three area codes unavailable\n");
  const header = ["scenario", "runs", "reqs", "total med", "total p95", "floor med", "floor p95", "overhead med", "overhead p95", "poll med", "ovh % floor"];
  const rows = (Object.entries(results) as Array<[Scenario, RunResult[]]>).map(([scenario, list]) => {
    const pick = (key: RunFigure) => list.map((result) => result[key]);
    const overhead = list.map((result) => result.totalMs - result.floorMs);
    const ms = (value: number) => `${Math.round(value)} ms`;
    return [
      scenario,
      String(list.length),
      String(percentile(pick("requests"), 50)),
      ms(percentile(pick("totalMs"), 50)),
      ms(percentile(pick("totalMs"), 95)),
      ms(percentile(pick("floorMs"), 50)),
      ms(percentile(pick("floorMs"), 95)),
      ms(percentile(overhead, 50)),
      ms(percentile(overhead, 95)),
      ms(percentile(pick("pollMs"), 50)),
      `${((percentile(overhead, 50) / percentile(pick("floorMs"), 50)) * 100).toFixed(0)} %`,
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
  for (const row of rows) console.log(line(row));

  console.log("\nfloor parts (median): Vapi requests, backoff waits slept, activation; the floor counts a time they overlap once");
  for (const [scenario, list] of Object.entries(results)) {
    const median = (key: RunFigure) =>
      Math.round(
        percentile(
          list.map((result) => result[key]),
          50,
        ),
      );
    console.log(`  ${scenario.padEnd(5)}  ${median("requestsMs")} ms + ${median("waitsMs")} ms, ${median("activationMs")} ms: floor ${median("floorMs")} ms`);
  }
  console.log("poll: from the number's activation to the answer of the poll that reported it (part of the overhead)");
}

/** Where the overhead of each scenario's median run went (the simulator's clock: whole milliseconds). */
function timeline(results: Record<Scenario, RunResult[]>) {
  for (const [scenario, list] of Object.entries(results)) {
    const byOverhead = [...list].sort((a, b) => a.totalMs - a.floorMs - (b.totalMs - b.floorMs));
    const median = byOverhead[Math.ceil(byOverhead.length / 2) - 1];
    console.log(`\n${scenario}: overhead ${Math.round(median.totalMs - median.floorMs)} ms, outside the floor:`);
    for (const [from, to, before, next] of median.gaps) console.log(`  ${String(to - from).padStart(4)} ms  after ${before}, before ${next}`);
  }
}

// Exits when done: provisioning queues its watchdog job, and the job queue it started would keep the process alive.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
