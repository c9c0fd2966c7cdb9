// POST /call has no idempotency key: an attempt that timed out may still have
// placed the call. Nothing dials again until the call is found (linked) or
// shown absent by looking for it (its metadata names the job) for
// CHECKIN_PLACEMENT_LOOKUP_SECONDS; if Vapi cannot be asked, the job waits
// for reconciliation instead. The client's timeout is 0.5 s here, the
// lookup window 1 s.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  callRequestsFor,
  createJob,
  createSchedule,
  eventually,
  receptionistShop,
  requestMark,
  requestsSince,
  resetCheckins,
  startCheckins,
  stopCheckins,
  type CheckinModules,
} from "../../tests/support/checkins";

let m: CheckinModules;

beforeAll(async () => {
  m = await startCheckins({ VAPI_TIMEOUT_SECONDS: "0.5", CHECKIN_PLACEMENT_LOOKUP_SECONDS: "1", CHECKIN_RETRY_BACKOFF_MS: "100" });
  await receptionistShop(m);
});
afterAll(() => stopCheckins(m));
beforeEach(async () => {
  await resetCheckins(m);
  m.simulator.clearFaults();
});

const reload = (id: string) => m.prisma.callJob.findUniqueOrThrow({ where: { id } });
const callsOf = (jobId: string) => m.simulator.state().calls.filter((call) => call.assistantOverrides?.metadata?.callJobId === jobId);
const attemptsOf = (jobId: string) =>
  m.prisma.callAttempt.findMany({ where: { callJobId: jobId }, orderBy: { number: "asc" } }).then((rows) => rows.map((row) => [row.number, row.outcome]));
const newJob = async () => createJob(m, await createSchedule(m, await receptionistShop(m), { phoneE164: "+12125550123" }));

it("a timed-out POST /call that placed the call is found by the lookup and linked, never placed twice", async () => {
  const job = await newJob();
  m.simulator.fail({ method: "POST", path: "/call", delayMs: 1500, times: 1 });
  expect(await m.dispatcher.dispatchCallJob(job.id)).toBe("placed");
  expect(callRequestsFor(m.simulator, job.id)).toHaveLength(1);
  expect(callsOf(job.id)).toHaveLength(1);
  expect((await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).vapiCallId).toBe(callsOf(job.id)[0].id);
  expect(await attemptsOf(job.id)).toEqual([[1, "found"]]);
});

it("a timed-out POST /call that Vapi never processed is shown absent over the lookup window, then tried again once", async () => {
  const job = await newJob();
  const mark = requestMark(m.simulator);
  // Answered 503 late, without creating anything.
  m.simulator.fail({ method: "POST", path: "/call", status: 503, delayMs: 1500, times: 1 });
  const started = Date.now();
  expect(await m.dispatcher.dispatchCallJob(job.id)).toBe("retrying");
  // It looked for the call for the whole window before deciding.
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  expect(requestsSince(m.simulator, mark, "GET", "/call").length).toBeGreaterThanOrEqual(2);
  const queued = await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } });
  expect(queued.status).toBe("queued");
  expect(await m.dispatcher.dispatchCallJob(job.id, { now: queued.nextAttemptAt! })).toBe("placed");
  expect(callsOf(job.id)).toHaveLength(1);
  expect(await attemptsOf(job.id)).toEqual([
    [1, "absent"],
    [2, "placed"],
  ]);
});

it("a timed-out POST /call that cannot be looked up is left to reconciliation, not dialled again", async () => {
  const job = await newJob();
  const mark = requestMark(m.simulator);
  m.simulator.fail({ method: "POST", path: "/call", delayMs: 1500, times: 1 });
  m.simulator.fail({ method: "GET", path: "/call", status: 503, times: 50 });
  expect(await m.dispatcher.dispatchCallJob(job.id)).toBe("unconfirmed");
  const job1 = await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } });
  expect(job1).toMatchObject({ status: "scheduled", vapiCallId: null, unconfirmedAt: expect.any(Date), claimToken: null });
  // Another delivery of its dispatch does not dial either.
  expect(await m.dispatcher.dispatchCallJob(job.id)).toBe("not-pending");
  expect(requestsSince(m.simulator, mark, "POST", "/call")).toHaveLength(1);
  expect(callsOf(job.id)).toHaveLength(1);
});

