// Exactly once under faults, with real worker processes (node --import tsx
// app/jobs/worker.ts), real PostgreSQL and pg-boss, and the Vapi simulator
// over loopback HTTP:
// - kill -9 of a worker holding fetched dispatches: every call is still
//   placed exactly once, within the grace period;
// - Vapi answering POST /call after 20 s (having created the call on
//   receipt): one call;
// - deactivation and uninstall during a retry backoff: no POST /call after
//   they answered;
// - an edit after today's call was placed but before any webhook: still one
//   call that date.
import type { CallSettings, Shop } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  callRequestsFor,
  createJob,
  createSchedule,
  eventually,
  receptionistShop,
  resetCheckins,
  spawnWorker,
  startCheckins,
  stopCheckins,
  type CheckinModules,
  type WorkerProcess,
} from "../../tests/support/checkins";

let m: CheckinModules;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  m = await startCheckins({}, { concurrencyLimit: 1000 });
});
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.kill()));
  await stopCheckins(m);
});
beforeEach(async () => {
  await resetCheckins(m);
  m.simulator.clearFaults();
  m.simulator.setLatency({ method: "POST", path: "/call", ms: 0 });
});

function worker(env: Record<string, string> = {}): WorkerProcess {
  const started = spawnWorker(env);
  workers.push(started);
  return started;
}

const callsOf = (jobId: string) => m.simulator.state().calls.filter((call) => call.assistantOverrides?.metadata?.callJobId === jobId);
const postsAfter = (since: number) =>
  m.simulator.state().requests.filter((request) => request.method === "POST" && request.path === "/call" && Date.parse(request.timestamp) > since);

async function dispatchAt(jobId: string, at: Date) {
  await (await m.queue.jobQueue()).send(m.queue.QUEUES.dispatch, { callJobId: jobId }, { startAfter: at });
}

describe("a worker killed while it holds dispatches", () => {
  it("every call is placed exactly once, within the grace period, by the surviving worker", async () => {
    const shop = await receptionistShop(m);
    const settings = await createSchedule(m, shop);
    // Slow enough that the doomed worker is sure to hold POST /call requests in flight when it dies.
    m.simulator.setLatency({ method: "POST", path: "/call", ms: 2_000 });
    const env = { VAPI_TIMEOUT_SECONDS: "5", CHECKIN_PLACEMENT_LOOKUP_SECONDS: "3", CHECKIN_MAX_CONCURRENT_CALLS: "8" };
    const start = Date.now() + 3_000;
    const jobs: Array<{ id: string; scheduledForUtc: Date }> = [];
    for (let i = 0; i < 60; i++) {
      const at = new Date(start + i * 100);
      const job = await createJob(m, settings, { localDate: new Date(Date.UTC(2031, 0, 1 + i)).toISOString().slice(0, 10), scheduledForUtc: at });
      await dispatchAt(job.id, at);
      jobs.push(job);
    }
    // Only the doomed worker runs until it holds open attempts, so the ones
    // cut off are its own (on a loaded machine, a second worker started at
    // the same time may take every job before the first is up).
    const doomed = worker(env);
    const openAttempts = () => m.prisma.callAttempt.count({ where: { callJobId: { in: jobs.map((job) => job.id) }, finishedAt: null } });
    await eventually(async () => (await openAttempts()) >= 2, 90_000, "attempts in flight on the doomed worker");
    await doomed.kill();
    const killedAt = Date.now();
    const cutOff = await openAttempts();
    const survivor = worker(env);

    await eventually(
      async () => (await m.prisma.callJob.count({ where: { id: { in: jobs.map((job) => job.id) }, vapiCallId: { not: null } } })) === jobs.length,
      120_000,
      "every job placed",
    );
    for (const job of jobs) {
      expect(callsOf(job.id), `calls of job ${job.id}`).toHaveLength(1);
      expect((await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).vapiCallId).toBe(callsOf(job.id)[0].id);
      const posted = callRequestsFor(m.simulator, job.id).map((request) => Date.parse(request.timestamp));
      for (const at of posted) expect(at).toBeLessThan(job.scheduledForUtc.getTime() + 15 * 60_000);
    }
    // The dead worker's in-flight attempts were resolved by looking, not by dialling again.
    expect(cutOff).toBeGreaterThan(0);
    const resolved = await m.prisma.callAttempt.count({ where: { callJobId: { in: jobs.map((job) => job.id) }, outcome: { in: ["found", "absent"] } } });
    expect(resolved, survivor.output()).toBeGreaterThanOrEqual(cutOff);
    const takenOverWithin = Date.now() - killedAt;
    expect(takenOverWithin).toBeLessThan(60_000);
    await survivor.stop();
  }, 240_000);
});

