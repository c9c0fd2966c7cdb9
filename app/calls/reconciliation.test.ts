// Reconciliation against the Vapi simulator, with its webhooks delivered to
// the real /webhooks/vapi route except those a script drops: a call whose
// final messages never came is fetched with GET /call/{id} and applied as
// its end-of-call report would be (a check-in job and an inbound call
// record), a check-in job whose placement was unknown is linked or failed,
// and a late report after reconciling changes nothing.
import type { Shop } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createJob,
  createSchedule,
  eventually,
  receptionistShop,
  resetCheckins,
  serveWebhookRoute,
  startCheckins,
  stopCheckins,
  type CheckinModules,
} from "../../tests/support/checkins";
import { TEST_VAPI_WEBHOOK_SECRET } from "../../tests/support/test-env";

const MINUTES = 60_000;
const DROP_FINAL = ["status-update:ended", "end-of-call-report"] as const;

let m: CheckinModules;
let reconciliation: typeof import("./reconciliation.server");
let records: typeof import("./call-records.server");
let route: Awaited<ReturnType<typeof serveWebhookRoute>>;
let shop: Shop;

beforeAll(async () => {
  // Outbound calls carry the app's own webhook URL (and a per-call secret): point it at the route served below.
  // The route listens first, on a port the system picks (a port probed free could be taken before the listen); it
  // answers with the app's route once the app's modules are loaded.
  const app: { action?: Parameters<typeof serveWebhookRoute>[0] } = {};
  route = await serveWebhookRoute((args) => app.action!(args));
  m = await startCheckins({ CHECKIN_PLACEMENT_LOOKUP_SECONDS: "1", SHOPIFY_APP_URL: new URL(route.url).origin });
  reconciliation = await import("./reconciliation.server");
  records = await import("./call-records.server");
  app.action = (await import("../routes/webhooks.vapi")).action;
  shop = await receptionistShop(m, { url: route.url, secret: TEST_VAPI_WEBHOOK_SECRET });
});
afterAll(async () => {
  await route?.close();
  await stopCheckins(m);
});
beforeEach(() => resetCheckins(m));

const later = (minutes: number) => new Date(Date.now() + minutes * MINUTES);

/** A check-in call placed at Vapi for the job, as the dispatcher places it (the job in its metadata): its id. */
async function placeCheckinCall(owner: Shop, callJobId: string, customer: string): Promise<string> {
  const placed = await m.vapiClient().calls.create({
    assistantId: owner.assistantId!,
    phoneNumberId: owner.phoneNumberId!,
    customer: { number: customer },
    assistantOverrides: { metadata: { shopId: owner.id, callJobId } },
  });
  return "id" in placed ? placed.id : "";
}

/** Such a call with none of its webhooks delivered, once it has ended: its id. */
async function placedUnseen(owner: Shop, callJobId: string, customer: string, script: { summary?: string } = {}): Promise<string> {
  m.simulator.setCallScript({ customerNumber: customer }, { drop: ["status-update:ringing", "status-update:in-progress", ...DROP_FINAL], ...script });
  const id = await placeCheckinCall(owner, callJobId, customer);
  await m.simulator.waitForCall(id, 10_000);
  return id;
}