describe("a job stopped while its call was being placed", () => {
  const reconcileSoon = async () => {
    const { reconcileCalls } = await import("../calls/reconciliation.server");
    // After the lookup window (1 s here): settled now, whatever Vapi says.
    return reconcileCalls(new Date(Date.now() + 2_000));
  };
  /** A job whose POST /call placed the call but timed out, with every lookup failing (unconfirmed), then canceled; the faults cleared. */
  const placedUnconfirmedThenCanceled = async () => {
    const job = await newJob();
    m.simulator.fail({ method: "POST", path: "/call", delayMs: 1500, times: 1 });
    m.simulator.fail({ method: "GET", path: "/call", status: 503, times: 50 });
    expect(await m.dispatcher.dispatchCallJob(job.id)).toBe("unconfirmed");
    expect(await m.control.cancelJob(job.shopId, job.id)).toBe("canceled");
    m.simulator.clearFaults();
    return job;
  };

  it("canceled while Vapi answered POST /call slowly, before it dialled: the call is withdrawn, never rings, and the job stays canceled", async () => {
    const job = await newJob();
    // Vapi takes two seconds to dial out, and answers the POST after 0.3 s (within the client's timeout).
    m.simulator.setCallScript({ customerNumber: "+12125550123" }, { queuedMs: 2_000 });
    m.simulator.fail({ method: "POST", path: "/call", delayMs: 300, times: 1 });
    const dispatching = m.dispatcher.dispatchCallJob(job.id);
    await eventually(async () => callRequestsFor(m.simulator, job.id).length === 1, 2_000, "the POST /call");
    expect(await m.control.cancelJob(job.shopId, job.id)).toBe("canceled");

    expect(await dispatching).toBe("not-pending");
    expect(await reload(job.id)).toMatchObject({
      status: "canceled",
      errorMessage: "Canceled by you",
      vapiCallId: null,
      claimToken: null,
      unconfirmedAt: null,
    });
    // Withdrawn (one DELETE, sent only for a call Vapi shows queued or scheduled) while still queued: nothing rings.
    expect(callsOf(job.id)).toEqual([]);
    expect(m.simulator.state().requests.filter((request) => request.method === "DELETE" && request.path.startsWith("/call/"))).toHaveLength(1);
  });

  it("canceled while POST /call hung and Vapi could not be asked: reconciliation finds the call that rang, and the job shows it", async () => {
    const job = await newJob();
    m.simulator.fail({ method: "POST", path: "/call", delayMs: 1500, times: 1 });
    m.simulator.fail({ method: "GET", path: "/call", status: 503, times: 50 });
    const dispatching = m.dispatcher.dispatchCallJob(job.id);
    await eventually(async () => callRequestsFor(m.simulator, job.id).length === 1, 2_000, "the POST /call");
    // The merchant cancels while Vapi holds its answer: the job is claimed, with no call id yet.
    expect(await m.control.cancelJob(job.shopId, job.id)).toBe("canceled");
    expect(await dispatching).toBe("unconfirmed");
    expect(await reload(job.id)).toMatchObject({ status: "canceled", errorMessage: "Canceled by you", unconfirmedAt: expect.any(Date), claimToken: null });

    m.simulator.clearFaults();
    // Vapi started it meanwhile (it rings): it cannot be withdrawn.
    const [call] = callsOf(job.id);
    expect(await reconcileSoon()).toMatchObject({ linked: 1 });
    // It rang: the page must not say "Canceled".
    expect(await reload(job.id)).toMatchObject({
      status: "scheduled",
      vapiCallId: call.id,
      unconfirmedAt: null,
      errorMessage: "Canceled too late: the call had already started",
    });
    expect(callsOf(job.id)).toHaveLength(1);
  });

  it("an unconfirmed placement the merchant then cancels is still looked for, and a call that rang is shown", async () => {
    const job = await placedUnconfirmedThenCanceled();
    await reconcileSoon();
    expect(await reload(job.id)).toMatchObject({ status: "scheduled", vapiCallId: callsOf(job.id)[0].id, unconfirmedAt: null });
  });

  it.each([401, 403])("one whose withdrawal Vapi refuses (%i) is shown as a call that may still ring, never as canceled", async (status) => {
    const job = await placedUnconfirmedThenCanceled();
    // The call is listed, but asking about it to withdraw it is refused (a revoked key).
    m.simulator.fail({ method: "GET", path: /^\/call\/[^/]+$/, status, times: 50 });
    const [call] = callsOf(job.id);
    expect(await reconcileSoon()).toMatchObject({ linked: 1 });
    expect(await reload(job.id)).toMatchObject({
      status: "scheduled",
      vapiCallId: call.id,
      unconfirmedAt: null,
      errorMessage: "Canceled, but Vapi refused to withdraw the call: it may still ring",
    });
  });

  it("one Vapi never placed is settled as the merchant left it", async () => {
    const job = await newJob();
    // Answered 503 late, without creating anything; the lookups fail too.
    m.simulator.fail({ method: "POST", path: "/call", status: 503, delayMs: 1500, times: 1 });
    m.simulator.fail({ method: "GET", path: "/call", status: 503, times: 50 });
    expect(await m.dispatcher.dispatchCallJob(job.id)).toBe("unconfirmed");
    expect(await m.control.cancelJob(job.shopId, job.id)).toBe("canceled");
    m.simulator.clearFaults();
    await reconcileSoon();
    expect(await reload(job.id)).toMatchObject({ status: "canceled", errorMessage: "Canceled by you", vapiCallId: null, unconfirmedAt: null });
  });
});

