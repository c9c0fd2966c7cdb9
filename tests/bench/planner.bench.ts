// Check-in planner and dispatcher benchmark (on demand, not part of `npm test`):
//
//   npx tsx tests/bench/planner.bench.ts [--sizes 1000,10000,100000] [--calls 1000 (0: planner only)] [--caps 10] [--latency-ms 150]
//
// A throwaway embedded PostgreSQL (migrated), the Vapi simulator, and the app
// modules imported after the environment points at them.
//
// Planner, for each size (1k, 10k, 100k active schedules, bulk-inserted by SQL
// with varied zones, times and cadences):
//   (a) first tick: every schedule is due (nextPlanAt = now), the worst case.
//       Each batch of 500 due schedules is one transaction of three
//       statements (the schedules' moves, their jobs, their pg-boss jobs).
//   (b) steady state: 5 minutes later. Every schedule's nextPlanAt is set to
//       where a completed first tick leaves it (the first call after the 36 h
//       horizon), so only the ~1/288 schedules entering the horizon are due.
//   (c) baseline: a bare SELECT count(*) over the same table in the same run,
//       and the planner's due-schedules query alone (index range scan).
//
// Dispatcher: --calls jobs due at the same instant (everyone picked 09:00),
// dispatched by two real workers (startWorker twice: pg-boss batchSize 1,
// polling 0.5 s, one global cap CHECKIN_MAX_CONCURRENT_CALLS) against the
// simulator answering POST /call after --latency-ms. Reports the total time,
// calls/s, the most POST /call requests the simulator had in flight at once
// (must never exceed the cap) and lateness (POST /call start - scheduledForUtc).
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ensureDatabase, migrateDeploy } from "../../app/sandbox/database";
import { startVapiSimulator } from "../../app/sandbox/vapi-simulator/server";
import { TEST_ENV } from "../support/test-env";
import { cpuNow, formatCpu, postgresPid } from "./lib/cpu";

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}
const SIZES = option("sizes", "1000,10000,100000").split(",").map(Number);
const CALLS = Number(option("calls", "1000"));
const CAPS = option("caps", "10").split(",").map(Number);
const LATENCY_MS = Number(option("latency-ms", "150"));

const NOW = new Date("2026-03-10T12:02:17.345Z");
const ZONES = [
  "America/New_York",
  "Europe/Berlin",
  "Asia/Tokyo",
  "Asia/Kolkata",
  "America/Los_Angeles",
  "Australia/Sydney",
  "UTC",
  "America/Sao_Paulo",
  "Africa/Lagos",
  "Pacific/Auckland",
  "Asia/Kathmandu",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "America/St_Johns",
];

