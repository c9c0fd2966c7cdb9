// The planner's batched writes (planBatch: one transaction per batch of due
// schedules, two batches at a time) against real PostgreSQL and pg-boss: a
// batch plans exactly what planning each schedule alone would (jobs,
// dispatches, nextPlanAt; compared with planSchedule over a table of zones
// and cadences), also over many batches beside a second planner, a failure
// leaves none of the batch, and a schedule another planner or a change moved
// is skipped within the batch.
import type { CallSettings } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { createSchedule, dispatchRows, plainShop, resetCheckins, startCheckins, stopCheckins, type CheckinModules } from "../../tests/support/checkins";

const NOW = new Date("2026-03-10T12:00:00Z");

let m: CheckinModules;
const processZone = process.env.TZ;
beforeAll(async () => {
  // node-postgres reads a timestamp without zone in the process's zone: the batch's SQL must not depend on it.
  process.env.TZ = "America/New_York";
  m = await startCheckins();
});
afterAll(async () => {
  await stopCheckins(m);
  if (processZone === undefined) delete process.env.TZ;
  else process.env.TZ = processZone;
});
beforeEach(() => resetCheckins(m));

const RULES: Array<Parameters<typeof createSchedule>[2]> = [
  { timezone: "America/New_York", timeOfDay: "09:00", cadence: "daily" },
  { timezone: "Asia/Tokyo", timeOfDay: "23:30", cadence: "weekdays" },
  { timezone: "Europe/Berlin", timeOfDay: "00:15", cadence: "weekends" },
  { timezone: "Australia/Lord_Howe", timeOfDay: "02:30", cadence: "custom", daysOfWeek: [2, 3] },
  { timezone: "Pacific/Chatham", timeOfDay: "13:45", cadence: "daily" },
  { timezone: "Asia/Kathmandu", timeOfDay: "06:05", cadence: "daily", nextPlanAt: new Date(NOW.getTime() - 3 * 60 * 60 * 1000) },
];

async function plannedState(settings: CallSettings[]) {
  const out = [];
  for (const s of settings) {
    const row = await m.prisma.callSettings.findUniqueOrThrow({ where: { id: s.id } });
    const jobs = await m.prisma.callJob.findMany({ where: { callSettingsId: s.id }, orderBy: { scheduledForUtc: "asc" } });
    out.push({ nextPlanAt: row.nextPlanAt?.toISOString() ?? null, jobs: jobs.map((job) => [job.localDate, job.scheduledForUtc.toISOString(), job.status]) });
  }
  const dispatches = await dispatchRows(m);
  const jobs = await m.prisma.callJob.findMany();
  return {
    out,
    dispatchesMatchJobs:
      dispatches
        .map((row) => row.callJobId)
        .sort()
        .join() ===
      jobs
        .map((job) => job.id)
        .sort()
        .join(),
  };
}

async function schedules() {
  const created: CallSettings[] = [];
  for (const rule of RULES) created.push(await createSchedule(m, await plainShop(m), { nextPlanAt: NOW, ...rule }));
  return created;
}

it("plans a batch exactly as planning each schedule alone would", async () => {
  const alone = await schedules();
  for (const settings of alone) await m.planner.planSchedule(settings, NOW);
  const expected = await plannedState(alone);
  await resetCheckins(m);

  const batched = await schedules();
  expect(await m.planner.planDueSchedules(NOW)).toEqual({ schedules: RULES.length, jobs: expected.out.flatMap((s) => s.jobs).length });
  const actual = await plannedState(batched);
  expect(actual).toEqual(expected);
  expect(actual.dispatchesMatchJobs).toBe(true);
  // Each dispatch is due at its job's time.
  for (const row of await dispatchRows(m)) {
    const job = await m.prisma.callJob.findUniqueOrThrow({ where: { id: row.callJobId } });
    expect(row.startAfter.getTime()).toBe(job.scheduledForUtc.getTime());
  }
});

