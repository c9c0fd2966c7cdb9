// The dispatcher against the Vapi simulator (through the real SDK) and real
// PostgreSQL: the call is placed from the shop's receptionist to the
// schedule's number, once, never late; Vapi failures are retried then
// recorded; and the worker (pg-boss) places a due call on time.
import type { CallJob, CallSettings, Shop } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  callRequestsFor,
  createJob,
  createSchedule,
  dispatchRows,
  eventually,
  receptionistShop,
  requestMark,
  requestsSince,
  resetCheckins,
  startCheckins,
  stopCheckins,
  type CheckinModules,
} from "../../tests/support/checkins";
import { ORDER_LOOKUP_TOOL, PRODUCT_SEARCH_TOOL } from "../receptionist/assistant-config";

const CUSTOMER = "+12125550123";

let m: CheckinModules;
let shop: Shop;
let settings: CallSettings;

beforeAll(async () => {
  m = await startCheckins({ CHECKIN_RETRY_BACKOFF_MS: "100" });
  shop = await receptionistShop(m);
});
afterAll(() => stopCheckins(m));
beforeEach(async () => {
  await resetCheckins(m);
  m.simulator.clearFaults();
  settings = await createSchedule(m, shop, { phoneE164: CUSTOMER });
});

const reload = (id: string) => m.prisma.callJob.findUniqueOrThrow({ where: { id } });
const dispatch = (id: string, options: Parameters<CheckinModules["dispatcher"]["dispatchCallJob"]>[1] = {}) => m.dispatcher.dispatchCallJob(id, options);