describe("a call whose final webhooks were dropped", () => {
  it("a check-in job: fetched after 15 minutes and completed exactly as its report would", async () => {
    const customer = "+12125550141";
    m.simulator.setCallScript({ customerNumber: customer }, { drop: ["status-update:in-progress", ...DROP_FINAL], summary: "All good this week." });
    const job = await createJob(m, await createSchedule(m, shop, { phoneE164: customer }));
    expect(await m.dispatcher.dispatchCallJob(job.id)).toBe("placed");
    const { vapiCallId } = await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } });
    const ended = await m.simulator.waitForCall(vapiCallId!, 10_000);
    expect(ended.status).toBe("ended");
    expect((await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("scheduled");

    // Too early: nothing is fetched.
    expect(await reconciliation.reconcileCalls(later(5))).toMatchObject({ checked: 0, applied: 0 });
    expect(await reconciliation.reconcileCalls(later(16))).toMatchObject({ checked: 1, applied: 1 });
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "completed" });
    expect(await m.prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: vapiCallId! } })).toMatchObject({
      callJobId: job.id,
      direction: "outbound",
      status: "ended",
      disposition: "completed",
      summary: "All good this week.",
      endedAt: expect.any(Date),
    });
    // Nothing left to reconcile, and the report arriving after all is a duplicate.
    expect(await reconciliation.reconcileCalls(later(17))).toMatchObject({ checked: 0 });
    const report = { type: "end-of-call-report" as const, call: { id: vapiCallId!, type: "outboundPhoneCall" }, endedReason: "customer-ended-call" };
    expect(await records.recordEndOfCallReport(shop, report)).toBe("duplicate");
  });

  it("an inbound customer call record: brought up to date from GET /call", async () => {
    const call = await m.simulator.simulateInboundCall({
      phoneNumberId: shop.phoneNumberId!,
      callerNumber: "+14155550142",
      drop: [...DROP_FINAL],
      summary: "Asked about opening hours.",
    });
    const session = await eventually(() => m.prisma.callSession.findUnique({ where: { vapiCallId: call.id } }), 5_000, "the call record");
    expect(session).toMatchObject({ direction: "inbound", endedAt: null });
    expect(await reconciliation.reconcileCalls(later(16))).toMatchObject({ checked: 1, applied: 1 });
    expect(await m.prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: call.id } })).toMatchObject({
      direction: "inbound",
      status: "ended",
      disposition: "completed",
      summary: "Asked about opening hours.",
      callerNumber: "+14155550142",
      endedAt: expect.any(Date),
    });
  });

  it("a long call that has just ended waits for its report, which is then stored whole (summary, transcript, recording)", async () => {
    const call = await m.simulator.simulateInboundCall({
      phoneNumberId: shop.phoneNumberId!,
      callerNumber: "+14155550144",
      drop: [...DROP_FINAL],
      summary: "Asked about a refund.",
    });
    await eventually(() => m.prisma.callSession.findUnique({ where: { vapiCallId: call.id } }), 5_000, "the call record");
    await m.simulator.waitForCall(call.id, 10_000);
    // A record 20 minutes old (a long call) whose call Vapi has just ended.
    await m.prisma.$executeRaw`UPDATE "CallSession" SET "createdAt" = ${later(-20)} WHERE "vapiCallId" = ${call.id}`;
    expect(await reconciliation.reconcileCalls()).toMatchObject({ checked: 1, applied: 0 });
    expect(await m.prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: call.id } })).toMatchObject({ endedAt: null, summary: null });

    const report = {
      type: "end-of-call-report" as const,
      call: { id: call.id, type: "inboundPhoneCall", phoneNumberId: shop.phoneNumberId },
      endedReason: "customer-ended-call",
      startedAt: later(-20),
      endedAt: new Date(),
      artifact: { transcript: "AI: Hello. User: A refund, please.", recordingUrl: "https://recordings.example/refund.wav" },
      analysis: { summary: "Asked about a refund.\nMessage: call back about order 1004" },
    };
    expect(await records.recordEndOfCallReport(shop, report)).toBe("applied");
    expect(await m.prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: call.id } })).toMatchObject({
      transcript: "AI: Hello. User: A refund, please.",
      recordingUrl: "https://recordings.example/refund.wav",
      endedAt: expect.any(Date),
    });
    // Reconciling after the grace finds nothing left to do.
    expect(await reconciliation.reconcileCalls(later(reconciliation.REPORT_GRACE_MS / MINUTES + 1))).toMatchObject({ applied: 0 });
  });

  it("a call Vapi has no record of: its job fails, saying so", async () => {
    const job = await createJob(m, await createSchedule(m, shop), { status: "scheduled", vapiCallId: "00000000-0000-4000-8000-000000000404", attempts: 1 });
    await m.prisma.$executeRaw`UPDATE "CallJob" SET "updatedAt" = ${later(-20)} WHERE id = ${job.id}`;
    expect(await reconciliation.reconcileCalls()).toMatchObject({ failed: 1 });
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "failed",
      errorMessage: "Vapi has no record of this call",
    });
  });
});