// The answers that leave it unknown whether Vapi placed the call, but come at once (no timeout).
const LOST_ANSWERS = {
  "answered 502 by a gateway": { status: 502 },
  "answered 504 by a gateway": { status: 504 },
  "whose connection was reset": { reset: true },
} as const;

it.each(Object.entries(LOST_ANSWERS))("a POST /call %s after Vapi placed the call is found and linked, never placed twice", async (_, answer) => {
  const job = await newJob();
  m.simulator.fail({ method: "POST", path: "/call", ...answer, afterHandling: true, times: 1 });
  expect(await m.dispatcher.dispatchCallJob(job.id)).toBe("placed");
  expect(callRequestsFor(m.simulator, job.id)).toHaveLength(1);
  expect(callsOf(job.id)).toHaveLength(1);
  expect(await reload(job.id)).toMatchObject({ status: "scheduled", vapiCallId: callsOf(job.id)[0].id });
  expect(await attemptsOf(job.id)).toEqual([[1, "found"]]);
});

it.each(Object.entries(LOST_ANSWERS))("a POST /call %s before Vapi placed anything is shown absent, then tried again", async (_, answer) => {
  const job = await newJob();
  const mark = requestMark(m.simulator);
  m.simulator.fail({ method: "POST", path: "/call", ...answer, times: 1 });
  expect(await m.dispatcher.dispatchCallJob(job.id)).toBe("retrying");
  // It was looked for before anything was dialled again.
  expect(requestsSince(m.simulator, mark, "GET", "/call").length).toBeGreaterThanOrEqual(1);
  expect(requestsSince(m.simulator, mark, "POST", "/call")).toHaveLength(1);
  const queued = await reload(job.id);
  expect(await m.dispatcher.dispatchCallJob(job.id, { now: queued.nextAttemptAt! })).toBe("placed");
  expect(callsOf(job.id)).toHaveLength(1);
  expect(await attemptsOf(job.id)).toEqual([
    [1, "absent"],
    [2, "placed"],
  ]);
});

it("a retry's lost POST /call is not taken for the job's earlier call: that one is skipped, and the retry tried again", async () => {
  const shop = await receptionistShop(m);
  const customerNumber = "+12125550123";
  const job = await createJob(m, await createSchedule(m, shop, { phoneE164: customerNumber }));
  expect(await m.dispatcher.dispatchCallJob(job.id)).toBe("placed");
  const first = await reload(job.id);
  // Its call went unanswered: the report (as the webhook applies it) queues a retry and links the call's record to the job.
  const { recordEndOfCallReport } = await import("../calls/call-records.server");
  const report = {
    type: "end-of-call-report" as const,
    call: { id: first.vapiCallId!, type: "outboundPhoneCall", assistantOverrides: { metadata: { callJobId: job.id } } },
    endedReason: "customer-did-not-answer",
  };
  expect(await recordEndOfCallReport(shop, report)).toBe("applied");
  expect(await reload(job.id)).toMatchObject({ status: "queued", vapiCallId: null });
  // Due again at once (a short retry delay): the earlier call is among those the lookup lists.
  await m.prisma.callJob.update({ where: { id: job.id }, data: { scheduledForUtc: new Date() } });

  // The retry's POST /call is lost before Vapi placed anything; the earlier call, listed with the job in its metadata, is not it.
  m.simulator.fail({ method: "POST", path: "/call", reset: true, times: 1 });
  expect(await m.dispatcher.dispatchCallJob(job.id)).toBe("retrying");
  expect(await reload(job.id)).toMatchObject({ status: "queued", vapiCallId: null });
  expect(await attemptsOf(job.id)).toEqual([
    [1, "placed"],
    [2, "absent"],
  ]);
});