describe("dispatchCallJob", () => {
  it("places the call from the shop's assistant and number to the schedule's number", async () => {
    const job = await createJob(m, settings);
    expect(await dispatch(job.id)).toBe("placed");

    const [request] = callRequestsFor(m.simulator, job.id);
    expect(request.status).toBe(201);
    expect(request.body).toMatchObject({
      assistantId: shop.assistantId,
      phoneNumberId: shop.phoneNumberId,
      customer: { number: CUSTOMER },
      name: `Check-in ${job.localDate}`,
      assistantOverrides: { metadata: { shopId: shop.id, callJobId: job.id } },
    });
    // A check-in offers the callee no customer tools: the model is overridden with the check-in's own (record_note, endCall) only.
    expect(request.body).toMatchObject({
      assistantOverrides: { model: { tools: [{ type: "function", function: { name: "record_note" } }, { type: "endCall" }], toolIds: [] } },
    });
    expect((request.body as { assistantOverrides: { model: { tools: unknown[] } } }).assistantOverrides.model.tools).toHaveLength(2);
    const body = JSON.stringify(request.body);
    for (const tool of [ORDER_LOOKUP_TOOL, PRODUCT_SEARCH_TOOL]) expect(body).not.toContain(tool);
    const placed = await reload(job.id);
    expect(placed).toMatchObject({ status: "scheduled", attempts: 1, vapiCallId: expect.any(String), errorMessage: null, claimToken: null });
    const attempts = await m.prisma.callAttempt.findMany({ where: { callJobId: job.id } });
    expect(attempts).toMatchObject([{ number: 1, outcome: "placed", vapiCallId: placed.vapiCallId, finishedAt: expect.any(Date) }]);
    const call = m.simulator.state().calls.find((candidate) => candidate.id === placed.vapiCallId);
    expect(call).toMatchObject({ type: "outboundPhoneCall", assistantId: shop.assistantId, phoneNumberId: shop.phoneNumberId, customer: { number: CUSTOMER } });
  });

  it("a retry's new call is one reconciliation has not asked about: it goes to the front of reconciliation's line", async () => {
    // The job's first call went unanswered and was asked about by reconciliation an hour ago; the retry is due now.
    const askedAt = new Date(Date.now() - 60 * 60_000);
    const job = await createJob(m, settings, { status: "queued", attempts: 1, reconciledAt: askedAt, errorMessage: "No answer; trying again" });
    expect(await dispatch(job.id)).toBe("placed");
    expect(await reload(job.id)).toMatchObject({ status: "scheduled", attempts: 2, vapiCallId: expect.any(String), reconciledAt: null });
  });

  it("does nothing on a duplicate or late delivery of the same dispatch", async () => {
    const job = await createJob(m, settings);
    expect(await dispatch(job.id)).toBe("placed");
    expect(await dispatch(job.id)).toBe("not-pending");
    expect(await dispatch(job.id, { now: new Date(Date.now() + 60 * 60_000) })).toBe("not-pending");
    expect(callRequestsFor(m.simulator, job.id)).toHaveLength(1);
    expect((await reload(job.id)).attempts).toBe(1);
  });

  it("places one call when the same dispatch is delivered several times at once", async () => {
    const job = await createJob(m, settings);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => dispatch(job.id)));
    expect(outcomes.filter((outcome) => outcome === "placed")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === "not-pending")).toHaveLength(4);
    expect(callRequestsFor(m.simulator, job.id)).toHaveLength(1);
  });

  it("503, 503, 200 through a worker: each failure queues a retry after a backoff, the call is placed exactly once, every attempt recorded", async () => {
    const job = await createJob(m, settings, { scheduledForUtc: new Date(Date.now() - 1_000) });
    const mark = requestMark(m.simulator);
    m.simulator.fail({ method: "POST", path: "/call", status: 503, times: 2 });
    const worker = await m.worker.startWorker();
    try {
      await (await m.queue.jobQueue()).send(m.queue.QUEUES.dispatch, { callJobId: job.id });
      await eventually(async () => (await reload(job.id)).vapiCallId, 15_000, "the call");
    } finally {
      await worker.stop();
    }
    const posts = requestsSince(m.simulator, mark, "POST", "/call");
    expect(posts.map((request) => request.status)).toEqual([503, 503, 201]);
    // The backoff doubles: 100 ms, then 200 ms (CHECKIN_RETRY_BACKOFF_MS = 100).
    const gaps = posts.slice(1).map((request, index) => Date.parse(request.timestamp) - Date.parse(posts[index].timestamp));
    expect(gaps[0]).toBeGreaterThanOrEqual(100);
    expect(gaps[1]).toBeGreaterThanOrEqual(200);
    const attempts = await m.prisma.callAttempt.findMany({ where: { callJobId: job.id }, orderBy: { number: "asc" } });
    expect(attempts.map((attempt) => [attempt.number, attempt.outcome, attempt.httpStatus])).toEqual([
      [1, "failed", 503],
      [2, "failed", 503],
      [3, "placed", null],
    ]);
    expect(await reload(job.id)).toMatchObject({ status: "scheduled", attempts: 3, vapiCallId: expect.any(String), errorMessage: null });
    expect(m.simulator.state().calls.filter((call) => call.assistantOverrides?.metadata?.callJobId === job.id)).toHaveLength(1);
  });

  it("retries transient failures (5xx, 429, network) until the grace period ends, then fails saying so", async () => {
    // Three seconds of grace left: the doubling backoff runs out of it.
    const job = await createJob(m, settings, { scheduledForUtc: new Date(Date.now() - 15 * 60_000 + 3_000) });
    m.simulator.fail({ method: "POST", path: "/call", status: 500, times: 100 });
    const outcomes: string[] = [];
    for (let now = new Date(); ;) {
      const outcome = await dispatch(job.id, { now });
      outcomes.push(outcome);
      if (outcome !== "retrying") break;
      const queued = await reload(job.id);
      expect(queued).toMatchObject({
        status: "queued",
        errorMessage: expect.stringMatching(/^Vapi was unavailable \(500\); trying again at \d\d:\d\d:\d\d UTC \(attempt \d+\)$/),
      });
      // Not due before its retry time.
      expect(await dispatch(job.id, { now: new Date(queued.nextAttemptAt!.getTime() - 10_000) })).toBe("not-due");
      now = queued.nextAttemptAt!;
    }
    expect(outcomes.at(-1)).toBe("failed");
    expect(outcomes.length).toBeGreaterThanOrEqual(4);
    const failed = await reload(job.id);
    expect(failed.errorMessage).toBe(`Vapi was unavailable (500); tried ${outcomes.length} times until 15 minutes after its time, then gave up`);
    expect(await m.prisma.callAttempt.count({ where: { callJobId: job.id, outcome: "failed", httpStatus: 500 } })).toBe(outcomes.length);
    expect(callRequestsFor(m.simulator, job.id)).toHaveLength(0); // fault answers carry no body: none placed
  });

  it("a refused call (4xx) is not retried", async () => {
    const job = await createJob(m, settings);
    m.simulator.fail({ method: "POST", path: "/call", status: 400, times: 1 });
    expect(await dispatch(job.id)).toBe("failed");
    expect((await reload(job.id)).errorMessage).toMatch(/^Vapi refused the call \(400\): .*: not retried$/);
  });

  it("marks a job whose time passed long ago missed and places no call", async () => {
    const job = await createJob(m, settings, { scheduledForUtc: new Date(Date.now() - 3 * 60 * 60_000) });
    const mark = requestMark(m.simulator);
    expect(await dispatch(job.id)).toBe("missed");
    expect(requestsSince(m.simulator, mark, "POST", "/call")).toHaveLength(0);
    expect(await reload(job.id)).toMatchObject({
      status: "missed",
      attempts: 0,
      errorMessage: expect.stringMatching(/^Not placed within 15 minutes of its time \(180 minutes late\)/),
    });
  });

  it("still places a call that is late but within the grace period", async () => {
    const job = await createJob(m, settings, { scheduledForUtc: new Date(Date.now() - 10 * 60_000) });
    expect(await dispatch(job.id)).toBe("placed");
  });

  it("fails with a clear message when the shop's receptionist is not set up", async () => {
    const bare = await m.prisma.shop.create({ data: { domain: `bare-${Date.now()}.myshopify.com`, name: "Bare" } });
    const bareSettings = await createSchedule(m, bare);
    const job = await createJob(m, bareSettings);
    const mark = requestMark(m.simulator);
    expect(await dispatch(job.id)).toBe("failed");
    expect(requestsSince(m.simulator, mark, "POST", "/call")).toHaveLength(0);
    expect((await reload(job.id)).errorMessage).toBe("The AI receptionist is not set up: check-in calls are placed from its number");
  });

  it("places no call when the schedule was turned off after planning, or the app uninstalled", async () => {
    const job = await createJob(m, settings);
    await m.prisma.callSettings.update({ where: { id: settings.id }, data: { active: false } });
    const mark = requestMark(m.simulator);
    expect(await dispatch(job.id)).toBe("stopped");
    expect(await reload(job.id)).toMatchObject({ status: "superseded", errorMessage: "Calls paused" });
    await m.prisma.callSettings.update({ where: { id: settings.id }, data: { active: true } });
    const other = await createJob(m, settings, { localDate: "2099-01-02" });
    await m.prisma.shop.update({ where: { id: shop.id }, data: { uninstalledAt: new Date() } });
    try {
      expect(await dispatch(other.id)).toBe("stopped");
      expect(await reload(other.id)).toMatchObject({ status: "superseded", errorMessage: "The app was uninstalled" });
    } finally {
      await m.prisma.shop.update({ where: { id: shop.id }, data: { uninstalledAt: null } });
    }
    expect(requestsSince(m.simulator, mark, "POST", "/call")).toHaveLength(0);
  });

  it("places no call for a schedule on without consent on record (saved before consent was enforced on every path)", async () => {
    await m.prisma.callSettings.update({ where: { id: settings.id }, data: { consentAt: null } });
    const job = await createJob(m, settings);
    const mark = requestMark(m.simulator);
    expect(await dispatch(job.id)).toBe("stopped");
    expect(await reload(job.id)).toMatchObject({ status: "superseded", errorMessage: "No consent on record for this number" });
    expect(requestsSince(m.simulator, mark, "POST", "/call")).toHaveLength(0);
  });

  it.each([
    ["paused", { active: false }, "Not tried again: calls paused"],
    ["deleted", null, "Not tried again: schedule deleted"],
  ] as const)("a no-answer retry whose schedule was %s since its first call stays in the history as not tried again", async (_label, change, errorMessage) => {
    const job = await createJob(m, settings, { status: "queued", attempts: 1, errorMessage: "No answer; trying again" });
    if (change) await m.prisma.callSettings.update({ where: { id: settings.id }, data: change });
    else await m.prisma.callSettings.delete({ where: { id: settings.id } });
    const mark = requestMark(m.simulator);
    expect(await dispatch(job.id)).toBe("stopped");
    expect(await reload(job.id)).toMatchObject({ status: "failed", errorMessage });
    expect(requestsSince(m.simulator, mark, "POST", "/call")).toHaveLength(0);
  });

  it("a job whose only attempt Vapi refused with a 503 is superseded when calls are paused: no call of it rang", async () => {
    const job = await createJob(m, settings);
    m.simulator.fail({ method: "POST", path: "/call", status: 503 });
    await dispatch(job.id);
    const waiting = await reload(job.id);
    expect(waiting).toMatchObject({ status: "queued", attempts: 1 });
    await m.prisma.callSettings.update({ where: { id: settings.id }, data: { active: false } });
    expect(await dispatch(job.id, { now: waiting.nextAttemptAt! })).toBe("stopped");
    expect(await reload(job.id)).toMatchObject({ status: "superseded", errorMessage: "Calls paused" });
  });

  it("places no call when the job's signal was aborted (the pg-boss job expired): the job is queued for the retry", async () => {
    const job = await createJob(m, settings);
    const mark = requestMark(m.simulator);
    expect(await dispatch(job.id, { signal: AbortSignal.abort() })).toBe("stopped");
    expect(requestsSince(m.simulator, mark, "POST", "/call")).toHaveLength(0);
    expect(await reload(job.id)).toMatchObject({ status: "queued", claimToken: null });
  });

  it("does nothing for a job canceled before its dispatch", async () => {
    const job = await createJob(m, settings);
    expect(await m.control.cancelJob(shop.id, job.id)).toBe("canceled");
    expect(await dispatch(job.id)).toBe("not-pending");
    expect(callRequestsFor(m.simulator, job.id)).toHaveLength(0);
  });

  it("a cancel while Vapi was placing the call: the call already rings, so it is kept (never deleted) and the job says so", async () => {
    const job = await createJob(m, settings);
    const mark = requestMark(m.simulator);
    // POST /call answers after 300 ms (the call is created at once).
    m.simulator.fail({ method: "POST", path: "/call", delayMs: 300 });
    const dispatching = dispatch(job.id);
    // Canceled once Vapi has the request (before that, the dispatcher's attempt would find the job canceled).
    await eventually(() => callRequestsFor(m.simulator, job.id).length === 1, 5_000, "the POST /call");
    expect(await m.control.cancelJob(shop.id, job.id)).toBe("canceled");
    expect(await dispatching).toBe("placed");

    const [request] = callRequestsFor(m.simulator, job.id);
    expect(callRequestsFor(m.simulator, job.id)).toHaveLength(1);
    expect(requestsSince(m.simulator, mark, "DELETE", /^\/call\/[^/]+$/)).toHaveLength(0);
    const call = m.simulator.state().calls.find((candidate) => candidate.assistantOverrides?.metadata?.callJobId === job.id)!;
    expect(request).toBeDefined();
    expect(await reload(job.id)).toMatchObject({ status: "scheduled", vapiCallId: call.id, errorMessage: "Canceled too late: the call had already started" });
  });
});