describe("calls that cannot be settled do not take every turn", () => {
  it("two batches of calls Vapi does not know are each asked about once, then the call behind them is reached and applied", async () => {
    const unknown = Array.from({ length: 2 * reconciliation.RECONCILE_BATCH }, (_, index) => ({
      shopId: shop.id,
      direction: "inbound" as const,
      status: "in-progress",
      vapiCallId: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
      createdAt: later(-30),
    }));
    await m.prisma.callSession.createMany({ data: unknown });
    const call = await m.simulator.simulateInboundCall({
      phoneNumberId: shop.phoneNumberId!,
      callerNumber: "+14155550148",
      drop: [...DROP_FINAL],
      summary: "Asked about gift cards.",
    });
    await eventually(() => m.prisma.callSession.findUnique({ where: { vapiCallId: call.id } }), 5_000, "the call record");
    await m.simulator.waitForCall(call.id, 10_000);
    const askedAbout = () =>
      m.simulator
        .state()
        .requests.filter((request) => request.method === "GET" && request.path.startsWith("/call/"))
        .map((request) => request.path.slice("/call/".length));

    // Each tick asks about the calls asked about longest ago (never, then the oldest): no call twice before all once.
    const before = askedAbout().length;
    const rowsOf = () => m.prisma.callSession.findMany({ where: { vapiCallId: { in: unknown.map((row) => row.vapiCallId) } }, orderBy: { id: "asc" } });
    const updatedBefore = (await rowsOf()).map((row) => row.updatedAt.getTime());
    const [firstTick, secondTick] = [later(16), later(17)];
    expect(await reconciliation.reconcileCalls(firstTick)).toMatchObject({ checked: 0, applied: 0 });
    expect(await reconciliation.reconcileCalls(secondTick)).toMatchObject({ checked: 0, applied: 0 });
    const asked = askedAbout().slice(before);
    expect(asked).toHaveLength(2 * reconciliation.RECONCILE_BATCH);
    expect(new Set(asked)).toEqual(new Set(unknown.map((row) => row.vapiCallId)));
    // Each row carries the tick that asked about it; asking is not a change of the row, so its updatedAt stays.
    const rows = await rowsOf();
    expect(rows.map((row) => row.updatedAt.getTime())).toEqual(updatedBefore);
    const askedAt = (tick: Date) => rows.filter((row) => row.reconciledAt?.getTime() === tick.getTime()).length;
    expect([askedAt(firstTick), askedAt(secondTick)]).toEqual([reconciliation.RECONCILE_BATCH, reconciliation.RECONCILE_BATCH]);
    expect(await reconciliation.reconcileCalls(later(18))).toMatchObject({ checked: 1, applied: 1 });
    expect(await m.prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: call.id } })).toMatchObject({
      status: "ended",
      summary: "Asked about gift cards.",
      endedAt: expect.any(Date),
    });
  });

  it("an answer about another call than the one asked for is not applied", async () => {
    const call = await m.simulator.simulateInboundCall({ phoneNumberId: shop.phoneNumberId!, callerNumber: "+14155550149", drop: [...DROP_FINAL] });
    await eventually(() => m.prisma.callSession.findUnique({ where: { vapiCallId: call.id } }), 5_000, "the call record");
    const ended = await m.simulator.waitForCall(call.id, 10_000);
    m.simulator.fail({ method: "GET", path: `/call/${call.id}`, status: 200, body: { ...ended, id: "00000000-0000-4000-8000-00000000beef" } });
    expect(await reconciliation.reconcileCalls(later(16))).toMatchObject({ checked: 1, applied: 0 });
    expect(await m.prisma.callSession.findUnique({ where: { vapiCallId: "00000000-0000-4000-8000-00000000beef" } })).toBeNull();
    // Asked again later, Vapi's true answer is applied.
    expect(await reconciliation.reconcileCalls(later(17))).toMatchObject({ checked: 1, applied: 1 });
  });
});

