// The planner and schedule changes against real PostgreSQL and pg-boss:
// each job and its dispatch exist once (repeated ticks, concurrent planners,
// two workers), commit together, only due schedules are read, no backlog is
// caught up, DST and far-east zones land on the right local date, and a
// schedule change moves untried jobs and keeps every decision.
import type { CallSettings, Shop } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createJob,
  createSchedule,
  dispatchRows,
  plainShop,
  receptionistShop,
  resetCheckins,
  startCheckins,
  stopCheckins,
  type CheckinModules,
} from "../../tests/support/checkins";
import { occurrencesBetween } from "./schedule";

const NOW = new Date("2026-03-10T12:00:00Z"); // Tuesday; New York is on EDT (UTC-4) since 03-08
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let m: CheckinModules;

beforeAll(async () => {
  m = await startCheckins();
});
afterAll(() => stopCheckins(m));
beforeEach(() => resetCheckins(m));

const tick = (now: Date) => m.planner.planDueSchedules(now);
const jobsOf = (settings: CallSettings) =>
  m.prisma.callJob.findMany({ where: { callSettingsId: settings.id }, orderBy: [{ scheduledForUtc: "asc" }, { createdAt: "asc" }] });
const reload = (settings: CallSettings) => m.prisma.callSettings.findUniqueOrThrow({ where: { id: settings.id } });
const schedule = async (fields: Parameters<typeof createSchedule>[2] = {}) => createSchedule(m, await plainShop(m), { nextPlanAt: NOW, ...fields });

/** A call Vapi holds as scheduled an hour ahead (not started, so it can still be withdrawn): its id. */
async function heldCall(shop: Shop, customer: string): Promise<string> {
  const held = await m.vapiClient().calls.create({
    assistantId: shop.assistantId!,
    phoneNumberId: shop.phoneNumberId!,
    customer: { number: customer },
    schedulePlan: { earliestAt: new Date(Date.now() + 3_600_000).toISOString() },
  });
  return "id" in held ? held.id : "";
}

/** Every job has exactly one dispatch, due at the job's time, and every dispatch belongs to a job. */
async function expectOneDispatchPerJob() {
  const jobs = await m.prisma.callJob.findMany({ where: { status: { not: "superseded" } } });
  const rows = await dispatchRows(m);
  const live = rows.filter((row) => jobs.some((job) => job.id === row.callJobId));
  expect(live.map((row) => row.callJobId).sort()).toEqual(jobs.map((job) => job.id).sort());
  for (const row of live) expect(row.startAfter.getTime()).toBe(jobs.find((job) => job.id === row.callJobId)!.scheduledForUtc.getTime());
  return { jobs, rows };
}