const ms = (value: number) => (value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(1)} ms`);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

async function main() {
  const cleanups: Array<() => Promise<unknown>> = [];
  const benchStarted = performance.now();
  try {
    console.log("bench: starting the embedded PostgreSQL and applying migrations…");
    delete process.env.DATABASE_URL;
    const dataDir = path.resolve(`.data/bench-${randomBytes(3).toString("hex")}`);
    const database = await ensureDatabase("checkins_bench", { dataDir, persistent: false });
    cleanups.unshift(() => database.stop());
    await migrateDeploy(database.url);
    const sim = await startVapiSimulator({
      apiKey: TEST_ENV.VAPI_API_KEY,
      activationDelayMs: 0,
      concurrencyLimit: 100_000,
      timings: { ringMs: 10, talkMs: 10 },
    });
    cleanups.unshift(() => sim.close());

    // The app reads its environment once, at import: set it, then import.
    Object.assign(process.env, TEST_ENV, { NODE_ENV: "development", LOG_LEVEL: "error", DATABASE_URL: database.url, VAPI_BASE_URL: sim.url });
    const { default: prisma } = await import("../../app/db.server");
    const { env } = await import("../../app/env.server");
    const planner = await import("../../app/checkins/planner.server");
    const { nextOccurrences } = await import("../../app/checkins/schedule");
    const { jobQueue, stopJobQueue, QUEUES } = await import("../../app/jobs/queue.server");
    const { startWorker } = await import("../../app/jobs/worker");
    const { closeCallSlots } = await import("../../app/jobs/call-slots.server");
    const { vapiClient } = await import("../../app/vapi/client.server");
    cleanups.unshift(() => prisma.$disconnect());
    cleanups.unshift(() => stopJobQueue());
    const boss = await jobQueue();

    const clear = async () => {
      await prisma.$executeRawUnsafe(`TRUNCATE "CallJob", "CallSettings", "Shop" CASCADE`);
      await prisma.$executeRaw`DELETE FROM pgboss.job WHERE name = ${QUEUES.dispatch}`;
      await prisma.$executeRawUnsafe(`VACUUM ANALYZE "CallSettings"`);
    };

    // ------------------------------------------------------------------ planner
    type PlannerRow = {
      size: number;
      insertMs: number;
      first: string;
      firstRate: string;
      jobs: number;
      steady: string;
      steadyDue: number;
      count: string;
      dueQuery: string;
    };
    const plannerRows: PlannerRow[] = [];
    const plannerFigures: Array<{
      size: number;
      firstMs: number;
      firstComplete: boolean;
      steadyMs: number;
      steadyDue: number;
      countMs: number;
      dueMs: number;
    }> = [];
    for (const size of SIZES) {
      await clear();
      const insertFrom = performance.now();
      await prisma.$executeRaw`
        INSERT INTO "Shop" (id, domain, name, "updatedAt")
        SELECT 'shop' || g, 'bench-' || g || '.myshopify.com', 'Bench ' || g, now() FROM generate_series(1, ${size}::int) g`;
      await prisma.$executeRaw`
        INSERT INTO "CallSettings" (id, "shopId", "phoneE164", timezone, "timeOfDay", cadence, "daysOfWeek", active, "nextPlanAt", "updatedAt")
        SELECT 'cs' || g, 'shop' || g, '+1212555' || lpad((g % 10000)::text, 4, '0'),
          (${ZONES}::text[])[1 + g % ${ZONES.length}::int],
          lpad(((g * 7) % 24)::text, 2, '0') || ':' || lpad(((g * 13) % 60)::text, 2, '0'),
          (ARRAY['daily', 'daily', 'weekdays', 'weekends', 'custom'])[1 + g % 5]::"Cadence",
          CASE WHEN g % 5 = 4 THEN ARRAY[1, 3, 5] ELSE ARRAY[]::int[] END,
          true, ${NOW}::timestamptz AT TIME ZONE 'UTC', now()
        FROM generate_series(1, ${size}::int) g`;
      await prisma.$executeRawUnsafe(`VACUUM ANALYZE "CallSettings"`);
      const insertMs = performance.now() - insertFrom;

      // (a) first tick: the planner's loop, within the time budget.
      console.log(`bench: ${size} schedules inserted in ${ms(insertMs)}; first tick…`);
      const horizonEnd = new Date(NOW.getTime() + planner.PLAN_HORIZON_MS);
      let planned = 0;
      let jobs = 0;
      const cpuBefore = cpuNow({ postgres: postgresPid(dataDir) });
      const firstFrom = performance.now();
      // The planner's own loop: batches of due schedules, one transaction of three statements each.
      const result = await planner.planDueSchedules(NOW);
      planned = result.schedules;
      jobs = result.jobs;
      const complete = planned === size;
      const firstMs = performance.now() - firstFrom;
      const cpuAfter = cpuNow({ postgres: postgresPid(dataDir) });
      const firstCpu = formatCpu({ planner: cpuAfter.bench - cpuBefore.bench, postgres: cpuAfter.postgres - cpuBefore.postgres }, ["planner", "postgres"]);
      const rate = planned / (firstMs / 1000);
      const first = complete ? ms(firstMs) : `~${ms((size / rate) * 1000)} (${planned} in ${ms(firstMs)})`;

      // (b) steady state: nextPlanAt where a complete first tick leaves it, then a tick 5 minutes later.
      const all = await prisma.callSettings.findMany({ select: { id: true, timezone: true, timeOfDay: true, cadence: true, daysOfWeek: true } });
      const ids: string[] = [];
      const nexts: Date[] = [];
      for (const settings of all) {
        ids.push(settings.id);
        nexts.push(nextOccurrences(planner.callRule(settings), new Date(horizonEnd.getTime() - 1), 1)[0]);
      }
      await prisma.$executeRaw`
        UPDATE "CallSettings" AS s SET "nextPlanAt" = v.next AT TIME ZONE 'UTC'
        FROM unnest(${ids}::text[], ${nexts}::timestamptz[]) AS v(id, next) WHERE s.id = v.id`;
      await prisma.$executeRawUnsafe(`VACUUM ANALYZE "CallSettings"`);
      const later = new Date(NOW.getTime() + 5 * 60_000);
      const steadyDue = await prisma.callSettings.count({ where: { active: true, nextPlanAt: { lt: new Date(later.getTime() + planner.PLAN_HORIZON_MS) } } });
      const steadyFrom = performance.now();
      const steady = await planner.planDueSchedules(later);
      const steadyMs = performance.now() - steadyFrom;
      if (steady.schedules !== steadyDue) throw new Error(`steady tick planned ${steady.schedules}, expected ${steadyDue}`);

      // (c) baselines in the same run.
      const countFrom = performance.now();
      await prisma.$queryRawUnsafe(`SELECT count(*) FROM "CallSettings"`);
      const countMs = performance.now() - countFrom;
      const dueFrom = performance.now();
      await prisma.callSettings.findMany({
        where: { active: true, nextPlanAt: { lt: new Date(later.getTime() + planner.PLAN_HORIZON_MS) } },
        orderBy: { nextPlanAt: "asc" },
        take: 500,
      });
      const dueMs = performance.now() - dueFrom;

      plannerFigures.push({ size, firstMs: complete ? firstMs : (size / rate) * 1000, firstComplete: complete, steadyMs, steadyDue, countMs, dueMs });
      plannerRows.push({
        size,
        insertMs,
        first,
        firstRate: `${rate.toFixed(0)}/s`,
        jobs,
        steady: `${ms(steadyMs)} (${steady.jobs} jobs)`,
        steadyDue,
        count: ms(countMs),
        dueQuery: ms(dueMs),
      });
      console.log(`bench: ${size}: first tick ${first} (CPU ms: ${firstCpu}), steady ${ms(steadyMs)}`);
    }
    const plan = (
      await prisma.$queryRawUnsafe<Array<{ "QUERY PLAN": string }>>(
        `EXPLAIN SELECT * FROM "CallSettings" WHERE active AND "nextPlanAt" < now() + interval '36 hours' ORDER BY "nextPlanAt" LIMIT 500`,
      )
    ).map((row) => row["QUERY PLAN"]);

    // `npm run bench` (tests/bench/run.ts) reads the planner's figures from here, and skips the dispatcher.
    if (process.env.BENCH_RESULT_FILE) writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify(plannerFigures));
    if (CALLS === 0) return;

    // --------------------------------------------------------------- dispatcher
    await clear();
    console.log(`bench: creating ${CALLS} shops with receptionists at the simulator…`);
    const vapi = vapiClient();
    const receptionists: Array<{ assistantId: string; phoneNumberId: string }> = [];
    for (let i = 0; i < CALLS; i += 25) {
      receptionists.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(25, CALLS - i) }, async () => {
            const assistant = await vapi.assistants.create({ name: "Bench", model: { provider: "anthropic", model: "claude-sonnet-4-5-20250929" } } as never);
            const number = await vapi.phoneNumbers.create({ provider: "vapi", numberDesiredAreaCode: "415", assistantId: assistant.id });
            return { assistantId: assistant.id, phoneNumberId: number.id };
          }),
        )),
      );
    }
    const shops = await prisma.shop.createManyAndReturn({
      data: receptionists.map((r, i) => ({ domain: `dispatch-${i}.myshopify.com`, name: `Dispatch ${i}`, receptionistStatus: "active" as const, ...r })),
      select: { id: true },
    });
    const schedules = await prisma.callSettings.createManyAndReturn({
      data: shops.map((shop, i) => ({
        shopId: shop.id,
        phoneE164: `+1212556${String(i).padStart(4, "0")}`,
        timezone: "UTC",
        timeOfDay: "09:00",
        cadence: "daily" as const,
        active: true,
      })),
      select: { id: true, shopId: true },
    });
    sim.setLatency({ method: "POST", path: "/call", ms: LATENCY_MS });

    type DispatchRow = { cap: number; totalMs: number; rate: number; maxInFlight: number; p50: number; p99: number; max: number; placed: number };
    const dispatchRows: DispatchRow[] = [];
    for (const [run, cap] of CAPS.entries()) {
      await prisma.callJob.deleteMany();
      await prisma.$executeRaw`DELETE FROM pgboss.job WHERE name = ${QUEUES.dispatch}`;
      (env as { CHECKIN_MAX_CONCURRENT_CALLS: number }).CHECKIN_MAX_CONCURRENT_CALLS = cap;
      const dueAt = new Date(Date.now() + 4_000);
      const localDate = `2026-12-${String(run + 1).padStart(2, "0")}`;
      const jobs = await prisma.callJob.createManyAndReturn({
        data: schedules.map((s) => ({ shopId: s.shopId, callSettingsId: s.id, localDate, scheduledForUtc: dueAt })),
        select: { id: true },
      });
      await boss.insert(
        QUEUES.dispatch,
        jobs.map((job) => ({ data: { callJobId: job.id }, startAfter: dueAt })),
      );
      const mark = sim.state().requests.at(-1)?.seq ?? 0;
      // Two workers, as two instances would run; the cap is global (call-slots.server.ts).
      await closeCallSlots();
      const workers = [await startWorker(), await startWorker()];
      console.log(`bench: dispatching ${CALLS} calls due at the same instant, cap ${cap}…`);
      const deadline = Date.now() + 180_000;
      for (;;) {
        const open = await prisma.callJob.count({ where: { OR: [{ status: "queued" }, { status: "scheduled", vapiCallId: null }] } });
        if (open === 0 || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await Promise.all(workers.map((worker) => worker.stop()));
      const posts = sim.state().requests.filter((r) => r.seq > mark && r.method === "POST" && r.path === "/call");
      const starts = posts.map((r) => Date.parse(r.timestamp));
      const ends = posts.map((r) => Date.parse(r.timestamp) + (r.durationMs ?? 0));
      // The most requests in flight at once: sweep over start (+1) and end (-1) events; ends first on ties.
      const events = [...starts.map((t) => [t, 1] as const), ...ends.map((t) => [t, -1] as const)].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      let inFlight = 0;
      let maxInFlight = 0;
      for (const [, delta] of events) maxInFlight = Math.max(maxInFlight, (inFlight += delta));
      const lateness = starts.map((t) => t - dueAt.getTime());
      const placed = await prisma.callJob.count({ where: { status: "scheduled", vapiCallId: { not: null } } });
      const totalMs = Math.max(...ends) - dueAt.getTime();
      dispatchRows.push({
        cap,
        totalMs,
        rate: posts.length / (totalMs / 1000),
        maxInFlight,
        p50: percentile(lateness, 50),
        p99: percentile(lateness, 99),
        max: Math.max(...lateness),
        placed,
      });
    }

    // ------------------------------------------------------------------ report
    console.log(
      `\nPlanner tick (36 h horizon; one transaction per batch of 500 due schedules: multi-row job insert + one pg-boss insert), now = ${NOW.toISOString()}`,
    );
    console.table(
      plannerRows.map((r) => ({
        schedules: r.size,
        "bulk insert": ms(r.insertMs),
        "(a) first tick, all due": r.first,
        "(a) schedules/s": r.firstRate,
        "(a) jobs created": r.jobs,
        "(b) due 5 min later": r.steadyDue,
        "(b) steady tick": r.steady,
        "(c) SELECT count(*)": r.count,
        "(c) due query alone": r.dueQuery,
      })),
    );
    console.log(`Due-schedules query plan:\n  ${plan.join("\n  ")}`);
    console.log(
      `\nDispatch of ${CALLS} calls due at the same instant; simulator POST /call latency ${LATENCY_MS} ms; two workers, batchSize 1, polling 0.5 s, global cap`,
    );
    console.table(
      dispatchRows.map((r) => ({
        cap: r.cap,
        placed: r.placed,
        "total (due -> last answer)": ms(r.totalMs),
        "calls/s": r.rate.toFixed(1),
        "max in flight at simulator": r.maxInFlight,
        "lateness p50": ms(r.p50),
        "lateness p99": ms(r.p99),
        "lateness max": ms(r.max),
      })),
    );
    for (const r of dispatchRows) if (r.maxInFlight > r.cap) console.log(`!! cap ${r.cap} exceeded: ${r.maxInFlight} requests in flight`);
    console.log(`\nbench: done in ${ms(performance.now() - benchStarted)}`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => console.error("cleanup failed:", error));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
