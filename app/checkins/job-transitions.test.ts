// Check-in jobs driven by Vapi's server messages for their outbound calls,
// posted as Vapi sends them through the /webhooks/vapi route action (and, in
// the last test, delivered by the Vapi simulator itself): started, completed,
// failed, no-answer retried once then failed, and out-of-order, late or
// duplicated messages change nothing.
import type { CallJob, CallSettings, Shop } from "@prisma/client";
import type { Vapi } from "@vapi-ai/server-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  callRequestsFor,
  createJob,
  createSchedule,
  dispatchRows,
  eventually,
  receptionistShop,
  resetCheckins,
  serveWebhookRoute,
  startCheckins,
  stopCheckins,
  type CheckinModules,
} from "../../tests/support/checkins";
import { callRoute } from "../../tests/support/shopify";
import { TEST_VAPI_WEBHOOK_SECRET } from "../../tests/support/test-env";
import { endOfCallReport, statusUpdate, vapiWebhookRequest, type CallRef } from "../../tests/support/vapi-messages";

const CUSTOMER = "+12125550123";
const MINUTE = 60_000;

let m: CheckinModules;
let action: typeof import("../routes/webhooks.vapi").action;
let shop: Shop;
let settings: CallSettings;

let route: Awaited<ReturnType<typeof serveWebhookRoute>>;
// Only the last describe lets the simulator's own deliveries through; the others post each message themselves, in
// the order they test, and the simulator's copies are refused (503) so they never arrive first.
let simulatorDelivers = false;

beforeAll(async () => {
  // Outbound calls carry their own server (the app's URL with a per-call secret): the app's URL is the route's. The
  // route listens first, on a port the system picks (a port probed free could be taken before the listen), and
  // answers with the app's route once the app's modules are loaded.
  route = await serveWebhookRoute((args) => {
    if (!simulatorDelivers) throw new Response("not delivering in this test", { status: 503 });
    return action(args);
  });
  m = await startCheckins({ SHOPIFY_APP_URL: new URL(route.url).origin });
  ({ action } = await import("../routes/webhooks.vapi"));
  shop = await receptionistShop(m);
});
afterAll(async () => {
  await route.close();
  await stopCheckins(m);
});
beforeEach(async () => {
  await resetCheckins(m);
  settings = await createSchedule(m, shop, { phoneE164: CUSTOMER });
});

const reload = (id: string) => m.prisma.callJob.findUniqueOrThrow({ where: { id } });

/** A job whose call the dispatcher placed at the simulator (status scheduled, with Vapi's call id). */
async function placedJob(fields: Parameters<typeof createJob>[2] = {}): Promise<CallJob> {
  const job = await createJob(m, settings, fields);
  expect(await m.dispatcher.dispatchCallJob(job.id)).toBe("placed");
  return reload(job.id);
}

const ref = (job: CallJob): CallRef => ({
  id: job.vapiCallId!,
  assistantId: shop.assistantId!,
  phoneNumberId: shop.phoneNumberId!,
  customerNumber: CUSTOMER,
  type: "outboundPhoneCall",
  callJobId: job.id,
});

async function post(body: unknown): Promise<string> {
  const response = await callRoute(action, vapiWebhookRequest(body));
  expect(response.status).toBe(200);
  return (await response.json()).outcome;
}

const ended = (job: CallJob, reason: Vapi.ServerMessageStatusUpdateEndedReason) => post(statusUpdate(ref(job), "ended", reason));
const report = (job: CallJob, endedReason: Vapi.ServerMessageEndOfCallReportEndedReason) => post(endOfCallReport(ref(job), { endedReason }));