describe("an uninstalled shop", () => {
  const uninstall = (leaving: Shop) => m.prisma.shop.update({ where: { id: leaving.id }, data: { uninstalledAt: new Date() } });

  it("its calls settle without their content: a record without its report is brought up to date, but no summary or transcript is stored", async () => {
    const leaving = await receptionistShop(m, { url: route.url, secret: TEST_VAPI_WEBHOOK_SECRET });
    const call = await m.simulator.simulateInboundCall({
      phoneNumberId: leaving.phoneNumberId!,
      callerNumber: "+14155550144",
      drop: [...DROP_FINAL],
      summary: "Message: Ann; +14155550144; call back.",
    });
    await eventually(() => m.prisma.callSession.findUnique({ where: { vapiCallId: call.id } }), 5_000, "the call record");
    await uninstall(leaving);

    expect(await reconciliation.reconcileCalls(later(16))).toMatchObject({ checked: 1, applied: 1 });
    expect(await m.prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: call.id } })).toMatchObject({
      status: "ended",
      disposition: "completed",
      endedAt: expect.any(Date),
      summary: null,
      transcript: null,
      recordingUrl: null,
      messageTaken: null,
    });
  });

  it("a check-in call whose placement was unknown is withdrawn while Vapi has not dialled it, and its job superseded", async () => {
    const leaving = await receptionistShop(m, { url: route.url, secret: TEST_VAPI_WEBHOOK_SECRET });
    const customer = "+12125550147";
    const job = await createJob(m, await createSchedule(m, leaving, { phoneE164: customer }), { status: "scheduled", attempts: 1, unconfirmedAt: new Date() });
    m.simulator.setCallScript({ customerNumber: customer }, { queuedMs: 10_000 });
    await placeCheckinCall(leaving, job.id, customer);
    // The uninstall stopped the shop's queued jobs; this one, whose placement was unknown, is left to reconciliation.
    await uninstall(leaving);

    expect(await reconciliation.reconcileCalls()).toMatchObject({ linked: 0, applied: 0 });
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "superseded",
      errorMessage: "The app was uninstalled",
      vapiCallId: null,
      unconfirmedAt: null,
    });
    // Deleted at Vapi while queued: it never rings.
    expect(m.simulator.state().calls.filter((call) => call.assistantOverrides?.metadata?.callJobId === job.id)).toEqual([]);
  });

  it("one that is ringing is linked to its job at once, which it keeps", async () => {
    const leaving = await receptionistShop(m, { url: route.url, secret: TEST_VAPI_WEBHOOK_SECRET });
    const customer = "+12125550148";
    const job = await createJob(m, await createSchedule(m, leaving, { phoneE164: customer }), { status: "scheduled", attempts: 1, unconfirmedAt: new Date() });
    m.simulator.setCallScript({ customerNumber: customer }, { ringMs: 5_000, drop: ["status-update:ringing", "status-update:in-progress", ...DROP_FINAL] });
    const id = await placeCheckinCall(leaving, job.id, customer);
    await eventually(() => m.simulator.state().calls.find((call) => call.id === id)?.status === "ringing", 5_000, "the ringing");
    await uninstall(leaving);

    expect(await reconciliation.reconcileCalls()).toMatchObject({ linked: 1, applied: 0 });
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "scheduled", vapiCallId: id, unconfirmedAt: null });
  });

  it("one that rang already is shown on its job, settled, without its content", async () => {
    const leaving = await receptionistShop(m, { url: route.url, secret: TEST_VAPI_WEBHOOK_SECRET });
    const customer = "+12125550145";
    const job = await createJob(m, await createSchedule(m, leaving, { phoneE164: customer }), { status: "scheduled", attempts: 1, unconfirmedAt: new Date() });
    const id = await placedUnseen(leaving, job.id, customer, { summary: "Private." });
    await uninstall(leaving);

    expect(await reconciliation.reconcileCalls(later(16))).toMatchObject({ linked: 1, applied: 1 });
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "completed", vapiCallId: id, unconfirmedAt: null });
    expect(await m.prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: id } })).toMatchObject({ callJobId: job.id, status: "ended", summary: null });
  });
});

