// Durable decisions against real PostgreSQL and pg-boss, through the same
// functions the check-in page's action calls: a date the merchant canceled
// stays canceled through pause/resume, saves, replans and concurrent
// planners; an unchanged save touches nothing; a changed rule moves only the
// dates whose instant changed; one call per schedule and local date.
// Every scenario also runs with two planners ticking while it happens.
import type { CallJob, CallJobStatus, Shop } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dispatchRows, plainShop, resetCheckins, startCheckins, stopCheckins, type CheckinModules } from "../../tests/support/checkins";

// Tuesday 08:00 in New York (EDT, UTC-4): today's 09:00 call is at 13:00Z.
const NOW = new Date("2026-03-10T12:00:00Z");
const MINUTE = 60_000;
const FORM = {
  name: "Dana (owner)",
  phone: "(212) 555-0123",
  timezone: "America/New_York",
  timeOfDay: "09:00",
  cadence: "daily",
  active: "true",
  consent: "true",
};
const TODAY = "2026-03-10";
const TOMORROW = "2026-03-11";

let m: CheckinModules;
let settingsModule: typeof import("./settings.server");
let shop: Shop;

beforeAll(async () => {
  m = await startCheckins();
  settingsModule = await import("./settings.server");
});
afterAll(() => stopCheckins(m));
beforeEach(async () => {
  await resetCheckins(m);
  shop = await plainShop(m, { timezone: "America/New_York" });
});

const at = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE);
const jobs = () => m.prisma.callJob.findMany({ where: { shopId: shop.id }, orderBy: [{ localDate: "asc" }, { createdAt: "asc" }] });
const settingsOf = () => m.prisma.callSettings.findFirstOrThrow({ where: { shopId: shop.id } });
/** The shop's one schedule in these scenarios, once saved. */
const scheduleId = async () => (await m.prisma.callSettings.findFirst({ where: { shopId: shop.id } }))?.id ?? null;
/** Two planners (as two workers' cron ticks would) running at `now`. */
const twoPlanners = (now: Date) => Promise.all([m.planner.planDueSchedules(now), m.planner.planDueSchedules(now)]);

async function save(fields: Record<string, string>, now: Date) {
  // The change races two planners, as it would with two workers running.
  const [result] = await Promise.all([settingsModule.saveSchedule(shop.id, await scheduleId(), { ...FORM, ...fields }, now), twoPlanners(now)]);
  expect(result.ok).toBe(true);
  await twoPlanners(now);
}

async function toggle(active: boolean, now: Date) {
  const [result] = await Promise.all([settingsModule.toggleSchedule(shop.id, (await settingsOf()).id, active, now), twoPlanners(now)]);
  expect(result.ok).toBe(true);
  await twoPlanners(now);
}

async function cancel(localDate: string) {
  const job = (await jobs()).find((candidate) => candidate.localDate === localDate && candidate.status === "queued");
  expect(job, `a queued job on ${localDate}`).toBeDefined();
  expect(await m.control.cancelJob(shop.id, job!.id)).toBe("canceled");
  return job!;
}

/** The decision per local date (superseded jobs are not decisions); fails if a date has two. */
async function decisions(): Promise<Record<string, Pick<CallJob, "id" | "status" | "scheduledForUtc">>> {
  const result: Record<string, Pick<CallJob, "id" | "status" | "scheduledForUtc">> = {};
  for (const job of await jobs()) {
    if (job.status === "superseded") continue;
    expect(result[job.localDate], `one decision on ${job.localDate}`).toBeUndefined();
    result[job.localDate] = { id: job.id, status: job.status, scheduledForUtc: job.scheduledForUtc };
  }
  return result;
}

const summary = async () =>
  Object.fromEntries(Object.entries(await decisions()).map(([date, job]) => [date, `${job.status} ${job.scheduledForUtc.toISOString().slice(11, 16)}`]));

describe("a canceled date stays canceled", () => {
  it("cancel -> pause -> resume: tomorrow stays canceled, today is planned again", async () => {
    await save({}, NOW);
    expect(await summary()).toEqual({ [TODAY]: "queued 13:00", [TOMORROW]: "queued 13:00" });
    const canceled = await cancel(TOMORROW);
    await toggle(false, at(1));
    expect(await summary()).toEqual({ [TOMORROW]: "canceled 13:00" });
    await toggle(true, at(2));
    await twoPlanners(at(7));
    expect(await summary()).toEqual({ [TODAY]: "queued 13:00", [TOMORROW]: "canceled 13:00" });
    expect((await decisions())[TOMORROW].id).toBe(canceled.id);
  });

  it("cancel -> edit -> save: the new time moves today's call, tomorrow stays canceled", async () => {
    await save({}, NOW);
    await cancel(TOMORROW);
    const [today] = await jobs();
    await save({ timeOfDay: "10:30" }, at(1));
    expect(await summary()).toEqual({ [TODAY]: "queued 14:30", [TOMORROW]: "canceled 13:00" });
    // The same job moved (not canceled and re-created), with a dispatch at its new time.
    expect((await decisions())[TODAY].id).toBe(today.id);
    const rows = (await dispatchRows(m)).filter((row) => row.callJobId === today.id);
    expect(rows.map((row) => row.startAfter.toISOString())).toEqual(["2026-03-10T13:00:00.000Z", "2026-03-10T14:30:00.000Z"]);
    // The old dispatch, at 13:00, finds the job not due and places nothing.
    expect(await m.dispatcher.dispatchCallJob(today.id, { now: new Date("2026-03-10T13:00:00Z") })).toBe("not-due");
    expect((await m.prisma.callJob.findUniqueOrThrow({ where: { id: today.id } })).status).toBe("queued");
  });

  it("a second day after a cancel: the planner's later ticks never re-create the canceled date", async () => {
    await save({}, NOW);
    await cancel(TOMORROW);
    for (let minutes = 5; minutes <= 24 * 60; minutes += 6 * 60) await twoPlanners(at(minutes));
    const result = await summary();
    expect(result[TOMORROW]).toBe("canceled 13:00");
  });
});