describe("planDueSchedules", () => {
  it("creates each job once over repeated ticks, with one dispatch each, due at the call time", async () => {
    const settings = await schedule();
    expect(await tick(NOW)).toEqual({ schedules: 1, jobs: 2 });
    // The same tick again, a late duplicate, and the next cron ticks.
    for (const now of [NOW, NOW, new Date(NOW.getTime() + 5 * MINUTE), new Date(NOW.getTime() + 10 * MINUTE)]) {
      expect(await tick(now)).toEqual({ schedules: 0, jobs: 0 });
    }
    const jobs = await jobsOf(settings);
    expect(jobs.map((job) => [job.localDate, job.scheduledForUtc.toISOString(), job.status])).toEqual([
      ["2026-03-10", "2026-03-10T13:00:00.000Z", "queued"],
      ["2026-03-11", "2026-03-11T13:00:00.000Z", "queued"],
    ]);
    // The first occurrence not planned yet: the one after the 36 h horizon.
    expect((await reload(settings)).nextPlanAt).toEqual(new Date("2026-03-12T13:00:00Z"));
    const { rows } = await expectOneDispatchPerJob();
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.state === "created")).toBe(true);

    // A day later the horizon reaches one more date: exactly one more job.
    expect(await tick(new Date(NOW.getTime() + 24 * HOUR))).toEqual({ schedules: 1, jobs: 1 });
    expect((await jobsOf(settings)).map((job) => job.localDate)).toEqual(["2026-03-10", "2026-03-11", "2026-03-12"]);
    expect(await dispatchRows(m)).toHaveLength(3);
  });

  it("creates each job and dispatch once when planners run concurrently", async () => {
    const zones = ["America/New_York", "Asia/Tokyo", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe", "America/Los_Angeles", "Pacific/Chatham"];
    const all: CallSettings[] = [];
    for (let i = 0; i < 21; i++) {
      all.push(
        await schedule({
          timezone: zones[i % zones.length],
          timeOfDay: `${String(i % 24).padStart(2, "0")}:${i % 2 ? "30" : "05"}`,
          cadence: i % 3 ? "daily" : "weekdays",
        }),
      );
    }
    const expected = all.reduce(
      (sum, s) => sum + occurrencesBetween(m.planner.callRule(s), NOW, new Date(NOW.getTime() + m.planner.PLAN_HORIZON_MS)).length,
      0,
    );
    const results = await Promise.all([tick(NOW), tick(NOW), tick(NOW), tick(NOW)]);
    expect(results.reduce((sum, result) => sum + result.jobs, 0)).toBe(expected);
    const { jobs, rows } = await expectOneDispatchPerJob();
    expect(jobs).toHaveLength(expected);
    expect(rows).toHaveLength(expected);
    expect(new Set(jobs.map((job) => `${job.callSettingsId}/${job.localDate}`)).size).toBe(expected);
  });

  it("creates each job and dispatch once when two workers (two pg-boss instances) start together", async () => {
    // Real time: startWorker plans at start with the clock's now.
    const now = Date.now();
    const callAt = new Date(now + 2 * HOUR);
    const timeOfDay = callAt.toISOString().slice(11, 16);
    const all: CallSettings[] = [];
    for (let i = 0; i < 10; i++) all.push(await schedule({ timezone: "UTC", timeOfDay, nextPlanAt: new Date(now) }));
    const workers = await Promise.all([m.worker.startWorker(), m.worker.startWorker()]);
    try {
      const { jobs, rows } = await expectOneDispatchPerJob();
      // Today's call (in ~2 h) and tomorrow's, per schedule.
      expect(jobs).toHaveLength(20);
      expect(rows).toHaveLength(20);
      for (const s of all) expect((await jobsOf(s)).map((job) => job.localDate)).toHaveLength(2);
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
  });

  it("writes a job row and its dispatch in one transaction: a failure leaves neither", async () => {
    const settings = await schedule();
    const boss = await m.queue.jobQueue();
    const send = boss.send.bind(boss) as (...args: unknown[]) => Promise<string | null>;
    // The first dispatch is written inside the transaction, the second fails.
    const spy = vi
      .spyOn(boss, "send")
      .mockImplementationOnce((...args: unknown[]) => send(...args))
      .mockImplementationOnce(async () => {
        throw new Error("simulated failure while enqueueing");
      });
    try {
      await expect(m.planner.planSchedule(settings, NOW)).rejects.toThrow(/simulated failure/);
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
    expect(await jobsOf(settings)).toEqual([]);
    expect(await dispatchRows(m)).toEqual([]);
    expect(await reload(settings)).toMatchObject({ nextPlanAt: NOW, updatedAt: settings.updatedAt });

    // The next tick plans it completely.
    expect(await tick(NOW)).toEqual({ schedules: 1, jobs: 2 });
    expect((await expectOneDispatchPerJob()).rows).toHaveLength(2);
  });

  it("reads only schedules with something due: far, inactive and unplanned schedules are untouched", async () => {
    const due = await schedule();
    const far = await schedule({ nextPlanAt: new Date(NOW.getTime() + 10 * 24 * HOUR) });
    const inactive = await schedule({ active: false });
    const never = await schedule({ nextPlanAt: null });
    // Exactly at the horizon's end: the half-open horizon does not include it.
    const atEdge = await schedule({ timezone: "UTC", timeOfDay: "00:00", nextPlanAt: new Date(NOW.getTime() + m.planner.PLAN_HORIZON_MS) });
    expect(atEdge.nextPlanAt).toEqual(new Date("2026-03-12T00:00:00Z"));

    expect(await tick(NOW)).toEqual({ schedules: 1, jobs: 2 });
    for (const untouched of [far, inactive, never, atEdge]) {
      expect(await reload(untouched)).toMatchObject({ updatedAt: untouched.updatedAt, nextPlanAt: untouched.nextPlanAt });
      expect(await jobsOf(untouched)).toEqual([]);
    }
    expect(await jobsOf(due)).toHaveLength(2);
    // The edge schedule is planned once the horizon has passed its call.
    expect(await tick(new Date(NOW.getTime() + 5 * MINUTE))).toEqual({ schedules: 1, jobs: 1 });
    expect((await jobsOf(atEdge)).map((job) => job.scheduledForUtc.toISOString())).toEqual(["2026-03-12T00:00:00.000Z"]);
  });

  it("ends a tick when a full batch of schedules is due exactly at the horizon's end", async () => {
    // 500 (the planner's batch size) schedules whose next call is the horizon's end: planning them
    // plans nothing and keeps nextPlanAt, so reading them again would never end.
    const edge = new Date(NOW.getTime() + m.planner.PLAN_HORIZON_MS);
    const shops = await m.prisma.shop.createManyAndReturn({
      data: Array.from({ length: 500 }, (_, i) => ({ domain: `edge-${i}-${Date.now()}.myshopify.com`, name: `Edge ${i}` })),
      select: { id: true },
    });
    await m.prisma.callSettings.createMany({
      data: shops.map((shop) => ({
        shopId: shop.id,
        phoneE164: "+12125550123",
        timezone: "UTC",
        timeOfDay: "00:00",
        cadence: "daily" as const,
        active: true,
        nextPlanAt: edge,
      })),
    });
    const result = await Promise.race([tick(NOW), new Promise((resolve) => setTimeout(() => resolve("still planning after 10 s"), 10_000))]);
    expect(result).toEqual({ schedules: 0, jobs: 0 });
    await m.prisma.shop.deleteMany({ where: { id: { in: shops.map((shop) => shop.id) } } });
  });

  it("does not catch up a backlog after downtime: only calls within the grace period are planned", async () => {
    const now = new Date("2026-03-10T13:10:00Z"); // New York 09:10
    const downSince = new Date("2026-03-07T00:00:00Z");
    const tenMinutesLate = await schedule({ timeOfDay: "09:00", nextPlanAt: downSince });
    const twentyMinutesLate = await schedule({ timeOfDay: "08:50", nextPlanAt: downSince });
    expect(await tick(now)).toEqual({ schedules: 2, jobs: 3 });
    expect((await jobsOf(tenMinutesLate)).map((job) => job.scheduledForUtc.toISOString())).toEqual(["2026-03-10T13:00:00.000Z", "2026-03-11T13:00:00.000Z"]);
    expect((await jobsOf(twentyMinutesLate)).map((job) => job.scheduledForUtc.toISOString())).toEqual(["2026-03-11T12:50:00.000Z"]);
  });

  it("plans New York 02:30 on the spring-forward day once, at 07:30Z, over a day of 5-minute ticks", async () => {
    const start = new Date("2026-03-07T12:00:00Z");
    const settings = await schedule({ timeOfDay: "02:30", nextPlanAt: start });
    for (let t = start.getTime(); t <= start.getTime() + 24 * HOUR; t += 5 * MINUTE) await tick(new Date(t));
    const jobs = await jobsOf(settings);
    expect(jobs.map((job) => [job.localDate, job.scheduledForUtc.toISOString()])).toEqual([
      ["2026-03-08", "2026-03-08T07:30:00.000Z"], // the gap: 02:30 does not exist, 03:30 EDT
      ["2026-03-09", "2026-03-09T06:30:00.000Z"], // EDT from now on
    ]);
    await expectOneDispatchPerJob();
  });

  it("plans New York 01:30 on the fall-back day once, at the earlier instant", async () => {
    const start = new Date("2026-10-31T12:00:00Z");
    const settings = await schedule({ timeOfDay: "01:30", nextPlanAt: start });
    for (let t = start.getTime(); t <= start.getTime() + 12 * HOUR; t += 30 * MINUTE) await tick(new Date(t));
    expect((await jobsOf(settings)).map((job) => [job.localDate, job.scheduledForUtc.toISOString()])).toEqual([
      ["2026-11-01", "2026-11-01T05:30:00.000Z"],
      ["2026-11-02", "2026-11-02T06:30:00.000Z"],
    ]);
  });

  it("plans Tokyo 08:00 on its local date, which is the previous UTC date", async () => {
    const now = new Date("2026-03-09T12:00:00Z"); // Monday evening in Tokyo
    const settings = await schedule({ timezone: "Asia/Tokyo", timeOfDay: "08:00", cadence: "custom", daysOfWeek: [2, 4], nextPlanAt: now });
    expect(await tick(now)).toEqual({ schedules: 1, jobs: 1 });
    expect((await jobsOf(settings)).map((job) => [job.localDate, job.scheduledForUtc.toISOString()])).toEqual([["2026-03-10", "2026-03-09T23:00:00.000Z"]]);
  });
});

describe("schedule changes (the scenarios through the page's functions are in decisions.test.ts)", () => {
  it("after a time change, moves the untried jobs to the new time: same rows, a new dispatch each", async () => {
    const settings = await schedule();
    await tick(NOW);
    const old = await jobsOf(settings);
    const changedAt = new Date(NOW.getTime() + MINUTE);
    await m.control.onScheduleChanged(settings.id, changedAt, { timeOfDay: "10:30" });

    const jobs = await jobsOf(settings);
    expect(jobs.map((job) => [job.id, job.localDate, job.scheduledForUtc.toISOString(), job.status])).toEqual([
      [old[0].id, "2026-03-10", "2026-03-10T14:30:00.000Z", "queued"],
      [old[1].id, "2026-03-11", "2026-03-11T14:30:00.000Z", "queued"],
    ]);
    // Each job has its old dispatch (which will find it not due) and one at its new time.
    const rows = await dispatchRows(m);
    expect(rows).toHaveLength(4);
    for (const job of jobs)
      expect(rows.filter((row) => row.callJobId === job.id && row.startAfter.getTime() === job.scheduledForUtc.getTime())).toHaveLength(1);
    expect(await tick(new Date(changedAt.getTime() + 5 * MINUTE))).toEqual({ schedules: 0, jobs: 0 });
  });

  it("deactivating supersedes the pending jobs and plans none", async () => {
    const settings = await schedule();
    await tick(NOW);
    await m.control.onScheduleChanged(settings.id, NOW, { active: false });
    expect((await jobsOf(settings)).map((job) => [job.status, job.errorMessage])).toEqual([
      ["superseded", "Calls paused"],
      ["superseded", "Calls paused"],
    ]);
    expect(await tick(new Date(NOW.getTime() + 5 * MINUTE))).toEqual({ schedules: 0, jobs: 0 });
    expect(await jobsOf(settings)).toHaveLength(2);
  });

  it("cancelScheduleJobs before a delete: pending jobs superseded, a queued retry failed, history kept without the schedule", async () => {
    const settings = await schedule();
    await tick(NOW);
    const done = await createJob(m, settings, { localDate: "2026-03-09", scheduledForUtc: new Date("2026-03-09T13:00:00Z"), status: "completed" });
    const retry = await createJob(m, settings, { localDate: "2026-03-08", scheduledForUtc: new Date("2026-03-10T12:10:00Z"), status: "queued", attempts: 1 });
    expect(await m.control.cancelScheduleJobs(settings.id, "Schedule deleted")).toEqual({ stopped: 3, mayRing: 0 });
    await m.prisma.callSettings.delete({ where: { id: settings.id } });
    const jobs = await m.prisma.callJob.findMany({ where: { shopId: settings.shopId }, orderBy: { localDate: "asc" } });
    expect(jobs.map((job) => [job.localDate, job.status, job.callSettingsId, job.errorMessage])).toEqual([
      ["2026-03-08", "failed", null, "Not tried again: schedule deleted"],
      ["2026-03-09", "completed", null, null],
      ["2026-03-10", "superseded", null, "Schedule deleted"],
      ["2026-03-11", "superseded", null, "Schedule deleted"],
    ]);
    expect([jobs[0].id, jobs[1].id]).toEqual([retry.id, done.id]);
  });

  // A stopped retry is a call "not tried again" only when an earlier call of it may have rung; one whose every attempt
  // failed before dialling (or was shown not placed) was never a call: superseded, its date free, as a job never tried.
  it.each([
    ["calls paused", (settings: CallSettings) => m.control.onScheduleChanged(settings.id, NOW, { active: false }), "Calls paused"],
    ["the schedule deleted", (settings: CallSettings) => m.control.cancelScheduleJobs(settings.id, "Schedule deleted"), "Schedule deleted"],
    ["the app uninstalled", (settings: CallSettings) => m.control.cancelShopJobs(settings.shopId, "The app was uninstalled"), "The app was uninstalled"],
  ])("%s: each queued retry is stopped as what its attempts were", async (_, stop, reason) => {
    const settings = await schedule();
    const other = await schedule();
    const retryAt = new Date("2026-03-10T12:10:00Z");
    // The attempts' outcomes, in order, and how the stopped job must read.
    const cases: Array<[string, string[], string, string]> = [
      ["2026-03-01", [], "superseded", reason],
      ["2026-03-02", ["placed"], "failed", `Not tried again: ${reason.toLowerCase()}`],
      ["2026-03-03", ["failed"], "superseded", reason],
      ["2026-03-04", ["failed", "failed"], "superseded", reason],
      // A 503, then a POST /call that timed out and was then shown not placed (its attempt reads "absent").
      ["2026-03-05", ["failed", "absent"], "superseded", reason],
      ["2026-03-06", ["failed", "found"], "failed", `Not tried again: ${reason.toLowerCase()}`],
      // Timed out, and Vapi could not be asked: it may have rung.
      ["2026-03-07", ["timeout"], "failed", `Not tried again: ${reason.toLowerCase()}`],
      // Read as failed (Vapi accepted it without an id), but reconciliation found the call and linked its record.
      ["2026-03-08", ["failed", "call record"], "failed", `Not tried again: ${reason.toLowerCase()}`],
    ];
    for (const target of [settings, other]) {
      for (const [localDate, outcomes] of cases) {
        const attempts = outcomes.filter((outcome) => outcome !== "call record").length;
        const job = await createJob(m, target, { localDate, scheduledForUtc: retryAt, status: "queued", attempts });
        for (const [index, outcome] of outcomes.entries()) {
          if (outcome === "call record") {
            await m.prisma.callSession.create({
              data: { shopId: target.shopId, vapiCallId: `call-${job.id}`, direction: "outbound", status: "ended", callJobId: job.id },
            });
            continue;
          }
          await m.prisma.callAttempt.create({ data: { callJobId: job.id, shopId: target.shopId, number: index + 1, outcome, finishedAt: retryAt } });
        }
      }
    }
    await stop(settings);
    const stopped = await m.prisma.callJob.findMany({ where: { callSettingsId: settings.id }, orderBy: { localDate: "asc" } });
    expect(stopped.map((job) => [job.localDate, job.status, job.errorMessage])).toEqual(cases.map(([date, , status, message]) => [date, status, message]));
    // Another shop's schedule is untouched.
    expect(new Set((await jobsOf(other)).map((job) => job.status))).toEqual(new Set(["queued"]));
  });

  it("a claimed retry stopped after its first call rang, whose date was planned again meanwhile, stays superseded and its claim ends", async () => {
    const settings = await schedule();
    const at = new Date("2026-03-10T13:00:00Z");
    const stopped = await createJob(m, settings, {
      localDate: "2026-03-10",
      scheduledForUtc: at,
      status: "superseded",
      errorMessage: "Calls paused",
      attempts: 1,
      claimToken: "dispatcher-1",
      leaseUntil: new Date(at.getTime() + MINUTE),
    });
    await m.prisma.callAttempt.create({ data: { callJobId: stopped.id, shopId: settings.shopId, number: 1, outcome: "placed", finishedAt: at } });
    // Resumed: the date has a new job (one job per date, but for superseded ones).
    await createJob(m, settings, { localDate: "2026-03-10", scheduledForUtc: new Date(at.getTime() + HOUR) });
    expect(await m.control.releaseStoppedClaim(stopped.id, "dispatcher-1")).toBe(true);
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: stopped.id } })).toMatchObject({
      status: "superseded",
      errorMessage: "Calls paused",
      claimToken: null,
      leaseUntil: null,
    });
  });

  it("cancelJob refuses another shop's job and a job that is no longer pending", async () => {
    const settings = await schedule();
    await tick(NOW);
    const [job] = await jobsOf(settings);
    const other = await plainShop(m);
    expect(await m.control.cancelJob(other.id, job.id)).toBe("not-pending");
    expect((await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("queued");
    expect(await m.control.cancelJob(settings.shopId, job.id)).toBe("canceled");
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "canceled", errorMessage: "Canceled by you" });
    expect(await m.control.cancelJob(settings.shopId, job.id)).toBe("not-pending");
  });

  it("canceling a placed call: withdrawn at Vapi while it has not started, refused (never deleted) once it rings", async () => {
    const shop = await receptionistShop(m);
    const settings = await createSchedule(m, shop, { phoneE164: "+12125550177" });
    m.simulator.setCallScript({ customerNumber: "+12125550177" }, { ringMs: 5_000 });
    const job = await createJob(m, settings);
    expect(await m.dispatcher.dispatchCallJob(job.id)).toBe("placed");
    const placed = await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(placed).toMatchObject({ status: "scheduled", vapiCallId: expect.any(String) });
    // The simulator's immediate call is ringing: Vapi has started it.
    expect(await m.control.cancelJob(shop.id, job.id)).toBe("already-started");
    const deletes = m.simulator.state().requests.filter((request) => request.method === "DELETE" && request.path === `/call/${placed.vapiCallId}`);
    expect(deletes).toHaveLength(0);
    expect((await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("scheduled");

    // A call Vapi holds as scheduled (not started) is withdrawn.
    const id = await heldCall(shop, "+12125550178");
    const second = await createJob(m, settings, { localDate: "2099-01-01", status: "scheduled", vapiCallId: id });
    expect(await m.control.cancelJob(shop.id, second.id)).toBe("canceled");
    expect(m.simulator.state().requests.filter((request) => request.method === "DELETE" && request.path === `/call/${id}`)).toHaveLength(1);
  });

  it("a placed call withdrawn by a delete: a first call's job is superseded, a retry's after a call that rang is not tried again", async () => {
    const shop = await receptionistShop(m);
    const settings = await createSchedule(m, shop, { phoneE164: "+12125550176" });
    // Each job's call now is one Vapi holds (not started); the retry's first call rang (no answer), and its record is linked.
    const cases: Array<[string, string[], string, string]> = [
      ["2099-02-01", [], "superseded", "Schedule deleted"],
      ["2099-02-02", ["placed"], "failed", "Not tried again: schedule deleted"],
      ["2099-02-03", ["failed"], "superseded", "Schedule deleted"],
    ];
    for (const [localDate, earlier] of cases) {
      const vapiCallId = await heldCall(shop, "+12125550176");
      const job = await createJob(m, settings, { localDate, status: "scheduled", vapiCallId, attempts: earlier.length + 1 });
      const outcomes = [...earlier, "placed"];
      for (const [index, outcome] of outcomes.entries()) {
        const call = index === outcomes.length - 1 ? vapiCallId : `call-${job.id}-${index}`;
        await m.prisma.callAttempt.create({
          data: { callJobId: job.id, shopId: shop.id, number: index + 1, outcome, finishedAt: new Date(), vapiCallId: call },
        });
        // Vapi reported each call, the held one too (queued), and each record is linked to the job.
        if (outcome === "placed")
          await m.prisma.callSession.create({ data: { shopId: shop.id, vapiCallId: call, direction: "outbound", status: "ended", callJobId: job.id } });
      }
    }
    expect(await m.control.cancelScheduleJobs(settings.id, "Schedule deleted")).toEqual({ stopped: cases.length, mayRing: 0 });
    const stopped = await m.prisma.callJob.findMany({ where: { callSettingsId: settings.id }, orderBy: { localDate: "asc" } });
    expect(stopped.map((job) => [job.localDate, job.status, job.errorMessage])).toEqual(cases.map(([date, , status, message]) => [date, status, message]));
  });

  it("deleting a schedule whose placed call Vapi cannot be asked about keeps the schedule, paused, until the call is withdrawn", async () => {
    const { runScheduleIntent } = await import("./schedule-actions.server");
    const shop = await receptionistShop(m);
    const settings = await createSchedule(m, shop, { phoneE164: "+12125550179" });
    const vapiCallId = await heldCall(shop, "+12125550179");
    const job = await createJob(m, settings, { localDate: "2099-01-02", status: "scheduled", vapiCallId });
    const queued = await createJob(m, settings, { localDate: "2099-01-03", scheduledForUtc: new Date("2099-01-03T14:00:00Z") });
    const remove = () => {
      const form = new FormData();
      form.set("intent", "delete");
      return runScheduleIntent(shop, settings.id, form);
    };
    const deletes = () => m.simulator.state().requests.filter((request) => request.method === "DELETE" && request.path === `/call/${vapiCallId}`);

    // Vapi does not answer (every retry): nothing is deleted, and the page says what to do.
    m.simulator.fail({ method: "GET", path: `/call/${vapiCallId}`, status: 503, times: 3 });
    const refused = await remove();
    expect(refused).toMatchObject({ status: 503, body: { ok: false, intent: "delete", message: expect.stringContaining("Try deleting again") } });
    expect(await m.prisma.callSettings.findUnique({ where: { id: settings.id } })).toMatchObject({ active: false });
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "scheduled", vapiCallId, callSettingsId: settings.id });
    expect(deletes()).toHaveLength(0);
    // Paused as the toggle pauses: the page says "Calls paused", not "Schedule deleted", for a schedule still there.
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({ status: "superseded", errorMessage: "Calls paused" });

    // Asked again once Vapi answers: the call is withdrawn, then the schedule deleted.
    expect(await remove()).toMatchObject({ status: 200, body: { ok: true, intent: "delete" } });
    expect(deletes()).toHaveLength(1);
    expect(await m.prisma.callSettings.findUnique({ where: { id: settings.id } })).toBeNull();
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "superseded", callSettingsId: null });
  });

  it("deleting a schedule with a call whose placement is unconfirmed waits until reconciliation settles it; a pause leaves it to reconciliation", async () => {
    const { deleteSchedule, toggleSchedule } = await import("./settings.server");
    const shop = await receptionistShop(m);
    const settings = await createSchedule(m, shop, { phoneE164: "+12125550180" });
    const unconfirmedAt = new Date(Date.now() - 60_000);
    const job = await createJob(m, settings, { localDate: "2099-01-04", status: "scheduled", unconfirmedAt });

    // A pause does not turn a call that may ring into one that never happened.
    expect(await toggleSchedule(shop.id, settings.id, false)).toMatchObject({ ok: true });
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "scheduled", unconfirmedAt });
    expect(await deleteSchedule(shop.id, settings.id)).toBe("call-not-withdrawn");
    expect(await m.prisma.callSettings.findUnique({ where: { id: settings.id } })).not.toBeNull();

    // Reconciliation finds no such call at Vapi after the lookup window: failed, and then the delete goes through.
    const { reconcileCalls } = await import("../calls/reconciliation.server");
    await reconcileCalls(new Date(Date.now() + 24 * 3_600_000));
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "failed" });
    expect(await deleteSchedule(shop.id, settings.id)).toBe("deleted");
  });

  it("a Vapi that refuses to be asked (a revoked key) does not block a delete forever", async () => {
    const { deleteSchedule } = await import("./settings.server");
    const shop = await receptionistShop(m);
    const settings = await createSchedule(m, shop, { phoneE164: "+12125550181" });
    const vapiCallId = "00000000-0000-4000-8000-000000000401";
    const job = await createJob(m, settings, { localDate: "2099-01-05", status: "scheduled", vapiCallId });
    m.simulator.fail({ method: "GET", path: `/call/${vapiCallId}`, status: 401 });
    expect(await deleteSchedule(shop.id, settings.id)).toBe("deleted");
    // Not withdrawn: the job stays the call it may be, as history.
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "scheduled", vapiCallId, callSettingsId: null });
  });

  it("a planner tick that read the schedule before a change does not plan the old time", async () => {
    const settings = await schedule();
    // A tick reads the schedule, then the merchant saves a new time, then the tick plans.
    const stale = await reload(settings);
    await m.control.onScheduleChanged(settings.id, NOW, { timeOfDay: "10:30" });
    expect(await m.planner.planSchedule(stale, NOW)).toBe(0);
    const live = (await jobsOf(settings)).filter((job) => job.status !== "superseded");
    expect(live.map((job) => job.scheduledForUtc.toISOString())).toEqual(["2026-03-10T14:30:00.000Z", "2026-03-11T14:30:00.000Z"]);
  });
});