describe("a check-in job whose placement was unknown", () => {
  it("found at Vapi by its metadata: linked, and applied since the call ended", async () => {
    const customer = "+12125550143";
    const job = await createJob(m, await createSchedule(m, shop, { phoneE164: customer }), { status: "scheduled", attempts: 1, unconfirmedAt: new Date() });
    const id = await placedUnseen(shop, job.id, customer);
    // It ended a moment ago: linked now, applied once its report can no longer come.
    expect(await reconciliation.reconcileCalls()).toMatchObject({ linked: 1, applied: 0 });
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "scheduled", vapiCallId: id, unconfirmedAt: null });
    expect(await reconciliation.reconcileCalls(later(16))).toMatchObject({ checked: 1, applied: 1 });
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "completed", vapiCallId: id, unconfirmedAt: null });
  });

  it("a retry's unknown placement is not taken for the job's earlier, unanswered call", async () => {
    const customer = "+12125550146";
    m.simulator.setCallScript({ customerNumber: customer }, { outcome: "customer-did-not-answer" });
    const job = await createJob(m, await createSchedule(m, shop, { phoneE164: customer }));
    expect(await m.dispatcher.dispatchCallJob(job.id)).toBe("placed");
    const { vapiCallId: first } = await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } });
    await m.simulator.waitForCall(first!, 10_000);
    // Its webhooks queued the retry and linked the call's record to the job.
    await eventually(async () => (await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).status === "queued", 5_000, "the retry");
    // The retry's POST /call outcome is unknown, and Vapi never placed it.
    await m.prisma.callJob.update({ where: { id: job.id }, data: { status: "scheduled", attempts: 2, unconfirmedAt: new Date() } });

    expect(await reconciliation.reconcileCalls(later(2))).toMatchObject({ linked: 0, failed: 1 });
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "failed", vapiCallId: null });
  });

  it.each([
    ["a first call", [], { status: "superseded", errorMessage: "Paused by you" }],
    ["a retry after a call that rang", [{ outcome: "placed" }], { status: "failed", errorMessage: "Not tried again: paused by you" }],
    ["a retry after a call Vapi refused", [{ outcome: "failed" }], { status: "superseded", errorMessage: "Paused by you" }],
  ])("%s, paused while placed and then not at Vapi, reads as any stopped job of its history", async (_, earlier, expected) => {
    const job = await createJob(m, await createSchedule(m, shop), {
      status: "superseded",
      errorMessage: "Paused by you",
      attempts: earlier.length + 1,
      unconfirmedAt: new Date(),
    });
    const attempts = [...earlier, { outcome: "timeout" }].map((attempt, index) => ({
      callJobId: job.id,
      shopId: shop.id,
      number: index + 1,
      finishedAt: new Date(),
      ...attempt,
    }));
    await m.prisma.callAttempt.createMany({ data: attempts });

    await reconciliation.reconcileCalls(later(2));
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ ...expected, vapiCallId: null, unconfirmedAt: null });
  });

  it("a retry paused while its placement was unknown, whose number was then released: kept as a call that may have rung", async () => {
    const removed = await receptionistShop(m, { url: route.url, secret: TEST_VAPI_WEBHOOK_SECRET });
    const job = await createJob(m, await createSchedule(m, removed), {
      status: "superseded",
      errorMessage: "Paused by you",
      attempts: 2,
      unconfirmedAt: new Date(),
    });
    const attempts = ["failed", "timeout"].map((outcome, index) => ({
      callJobId: job.id,
      shopId: removed.id,
      number: index + 1,
      finishedAt: new Date(),
      outcome,
    }));
    await m.prisma.callAttempt.createMany({ data: attempts });
    // The receptionist removed: its calls can no longer be listed, so the timed-out attempt's call is never shown absent.
    await m.prisma.shop.update({ where: { id: removed.id }, data: { phoneNumberId: null } });

    await reconciliation.reconcileCalls(later(2));
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "failed",
      errorMessage: "Not tried again: paused by you",
      unconfirmedAt: null,
    });
  });

  it("not at Vapi after the lookup window: failed, and no call is made", async () => {
    const job = await createJob(m, await createSchedule(m, shop), { status: "scheduled", attempts: 1, unconfirmedAt: new Date() });
    const before = m.simulator.state().requests.filter((request) => request.method === "POST" && request.path === "/call").length;
    expect(await reconciliation.reconcileCalls()).toMatchObject({ failed: 0 }); // still within the window
    expect(await reconciliation.reconcileCalls(later(2))).toMatchObject({ failed: 1 });
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "failed", vapiCallId: null });
    expect(m.simulator.state().requests.filter((request) => request.method === "POST" && request.path === "/call")).toHaveLength(before);
  });
});