describe("Call now", () => {
  it("a failed or missed job is placed once, at once, even on a double click", async () => {
    for (const status of ["failed", "missed"] as const) {
      const job = await createJob(m, settings, {
        localDate: status === "failed" ? "2030-05-01" : "2030-05-02",
        scheduledForUtc: new Date(Date.now() - 3 * 3_600_000),
        status,
      });
      const outcomes = await Promise.all([m.control.callNow(shop.id, job.id), m.control.callNow(shop.id, job.id)]);
      expect(outcomes.sort()).toEqual(["not-retryable", "queued"]);
      const rows = (await dispatchRows(m)).filter((row) => row.callJobId === job.id);
      expect(rows).toHaveLength(1);
      // Both dispatches a double click could cause, delivered: one call.
      const dispatched = await Promise.all([dispatch(job.id), dispatch(job.id)]);
      expect(dispatched.filter((outcome) => outcome === "placed")).toHaveLength(1);
      expect(callRequestsFor(m.simulator, job.id)).toHaveLength(1);
      expect(await m.control.callNow(shop.id, job.id)).toBe("not-retryable"); // placed now: nothing to retry
    }
  });

  it("refuses another shop's job, a pending job, and a paused schedule's job", async () => {
    const job = await createJob(m, settings, { status: "failed" });
    const other = await receptionistShop(m);
    expect(await m.control.callNow(other.id, job.id)).toBe("not-retryable");
    const queued = await createJob(m, settings, { localDate: "2030-06-01" });
    expect(await m.control.callNow(shop.id, queued.id)).toBe("not-retryable");
    await m.prisma.callSettings.update({ where: { id: settings.id }, data: { active: false } });
    expect(await m.control.callNow(shop.id, job.id)).toBe("paused");
    expect((await reload(job.id)).status).toBe("failed");
  });
});