describe("outbound call messages move the check-in job", () => {
  it("scheduled -> started -> completed, and links the call record to the job", async () => {
    const job = await placedJob();
    expect(await post(statusUpdate(ref(job), "ringing"))).toBe("applied");
    expect((await reload(job.id)).status).toBe("scheduled");
    expect(await post(statusUpdate(ref(job), "in-progress"))).toBe("applied");
    expect((await reload(job.id)).status).toBe("started");
    expect(await ended(job, "customer-ended-call")).toBe("applied");
    expect((await reload(job.id)).status).toBe("completed");
    expect(await report(job, "customer-ended-call")).toBe("applied");
    expect(await reload(job.id)).toMatchObject({ status: "completed", errorMessage: null, attempts: 1 });
    expect(await m.prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: job.vapiCallId! } })).toMatchObject({
      direction: "outbound",
      callJobId: job.id,
      calleeNumber: CUSTOMER,
      disposition: "completed",
    });
  });

  it("a call that could not start fails the job with the reason", async () => {
    const job = await placedJob();
    expect(await report(job, "call.start.error-get-phone-number")).toBe("applied");
    expect(await reload(job.id)).toMatchObject({ status: "failed", errorMessage: "Call failed (call.start.error-get-phone-number)" });
  });

  it("no answer: queued again 10 minutes later with a new dispatch, then failed after the second attempt", async () => {
    const job = await placedJob();
    const before = Date.now();
    expect(await ended(job, "customer-did-not-answer")).toBe("applied");
    // The report of the same call comes after: the job is no longer this call's.
    expect(await report(job, "customer-did-not-answer")).toBe("applied");
    const after = Date.now();

    const retry = await reload(job.id);
    expect(retry).toMatchObject({ status: "queued", attempts: 1, vapiCallId: null, errorMessage: expect.stringMatching(/^No answer; trying again at /) });
    expect(retry.scheduledForUtc.getTime()).toBeGreaterThanOrEqual(before + 10 * MINUTE - 1000);
    expect(retry.scheduledForUtc.getTime()).toBeLessThanOrEqual(after + 10 * MINUTE);
    expect(retry.localDate).toBe(job.localDate);
    const rows = (await dispatchRows(m)).filter((row) => row.callJobId === job.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].startAfter.getTime()).toBe(retry.scheduledForUtc.getTime());

    // The retry's dispatch, at its time.
    expect(await m.dispatcher.dispatchCallJob(job.id, { now: retry.scheduledForUtc })).toBe("placed");
    const second = await reload(job.id);
    expect(second).toMatchObject({ status: "scheduled", attempts: 2 });
    expect(second.vapiCallId).not.toBe(job.vapiCallId);
    expect(await ended(second, "customer-did-not-answer")).toBe("applied");
    expect(await reload(job.id)).toMatchObject({ status: "failed", errorMessage: "No answer after 2 attempts" });
    expect(await report(second, "customer-did-not-answer")).toBe("applied");
    expect(await reload(job.id)).toMatchObject({ status: "failed", errorMessage: "No answer after 2 attempts" });
    expect((await dispatchRows(m)).filter((row) => row.callJobId === job.id)).toHaveLength(1);
  });

  it("a busy line is retried like no answer", async () => {
    const job = await placedJob();
    expect(await report(job, "customer-busy")).toBe("applied");
    expect(await reload(job.id)).toMatchObject({ status: "queued", attempts: 1, errorMessage: expect.stringMatching(/^Line busy; trying again at /) });
  });

  it("out of order: the report before in-progress completes the job, the late in-progress changes nothing", async () => {
    const job = await placedJob();
    expect(await report(job, "customer-ended-call")).toBe("applied");
    const completed = await reload(job.id);
    expect(completed.status).toBe("completed");
    expect(await post(statusUpdate(ref(job), "in-progress"))).toBe("stale");
    expect(await post(statusUpdate(ref(job), "ringing"))).toBe("stale");
    expect(await reload(job.id)).toEqual(completed);
  });

  it("duplicated messages change nothing", async () => {
    const job = await placedJob();
    expect(await post(statusUpdate(ref(job), "in-progress"))).toBe("applied");
    const started = await reload(job.id);
    expect(await post(statusUpdate(ref(job), "in-progress"))).toBe("duplicate");
    expect(await reload(job.id)).toEqual(started);

    expect(await report(job, "customer-did-not-answer")).toBe("applied");
    const queued = await reload(job.id);
    expect(queued.status).toBe("queued");
    // Vapi retrying the delivery, several copies at once.
    const outcomes = await Promise.all([report(job, "customer-did-not-answer"), report(job, "customer-did-not-answer"), ended(job, "customer-did-not-answer")]);
    expect(outcomes.slice(0, 2)).toEqual(["duplicate", "duplicate"]);
    expect(await reload(job.id)).toEqual(queued);
    expect((await dispatchRows(m)).filter((row) => row.callJobId === job.id)).toHaveLength(1);
  });

  it("a call that rings cannot be canceled (it would be deleted at Vapi): it completes", async () => {
    const job = await placedJob();
    expect(await m.control.cancelJob(shop.id, job.id)).toBe("already-started");
    expect(await report(job, "customer-ended-call")).toBe("applied");
    expect((await reload(job.id)).status).toBe("completed");
  });
});