describe("saves", () => {
  it("an unchanged save writes nothing: no job, dispatch or schedule row changes", async () => {
    await save({}, NOW);
    await cancel(TOMORROW);
    const before = { jobs: await jobs(), rows: await dispatchRows(m), settings: await settingsOf() };
    await save({}, at(3));
    await save({ phone: "+1 212 555 0123" }, at(4)); // the same number, written differently
    expect(await jobs()).toEqual(before.jobs);
    expect(await dispatchRows(m)).toEqual(before.rows);
    expect(await settingsOf()).toEqual(before.settings);
  });

  it("a change of number or voice only touches no job", async () => {
    await save({}, NOW);
    const before = await jobs();
    await save({ phone: "+1 415 555 2671", voiceId: "adam" }, at(1));
    expect(await jobs()).toEqual(before);
    expect(await settingsOf()).toMatchObject({ phoneE164: "+14155552671", voiceId: "adam" });
  });

  it("a cadence change supersedes only the dates the rule no longer calls, and keeps the others' jobs", async () => {
    // Tuesday: weekdays -> custom Wednesday only; today (Tuesday) is no longer a call day.
    await save({ cadence: "weekdays" }, NOW);
    const before = await decisions();
    await save({ cadence: "custom", daysOfWeek: "3" } as Record<string, string>, at(1));
    const after = await decisions();
    expect(Object.keys(after)).toEqual([TOMORROW]);
    expect(after[TOMORROW].id).toBe(before[TOMORROW].id);
    const superseded = (await jobs()).filter((job) => job.status === "superseded");
    expect(superseded.map((job) => [job.localDate, job.errorMessage])).toEqual([[TODAY, "The schedule no longer calls on this day"]]);
  });

  it("a retime to a time that already passed today supersedes today's call instead of calling late", async () => {
    await save({}, NOW);
    await save({ timeOfDay: "07:00" }, at(1));
    expect(await summary()).toEqual({ [TOMORROW]: "queued 11:00" });
    const rows = await settingsModule.upcomingCalls(await settingsOf(), 2, at(1));
    expect(rows.map((row) => [row.localDate, row.state])).toEqual([
      [TODAY, "skipped"],
      [TOMORROW, "planned"],
    ]);
  });
});

describe("one call per schedule and local date", () => {
  // After today's call happened (or was decided), a retime later today does not call again today.
  const happened: Array<{ status: CallJobStatus; vapiCallId?: string; state: string }> = [
    { status: "completed", state: "called" },
    { status: "failed", state: "failed" },
    { status: "missed", state: "missed" },
    { status: "canceled", state: "canceled" },
    // Placed at Vapi, no webhook yet: it is today's call.
    { status: "scheduled", vapiCallId: "placed-call", state: "calling" },
    { status: "started", vapiCallId: "started-call", state: "calling" },
  ];
  for (const { status, vapiCallId, state } of happened) {
    it(`today's call ${status}${vapiCallId ? " (placed)" : ""}: a retime later today plans no second call today`, async () => {
      await save({}, NOW);
      const [today] = await jobs();
      await m.prisma.callJob.update({ where: { id: today.id }, data: { status, vapiCallId: vapiCallId ? `${vapiCallId}-${shop.id}` : null } });
      const later = new Date("2026-03-10T13:30:00Z"); // 09:30 in New York
      await save({ timeOfDay: "20:00" }, later);
      const result = await decisions();
      expect(result[TODAY]).toMatchObject({ id: today.id, status });
      expect(result[TOMORROW]?.scheduledForUtc.toISOString()).toBe("2026-03-12T00:00:00.000Z");
      const rows = await settingsModule.upcomingCalls(await settingsOf(), 2, later);
      expect(rows.map((row) => [row.localDate, row.state, row.at.toISOString()])).toEqual([
        [TODAY, state, "2026-03-10T13:00:00.000Z"],
        [TOMORROW, "planned", "2026-03-12T00:00:00.000Z"],
      ]);
    });
  }

  it("today's call still pending: a retime moves it, once", async () => {
    await save({}, NOW);
    const [today] = await jobs();
    await save({ timeOfDay: "11:00" }, at(1));
    await save({ timeOfDay: "12:00" }, at(2));
    expect(await summary()).toEqual({ [TODAY]: "queued 16:00", [TOMORROW]: "queued 16:00" });
    expect((await decisions())[TODAY].id).toBe(today.id);
  });

  it("delete: pending jobs are superseded, history stays, statistics count no superseded job", async () => {
    await save({}, NOW);
    const [today] = await jobs();
    await m.prisma.callJob.update({ where: { id: today.id }, data: { status: "completed" } });
    await save({ timeOfDay: "10:00" }, at(90)); // tomorrow's job moves; today's call is kept
    expect(await settingsModule.deleteSchedule(shop.id, (await settingsOf()).id)).toBe("deleted");
    await twoPlanners(at(95));
    const all = await jobs();
    expect(all.map((job) => [job.localDate, job.status, job.callSettingsId])).toEqual([
      [TODAY, "completed", null],
      [TOMORROW, "superseded", null],
    ]);
    const stats = await settingsModule.jobStats(shop.id);
    expect(stats).toMatchObject({ total: 1, successRate: 1, counts: { completed: 1, queued: 0, canceled: 0 } });
    expect(await settingsModule.listJobs(shop.id)).toHaveLength(1);
  });
});