describe("slow and failing Vapi", () => {
  it("POST /call answered after 20 s, the call created on receipt: one call", async () => {
    const shop = await receptionistShop(m);
    const job = await createJob(m, await createSchedule(m, shop), { scheduledForUtc: new Date() });
    m.simulator.fail({ method: "POST", path: "/call", delayMs: 20_000, times: 1 });
    const running = worker(); // VAPI_TIMEOUT_SECONDS 15, lookup window 60 s: the defaults
    await dispatchAt(job.id, new Date());
    await eventually(async () => (await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).vapiCallId, 60_000, "the call linked");
    await new Promise((resolve) => setTimeout(resolve, 6_000)); // the late 201 arrives meanwhile
    expect(callsOf(job.id)).toHaveLength(1);
    expect(callRequestsFor(m.simulator, job.id)).toHaveLength(1);
    const attempts = await m.prisma.callAttempt.findMany({ where: { callJobId: job.id } });
    expect(attempts.map((attempt) => attempt.outcome)).toEqual(["found"]);
    await running.stop();
  }, 120_000);

  async function inBackoff(): Promise<{ shop: Shop; settings: CallSettings; jobId: string; running: WorkerProcess }> {
    const shop = await receptionistShop(m);
    const settings = await createSchedule(m, shop);
    const job = await createJob(m, settings, { localDate: new Date().toISOString().slice(0, 10), scheduledForUtc: new Date() });
    m.simulator.fail({ method: "POST", path: "/call", status: 503, times: 1 });
    const running = worker({ CHECKIN_RETRY_BACKOFF_MS: "3000" });
    await dispatchAt(job.id, new Date());
    await eventually(async () => (await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).nextAttemptAt, 90_000, "the retry backoff");
    return { shop, settings, jobId: job.id, running };
  }

  it("deactivation during a retry backoff: no POST /call after it answered", async () => {
    const { shop, settings, jobId, running } = await inBackoff();
    const settingsModule = await import("./settings.server");
    expect(await settingsModule.toggleSchedule(shop.id, settings.id, false)).toMatchObject({ ok: true });
    const answeredAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(postsAfter(answeredAt)).toHaveLength(0);
    // Its one attempt failed before dialling (503): no call of it rang, so it is superseded as a job never tried
    // (its date free again), not a call "not tried again".
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({
      status: "superseded",
      vapiCallId: null,
      errorMessage: "Calls paused",
    });
    await running.stop();
  }, 150_000);

  it("uninstall during a retry backoff: no POST /call after it answered", async () => {
    const { shop, jobId, running } = await inBackoff();
    const { shutDownShop } = await import("../shops/uninstall.server");
    await shutDownShop(shop.domain);
    const answeredAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(postsAfter(answeredAt)).toHaveLength(0);
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({
      status: "superseded",
      vapiCallId: null,
      errorMessage: "The app was uninstalled",
    });
    await running.stop();
  }, 150_000);
});

describe("one call per local date with a worker running", () => {
  it("an edit after today's call was placed but before any webhook: still one call that date", async () => {
    // A zone where it is between 01:00 and 20:00 now, so "later today" exists.
    const zone = ["Pacific/Honolulu", "America/New_York", "Europe/London", "Asia/Tokyo", "Pacific/Auckland"].find((candidate) => {
      const hour = Number(new Intl.DateTimeFormat("en-GB", { timeZone: candidate, hour: "2-digit", hourCycle: "h23" }).format(new Date()));
      return hour >= 1 && hour < 20;
    })!;
    const localDate = new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(new Date());
    const shop = await receptionistShop(m);
    const settings = await createSchedule(m, shop, { timezone: zone, phoneE164: "+12125550123" });
    const job = await createJob(m, settings, { localDate, scheduledForUtc: new Date() });
    const running = worker();
    await dispatchAt(job.id, new Date());
    await eventually(async () => (await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).vapiCallId, 90_000, "today's call placed");

    const later = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
      new Date(Date.now() + 3 * 3_600_000),
    );
    const settingsModule = await import("./settings.server");
    const saved = await settingsModule.saveSchedule(shop.id, settings.id, {
      name: "Dana (owner)",
      phone: "+12125550123",
      timezone: zone,
      timeOfDay: later,
      cadence: "daily",
      active: "true",
      consent: "true",
    });
    expect(saved.ok).toBe(true);
    const today = await m.prisma.callJob.findMany({ where: { callSettingsId: settings.id, localDate, status: { not: "superseded" } } });
    expect(today.map((row) => row.id)).toEqual([job.id]);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const posts = m.simulator
      .state()
      .requests.filter(
        (request) =>
          request.method === "POST" &&
          request.path === "/call" &&
          (request.body as { customer?: { number?: string } })?.customer?.number === "+12125550123" &&
          (request.body as { assistantId?: string })?.assistantId === shop.assistantId,
      );
    expect(posts).toHaveLength(1);
    await running.stop();
  }, 150_000);
});