describe("an inbound call with no record at all (every webhook of it lost)", () => {
  const ALL_MESSAGES = ["status-update:ringing", "status-update:in-progress", ...DROP_FINAL] as const;
  const sweepState = () => m.prisma.shop.findUniqueOrThrow({ where: { id: shop.id }, select: { callSweepAt: true, callSweepFrom: true } });

  beforeEach(async () => {
    // Each test starts from a line not listed yet since the test began (the calls of earlier tests are at the simulator still, and before the mark).
    await m.prisma.shop.update({ where: { id: shop.id }, data: { callSweepAt: null, callSweepFrom: new Date() } });
  });

  it("is found on the shop's line once its report can no longer come, and recorded whole; once", async () => {
    const call = await m.simulator.simulateInboundCall({
      phoneNumberId: shop.phoneNumberId!,
      callerNumber: "+14155550145",
      drop: [...ALL_MESSAGES],
      summary: "Asked whether the blue shirt comes in XL.",
    });
    await m.simulator.waitForCall(call.id, 10_000);
    expect(await m.prisma.callSession.count({ where: { vapiCallId: call.id } })).toBe(0);

    // Within the report's grace: listed, left for later, and the mark stays at or before the call.
    expect(await reconciliation.reconcileCalls(later(5))).toMatchObject({ recovered: 0 });
    expect((await sweepState()).callSweepFrom!.getTime()).toBeLessThanOrEqual(
      Date.parse(m.simulator.state().calls.find((listed) => listed.id === call.id)!.createdAt),
    );
    expect(await m.prisma.callSession.count({ where: { vapiCallId: call.id } })).toBe(0);

    expect(await reconciliation.reconcileCalls(later(16))).toMatchObject({ recovered: 1 });
    expect(await m.prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: call.id } })).toMatchObject({
      shopId: shop.id,
      direction: "inbound",
      status: "ended",
      summary: "Asked whether the blue shirt comes in XL.",
      callerNumber: "+14155550145",
      transcript: expect.any(String),
      endedAt: expect.any(Date),
    });

    // The mark moved past it; the report arriving after all is a duplicate.
    expect((await sweepState()).callSweepFrom!.getTime()).toBeGreaterThan(
      Date.parse(m.simulator.state().calls.find((listed) => listed.id === call.id)!.createdAt),
    );
    expect(await reconciliation.reconcileCalls(later(27))).toMatchObject({ recovered: 0 });
    const report = {
      type: "end-of-call-report" as const,
      call: { id: call.id, type: "inboundPhoneCall", phoneNumberId: shop.phoneNumberId },
      endedReason: "customer-ended-call",
    };
    expect(await records.recordEndOfCallReport(shop, report)).toBe("duplicate");
    expect(await m.prisma.callSession.count({ where: { vapiCallId: call.id } })).toBe(1);
  });

  it("a call the app has a record of is left to that record; a line is listed at most every 10 minutes", async () => {
    const call = await m.simulator.simulateInboundCall({ phoneNumberId: shop.phoneNumberId!, callerNumber: "+14155550146", summary: "Opening hours." });
    await eventually(() => m.prisma.callSession.findFirst({ where: { vapiCallId: call.id, endedAt: { not: null } } }), 5_000, "the call record");
    const already = m.simulator.state().requests.length;
    const listings = () =>
      m.simulator
        .state()
        .requests.slice(already)
        .filter((request) => request.method === "GET" && request.path === "/call").length;

    expect(await reconciliation.reconcileCalls(later(16))).toMatchObject({ recovered: 0 });
    expect(listings()).toBe(1);
    expect(await reconciliation.reconcileCalls(later(20))).toMatchObject({ recovered: 0 });
    expect(listings()).toBe(1);
    expect(await reconciliation.reconcileCalls(later(27))).toMatchObject({ recovered: 0 });
    expect(listings()).toBe(2);
    expect(await m.prisma.callSession.count({ where: { vapiCallId: call.id } })).toBe(1);
  });

  it("a listing Vapi refuses leaves the mark where it was, and is tried again after the interval (not every tick)", async () => {
    const call = await m.simulator.simulateInboundCall({ phoneNumberId: shop.phoneNumberId!, callerNumber: "+14155550147", drop: [...ALL_MESSAGES] });
    await m.simulator.waitForCall(call.id, 10_000);
    m.simulator.fail({ method: "GET", path: "/call", status: 503, times: 3 });

    const { callSweepFrom } = await sweepState();
    const refusedAt = later(16);
    expect(await reconciliation.reconcileCalls(refusedAt)).toMatchObject({ recovered: 0 });
    expect(await sweepState()).toEqual({ callSweepAt: refusedAt, callSweepFrom });
    expect(await reconciliation.reconcileCalls(later(17))).toMatchObject({ recovered: 0 });
    expect(await reconciliation.reconcileCalls(later(27))).toMatchObject({ recovered: 1 });
  });
});