describe("with the simulator delivering the messages", () => {
  beforeAll(() => {
    simulatorDelivers = true;
  });
  afterAll(() => {
    simulatorDelivers = false;
  });

  it("an unanswered check-in call is queued for a retry by the webhooks Vapi sends", async () => {
    const e2eShop = await receptionistShop(m, { url: route.url, secret: TEST_VAPI_WEBHOOK_SECRET });
    const e2eSettings = await createSchedule(m, e2eShop, { phoneE164: "+12125550188" });
    // Messages find the job by the call id the dispatcher records after POST /call answers; the
    // ring time keeps this test independent of that (narrow) ordering.
    m.simulator.setCallScript({ customerNumber: "+12125550188" }, { outcome: "customer-did-not-answer", ringMs: 300 });
    const job = await createJob(m, e2eSettings);
    expect(await m.dispatcher.dispatchCallJob(job.id)).toBe("placed");
    const { vapiCallId } = await reload(job.id);
    const call = await m.simulator.waitForCall(vapiCallId!, 10_000);
    expect(call.endedReason).toBe("customer-did-not-answer");
    const deliveries = m.simulator.state().deliveries.filter((delivery) => delivery.callId === vapiCallId);
    expect(deliveries.map((delivery) => delivery.type)).toContain("end-of-call-report");
    const retry = await eventually(
      async () => {
        const current = await reload(job.id);
        return current.status === "queued" ? current : null;
      },
      5_000,
      "the retry",
    );
    expect(retry).toMatchObject({ attempts: 1, vapiCallId: null, errorMessage: expect.stringMatching(/^No answer; trying again at /) });
    expect(await m.prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: vapiCallId! } })).toMatchObject({
      callJobId: job.id,
      disposition: "no-answer",
      direction: "outbound",
    });
    expect((await dispatchRows(m)).filter((row) => row.callJobId === job.id)).toHaveLength(1);
  });
});

describe("webhooks that come while the dispatcher places a call", () => {
  it("a late report of the call a no-answer retry replaced leaves the retry alone: its call is placed and kept", async () => {
    const first = await placedJob();
    expect(await ended(first, "customer-did-not-answer")).toBe("applied");
    const queued = await reload(first.id);
    // The retry's POST /call is answered slowly; the first call's report arrives meanwhile.
    m.simulator.fail({ method: "POST", path: "/call", delayMs: 500 });
    const retrying = m.dispatcher.dispatchCallJob(first.id, { now: queued.scheduledForUtc });
    await eventually(async () => callRequestsFor(m.simulator, first.id).length === 2, 5_000, "the retry's POST /call");
    expect(await report(first, "customer-did-not-answer")).toBe("applied");
    expect(await reload(first.id)).toMatchObject({ status: "scheduled", attempts: 2, vapiCallId: null, claimToken: expect.any(String) });

    expect(await retrying).toBe("placed");
    const second = await reload(first.id);
    expect(second).toMatchObject({ status: "scheduled", attempts: 2, errorMessage: null });
    expect(second.vapiCallId).not.toBe(first.vapiCallId);
    // The retry's call was kept, not withdrawn, and the first call's record stays the job's (the retry's call has
    // none yet: this describe refuses the simulator's own deliveries).
    expect(m.simulator.state().calls.map((call) => call.id)).toContain(second.vapiCallId);
    const records = await m.prisma.callSession.findMany({ where: { callJobId: first.id } });
    expect(records.map((record) => record.vapiCallId)).toEqual([first.vapiCallId]);
  });

  it("finds the job by the call's metadata and links the call to it", async () => {
    const job = await createJob(m, settings, { status: "scheduled", attempts: 1 }); // placing: no vapiCallId yet
    const ref = { id: "call-early", assistantId: shop.assistantId!, phoneNumberId: shop.phoneNumberId!, type: "outboundPhoneCall" as const };
    const report = endOfCallReport(ref);
    report.message.call = { ...report.message.call!, assistantOverrides: { metadata: { shopId: shop.id, callJobId: job.id } } };

    expect((await callRoute(action, vapiWebhookRequest(report))).status).toBe(200);

    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "completed", vapiCallId: "call-early" });
  });
});