it("a failure while enqueueing the dispatches leaves none of the batch: no job, no dispatch, no schedule moved", async () => {
  const created = await schedules();
  const boss = await m.queue.jobQueue();
  // Every batch of the tick fails (with one failing, the other loop could plan the rolled-back schedules meanwhile).
  const spy = vi.spyOn(boss, "insert").mockImplementation(async () => {
    throw new Error("simulated failure while enqueueing");
  });
  try {
    await expect(m.planner.planDueSchedules(NOW)).rejects.toThrow(/simulated failure/);
  } finally {
    spy.mockRestore();
  }
  expect(await m.prisma.callJob.count()).toBe(0);
  expect(await dispatchRows(m)).toEqual([]);
  for (const s of created)
    expect(await m.prisma.callSettings.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({ nextPlanAt: s.nextPlanAt, updatedAt: s.updatedAt });
  // The next tick plans them all.
  expect((await m.planner.planDueSchedules(NOW)).schedules).toBe(RULES.length);
  expect((await plannedState(created)).dispatchesMatchJobs).toBe(true);
});

it("a database connection lost in the middle of a batch fails the tick without ending the process, leaves nothing, and the next tick plans all", async () => {
  const created = await schedules();
  const boss = await m.queue.jobQueue();
  const insert = boss.insert.bind(boss);
  const spy = vi.spyOn(boss, "insert").mockImplementation(async (name, jobs, options) => {
    // Each batch's own connection is terminated by the server (a failover), after its jobs were written.
    await options!.db!.executeSql("SELECT pg_terminate_backend(pg_backend_pid())").catch(() => undefined);
    return insert(name, jobs, options);
  });
  try {
    await expect(m.planner.planDueSchedules(NOW)).rejects.toThrow();
  } finally {
    spy.mockRestore();
  }
  await new Promise((resolve) => setTimeout(resolve, 50)); // an unhandled client "error" would have failed the file by now
  expect(await m.prisma.callJob.count()).toBe(0);
  expect(await dispatchRows(m)).toEqual([]);
  for (const s of created) expect((await m.prisma.callSettings.findUniqueOrThrow({ where: { id: s.id } })).nextPlanAt).toEqual(s.nextPlanAt);
  expect((await m.planner.planDueSchedules(NOW)).schedules).toBe(RULES.length);
  expect((await plannedState(created)).dispatchesMatchJobs).toBe(true);
});

it("a schedule planned meanwhile (by a schedule change) is not planned again; a repeated tick writes nothing", async () => {
  const created = await schedules();
  // Another planner planned the first one meanwhile.
  await m.planner.planSchedule(created[0], NOW);
  const before = await m.prisma.callJob.count();
  const result = await m.planner.planDueSchedules(NOW);
  expect(result.schedules).toBe(RULES.length - 1); // it is no longer due
  expect(await m.prisma.callJob.count({ where: { callSettingsId: created[0].id } })).toBe(before);
  expect((await plannedState(created)).dispatchesMatchJobs).toBe(true);
  // A repeated tick writes nothing.
  expect(await m.planner.planDueSchedules(NOW)).toEqual({ schedules: 0, jobs: 0 });
});

it("plans many batches side by side, and beside a second planner, each schedule once: the same jobs and one dispatch each", async () => {
  // Expected: each rule planned alone.
  const alone = await schedules();
  for (const settings of alone) await m.planner.planSchedule(settings, NOW);
  const expectedByRule = (await plannedState(alone)).out.map((state) => state.jobs.map(([localDate, at]) => [localDate, at]));
  await resetCheckins(m);

  // 2,400 due schedules (several batches for each of the two loops), the rules repeated, spread over a few shops.
  const shops = await Promise.all(Array.from({ length: 4 }, () => plainShop(m)));
  const COPIES = 400;
  await m.prisma.callSettings.createMany({
    data: Array.from({ length: COPIES * RULES.length }, (_, index) => {
      const rule = RULES[index % RULES.length] ?? {};
      return {
        id: `many-${index % RULES.length}-${index}`,
        shopId: shops[index % shops.length].id,
        phoneE164: "+12125550123",
        timezone: rule.timezone ?? "UTC",
        timeOfDay: rule.timeOfDay ?? "09:00",
        cadence: rule.cadence ?? "daily",
        daysOfWeek: (rule.daysOfWeek as number[] | undefined) ?? [],
        active: true,
        nextPlanAt: rule.nextPlanAt ?? NOW,
      };
    }),
  });
  // A second planner (another worker's tick) at the same time.
  const [first, second] = await Promise.all([m.planner.planDueSchedules(NOW), m.planner.planDueSchedules(NOW)]);
  expect(first.schedules + second.schedules).toBe(COPIES * RULES.length);

  const jobs = await m.prisma.callJob.findMany({ orderBy: { scheduledForUtc: "asc" } });
  expect(first.jobs + second.jobs).toBe(jobs.length);
  const planned = new Map<string, string[][]>();
  for (const job of jobs) planned.set(job.callSettingsId!, [...(planned.get(job.callSettingsId!) ?? []), [job.localDate, job.scheduledForUtc.toISOString()]]);
  for (const { id } of await m.prisma.callSettings.findMany({ where: { id: { startsWith: "many-" } }, select: { id: true } })) {
    expect(planned.get(id) ?? []).toEqual(expectedByRule[Number(id.split("-")[1])]);
  }
  const dispatched = (await dispatchRows(m)).map((row) => row.callJobId).sort();
  expect(dispatched).toEqual(jobs.map((job) => job.id).sort());
  expect(await m.planner.planDueSchedules(NOW)).toEqual({ schedules: 0, jobs: 0 });
}, 120_000);