describe("worker", () => {
  it("places a call that falls due while the worker runs, then stops", async () => {
    const worker = await m.worker.startWorker();
    try {
      const job = await createJob(m, settings, { scheduledForUtc: new Date(Date.now() + 1_000) });
      await (await m.queue.jobQueue()).send(m.queue.QUEUES.dispatch, { callJobId: job.id }, { startAfter: job.scheduledForUtc });
      const placed = await eventually(
        async () => {
          const current = await reload(job.id);
          return current.vapiCallId ? current : null;
        },
        10_000,
        "the worker to place the call",
      );
      const [request] = callRequestsFor(m.simulator, job.id);
      expect(request.body).toMatchObject({ assistantId: shop.assistantId, phoneNumberId: shop.phoneNumberId, customer: { number: CUSTOMER } });
      expect(Date.parse(request.timestamp)).toBeGreaterThanOrEqual(job.scheduledForUtc.getTime());
      expect(m.simulator.state().calls.some((call) => call.id === placed.vapiCallId)).toBe(true);
    } finally {
      await worker.stop();
    }
  });

  it("keeps dispatching the rest of a batch when one dispatch throws", async () => {
    const poisoned = await createJob(m, settings, { scheduledForUtc: new Date(Date.now() - 1_000) });
    const others: CallJob[] = [];
    for (const minutes of [1, 2, 3]) {
      const other = await createSchedule(m, await receptionistShop(m), { phoneE164: `+1212555020${minutes}` });
      others.push(await createJob(m, other, { scheduledForUtc: new Date(Date.now() - 1_000) }));
    }
    // A real database failure for one job: its claim (an UPDATE) raises.
    await m.prisma.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION refuse_claim() RETURNS trigger AS $$
      BEGIN
        IF NEW.id = '${poisoned.id}' THEN RAISE EXCEPTION 'simulated database failure while claiming'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await m.prisma.$executeRawUnsafe(`CREATE TRIGGER refuse_claim BEFORE UPDATE ON "CallJob" FOR EACH ROW EXECUTE FUNCTION refuse_claim()`);
    try {
      const sender = await m.queue.jobQueue();
      // Sent first: the batch the worker fetches starts with it.
      for (const job of [poisoned, ...others]) await sender.send(m.queue.QUEUES.dispatch, { callJobId: job.id });
      const worker = await m.worker.startWorker();
      try {
        await eventually(
          async () =>
            (await m.prisma.callJob.count({ where: { id: { in: others.map((job) => job.id) }, status: "scheduled", vapiCallId: { not: null } } })) === 3,
          10_000,
          "the other calls",
        );
      } finally {
        await worker.stop();
      }
      expect((await reload(poisoned.id)).status).toBe("queued");
    } finally {
      await m.prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS refuse_claim ON "CallJob"`);
    }
  });
});