// Last in the file: their calls may stay live at the simulator a while (their webhooks are refused), taking call slots.
describe("no-answer retries: when they happen and when they must not", () => {
  it("a transient Vapi failure before the call that rang does not use up the retry", async () => {
    const job = await createJob(m, settings);
    m.simulator.fail({ method: "POST", path: "/call", status: 503 });
    await m.dispatcher.dispatchCallJob(job.id);
    const waiting = await reload(job.id);
    expect(waiting).toMatchObject({ status: "queued", attempts: 1, nextAttemptAt: expect.any(Date) });
    expect(await m.dispatcher.dispatchCallJob(job.id, { now: waiting.nextAttemptAt! })).toBe("placed");
    const placed = await reload(job.id);
    expect(placed).toMatchObject({ status: "scheduled", attempts: 2 });
    expect(await ended(placed, "customer-did-not-answer")).toBe("applied");
    expect(await reload(job.id)).toMatchObject({ status: "queued", errorMessage: expect.stringMatching(/^No answer; trying again at /) });
  });

  it.each([
    [
      "canceled too late (the call already rang)",
      async () => {
        const job = await createJob(m, settings);
        m.simulator.fail({ method: "POST", path: "/call", delayMs: 300 });
        const dispatching = m.dispatcher.dispatchCallJob(job.id);
        await eventually(() => callRequestsFor(m.simulator, job.id).length === 1, 5_000, "the POST /call");
        expect(await m.control.cancelJob(shop.id, job.id)).toBe("canceled");
        expect(await dispatching).toBe("placed");
        m.simulator.clearFaults();
        return reload(job.id);
      },
      "you stopped it while the call was being placed",
    ],
    [
      "paused while it rang",
      async () => {
        const job = await placedJob();
        await m.prisma.callSettings.update({ where: { id: settings.id }, data: { active: false } });
        return job;
      },
      "calls are paused",
    ],
    [
      "deleted while it rang",
      async () => {
        const job = await placedJob();
        await m.prisma.callSettings.delete({ where: { id: settings.id } });
        return reload(job.id);
      },
      "the schedule was deleted",
    ],
    [
      "whose no-answer came too late for a retry on time (a lost webhook, found later)",
      async () => {
        const at = new Date(Date.now() - 21 * MINUTE);
        const job = await createJob(m, settings, { scheduledForUtc: at });
        expect(await m.dispatcher.dispatchCallJob(job.id, { now: at })).toBe("placed");
        return reload(job.id);
      },
      "its outcome came too late to call again on time",
    ],
  ])("an unanswered call %s is not tried again", async (_label, setUp, why) => {
    const job = await setUp();
    expect(job.vapiCallId).toEqual(expect.any(String));
    const rowsBefore = (await dispatchRows(m)).filter((row) => row.callJobId === job.id).length;
    expect(await ended(job, "customer-did-not-answer")).toBe("applied");
    expect(await reload(job.id)).toMatchObject({ status: "failed", vapiCallId: job.vapiCallId, errorMessage: `No answer; not tried again: ${why}` });
    expect((await dispatchRows(m)).filter((row) => row.callJobId === job.id)).toHaveLength(rowsBefore);
    expect(callRequestsFor(m.simulator, job.id)).toHaveLength(1);
  });
});
