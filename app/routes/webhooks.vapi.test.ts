// /webhooks/vapi with realistic server messages: authentication first,
// clear 4xx for bad input, deduplicated and never-backwards call records.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { callRoute, installShop } from "../../tests/support/shopify";
import { endOfCallReport, statusUpdate, toolCalls, vapiWebhookRequest, type CallRef } from "../../tests/support/vapi-messages";
import { action } from "./webhooks.vapi";

const shopA: CallRef = { id: "call-1", assistantId: "asst-a", phoneNumberId: "pn-a" };
const post = (body: unknown, options?: Parameters<typeof vapiWebhookRequest>[1]) => callRoute(action, vapiWebhookRequest(body, options));
const session = () => prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: "call-1" } });

beforeAll(async () => {
  await installShop("shop-a.myshopify.com", { assistantId: "asst-a", phoneNumberId: "pn-a", phoneNumber: "+14155550100", receptionistStatus: "active" });
  await installShop("shop-b.myshopify.com", { assistantId: "asst-b", phoneNumberId: "pn-b", phoneNumber: "+14155550200", receptionistStatus: "active" });
});

beforeEach(async () => {
  await prisma.callSession.deleteMany();
  await prisma.webhookDelivery.deleteMany();
});

describe("authentication", () => {
  it.each([
    ["no secret", null],
    ["a wrong secret", "not-the-secret-at-all"],
    ["a prefix of the secret", "test-webhook"],
  ])("refuses %s with 401 and writes nothing", async (_label, secret) => {
    const response = await post(statusUpdate(shopA, "in-progress"), { secret });
    expect(response.status).toBe(401);
    expect(await prisma.callSession.count()).toBe(0);
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });
});

describe("bad input", () => {
  it("refuses an oversized body with 413", async () => {
    const huge = JSON.stringify({ message: { type: "status-update", padding: "x".repeat(3 * 1024 * 1024) } });
    const refused = await post(huge);
    expect(refused.status).toBe(413);
    expect(await refused.json()).toEqual({ error: "body too large", limitBytes: 2 * 1024 * 1024 });
  });

  it.each([
    ["malformed JSON", "{not json", /malformed JSON/],
    ["a status-update without a call", { message: { type: "status-update", status: "ended", phoneNumber: { id: "pn-a" } } }, /status-update: call/],
    ["tool-calls without items", { message: { type: "tool-calls", call: { id: "c", assistantId: "asst-a" }, toolCallList: [] } }, /toolCallList/],
  ])("answers %s with 400 and a reason", async (_label, body, reason) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(reason);
  });

  it("refuses a body naming no call with 401: no shop can be authenticated", async () => {
    expect((await post({ hello: "world" })).status).toBe(401);
  });

  it("acknowledges and ignores an unknown message type", async () => {
    const response = await post({ message: { type: "speech-update", status: "started", call: { id: "call-1", assistantId: "asst-a" } } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, ignored: "speech-update" });
  });

  it.each([
    ["inboundPhoneCall", "callerNumber"],
    ["outboundPhoneCall", "calleeNumber"],
  ] as const)("a report that names no customer keeps the number an earlier message stored (%s: %s)", async (type, column) => {
    const ref: CallRef = { ...shopA, id: `call-keeps-${type}`, type, customerNumber: "+12125550177" };
    expect((await post(statusUpdate(ref, "ringing"))).status).toBe(200);
    const report = endOfCallReport(ref);
    delete report.message.call!.customer;
    expect((await post(report)).status).toBe(200);
    expect(await prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: ref.id } })).toMatchObject({ status: "ended", [column]: "+12125550177" });
  });

  it.each(["constructor", "toString", "__proto__", "hasOwnProperty"])("acknowledges and ignores a message typed %j (no handler of ours)", async (type) => {
    const response = await post({ message: { type, call: { id: "call-1", assistantId: "asst-a" } } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, ignored: type });
  });

  it.each(
    ["constructor", "toString", "__proto__"].flatMap((endedReason) =>
      (["inboundPhoneCall", "outboundPhoneCall"] as const).map((type, index) => ({ endedReason, type, id: `call-${endedReason}-${index}` })),
    ),
  )("an end-of-call report ending $endedReason ($type) is stored as an ordinary call", async ({ endedReason, type, id }) => {
    const response = await post(endOfCallReport({ ...shopA, id, type, customerNumber: "+12125550199" }, { endedReason: endedReason as never }));
    expect(response.status).toBe(200);
    expect(await prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: id } })).toMatchObject({ endedReason, disposition: "completed" });
  });

  it("refuses calls of assistants the app does not own: no shop, so no secret to accept", async () => {
    const response = await post(statusUpdate({ ...shopA, assistantId: "asst-unknown", phoneNumberId: "pn-unknown" }, "ringing"));
    expect(response.status).toBe(401);
    expect(await prisma.callSession.count()).toBe(0);
  });

  it("serves nobody when the assistant and the number belong to different shops", async () => {
    const response = await post(statusUpdate({ ...shopA, phoneNumberId: "pn-b" }, "ringing"));
    expect(response.status).toBe(401);
    expect(await prisma.callSession.count()).toBe(0);
  });
});

describe("call records", () => {
  it("follows a call from ringing to the end-of-call report", async () => {
    for (const status of ["ringing", "in-progress"] as const) expect((await post(statusUpdate(shopA, status))).status).toBe(200);
    expect((await post(statusUpdate(shopA, "ended", "customer-ended-call"))).status).toBe(200);
    expect((await post(endOfCallReport(shopA))).status).toBe(200);

    const record = await session();
    const shop = await prisma.shop.findUniqueOrThrow({ where: { domain: "shop-a.myshopify.com" } });
    expect(record).toMatchObject({
      shopId: shop.id,
      direction: "inbound",
      status: "ended",
      callerNumber: "+16175550111",
      calleeNumber: "+14155550100",
      endedReason: "customer-ended-call",
      disposition: "completed",
      durationSec: 125,
      summary: expect.stringContaining("flannel"),
      transcript: expect.stringContaining("Thank you for calling"),
      recordingUrl: "https://storage.vapi.example/rec.wav",
      messageTaken: "Dana; +16175550111; call back about a return",
    });
    expect(Number(record.cost)).toBeCloseTo(0.1234);
  });

  const CURRENT = "https://storage.vapi.example/mono-combined.wav";
  const DEPRECATED = "https://storage.vapi.example/rec.wav";
  // Both ways a report is stored: in one statement, and (no startedAt: the duration comes from the stored start) in a transaction.
  describe.each([
    ["with its start", {}],
    ["without its start", { startedAt: undefined }],
  ])("the recording of a report %s", (_, start) => {
    it.each([
      ["the current field beside the deprecated one: the current", { recording: { mono: { combinedUrl: CURRENT } }, recordingUrl: DEPRECATED }, CURRENT],
      ["only the current field", { recording: { mono: { combinedUrl: CURRENT } } }, CURRENT],
      ["only the deprecated field", { recordingUrl: DEPRECATED }, DEPRECATED],
      ["neither", {}, null],
      ["a current field of the wrong shape: the deprecated one", { recording: { mono: "x" }, recordingUrl: DEPRECATED }, DEPRECATED],
      ["a script link", { recordingUrl: "javascript:alert(1)" }, null],
      ["a data link", { recording: { mono: { combinedUrl: "data:audio/wav;base64,AAAA" } } }, null],
      ["a relative link", { recordingUrl: "/rec.wav" }, null],
      ["a link with a space", { recordingUrl: "https://storage.vapi.example/a b.wav" }, null],
      ["a link with a NUL", { recordingUrl: "https://storage.vapi.example/\u0000.wav" }, null],
      ["a link with a lone surrogate", { recordingUrl: "https://storage.vapi.example/\ud800.wav" }, null],
      ["a link longer than 2,000 characters", { recordingUrl: `https://storage.vapi.example/${"a".repeat(2_000)}.wav` }, null],
      ["a link of another type", { recordingUrl: 42 }, null],
    ])("%s", async (_, recording, stored) => {
      const artifact = { transcript: "AI: Thank you for calling!", messages: [], ...recording };
      expect((await post(endOfCallReport(shopA, { ...start, artifact } as never))).status).toBe(200);
      expect(await session()).toMatchObject({ status: "ended", recordingUrl: stored });
    });
  });

  it("applies a duplicated delivery once", async () => {
    const first = await post(statusUpdate(shopA, "in-progress"));
    const again = await post(statusUpdate(shopA, "in-progress"));
    expect(await first.json()).toMatchObject({ outcome: "applied" });
    expect(await again.json()).toMatchObject({ outcome: "duplicate" });
    expect(await prisma.webhookDelivery.count()).toBe(1);
  });

  it("applies ten copies arriving at the same instant once", async () => {
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(endOfCallReport(shopA))));
    const outcomes = await Promise.all(responses.map(async (response) => (await response.json()).outcome));
    expect(outcomes.filter((outcome) => outcome === "applied")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === "duplicate")).toHaveLength(9);
    expect(await prisma.callSession.count()).toBe(1);
  });

  it("never moves backwards: a late in-progress after the report changes nothing", async () => {
    await post(endOfCallReport(shopA, { endedReason: "customer-busy" }));
    const late = await post(statusUpdate(shopA, "in-progress"));
    expect(await late.json()).toMatchObject({ outcome: "stale" });
    expect(await session()).toMatchObject({ status: "ended", disposition: "busy" });
  });

  it("completes the record when the report arrives before any status update", async () => {
    await post(endOfCallReport(shopA));
    await post(statusUpdate(shopA, "ringing"));
    await post(statusUpdate(shopA, "ended", "customer-ended-call"));
    expect(await session()).toMatchObject({ status: "ended", durationSec: 125, disposition: "completed" });
  });

  it.each([
    ["an inbound", "inboundPhoneCall"],
    ["an outbound", "outboundPhoneCall"],
  ] as const)("takes %s call's duration from the start its status update stored when the report does not say when it started", async (_label, type) => {
    const { message } = statusUpdate({ ...shopA, type }, "in-progress");
    expect((await post({ message: { ...message, call: { ...message.call, startedAt: "2026-11-21T15:00:05.000Z" } } })).status).toBe(200);
    expect((await post(endOfCallReport({ ...shopA, type }, { startedAt: undefined, endedAt: "2026-11-21T15:01:40.000Z" }))).status).toBe(200);
    expect(await session()).toMatchObject({ status: "ended", startedAt: new Date("2026-11-21T15:00:05.000Z"), durationSec: 95 });
  });

  it("records outbound calls through the same code", async () => {
    await post(endOfCallReport({ ...shopA, type: "outboundPhoneCall", customerNumber: "+12125550199" }, { endedReason: "customer-did-not-answer" }));
    expect(await session()).toMatchObject({ direction: "outbound", callerNumber: "+14155550100", calleeNumber: "+12125550199", disposition: "no-answer" });
  });
});

describe("tool-calls", () => {
  it("answers one result per call, in order, for every documented item shape", async () => {
    const response = await post(
      toolCalls(shopA, [
        { id: "t1", type: "function", function: { name: "no_such_tool", arguments: { a: 1 } } },
        { id: "t2", type: "function", function: { name: "no_such_tool", arguments: '{"a":1}' } },
        { id: "t3", name: "no_such_tool", parameters: { a: 1 } },
      ]),
    );
    expect(response.status).toBe(200);
    const { results } = await response.json();
    expect(results.map((result: { toolCallId: string }) => result.toolCallId)).toEqual(["t1", "t2", "t3"]);
    for (const { result } of results) expect(result).not.toMatch(/\n/);
  });
});

describe("values PostgreSQL cannot store (one test per class; the fuzz test mixes them)", () => {
  it.each([
    ["NUL characters", "a\u0000b", "a\uFFFDb"],
    ["a lone high surrogate", "x\uD83D", "x\uFFFD"],
    ["a lone low surrogate", "\uDE00y", "\uFFFDy"],
    ["a valid pair (kept)", "ok 🙂", "ok 🙂"],
  ])("stores text with %s, replaced", async (_label, raw, stored) => {
    const response = await post(endOfCallReport(shopA, { analysis: { summary: raw }, endedReason: raw as "customer-ended-call" }));
    expect(response.status).toBe(200);
    expect(await session()).toMatchObject({ summary: stored, endedReason: stored });
  });

  it("caps oversized text", async () => {
    await post(endOfCallReport(shopA, { analysis: { summary: "s".repeat(100_000) } }));
    expect((await session()).summary).toHaveLength(20_000);
  });

  it.each([
    ["past JS Date's range", "+275760-09-13T00:00:01Z"],
    ["year 0", "0000-01-01T00:00:00Z"],
    ["past Prisma's four-digit years", "+010000-01-01T00:00:00Z"],
    ["malformed", "2026-13-45T99:99:99Z"],
    ["a number far out of range", 8.64e15 + 1],
    ["a wrong type", { at: "now" }],
  ])("treats a timestamp %s as absent", async (_label, value) => {
    const response = await post(endOfCallReport(shopA, { startedAt: value as string, endedAt: value as string }));
    expect(response.status).toBe(200);
    expect(await session()).toMatchObject({ startedAt: null, endedAt: null, durationSec: null });
  });

  it.each([
    ["huge", 1e308],
    ["negative", -1],
    ["a string", "0.5"],
  ])("treats a cost that is %s as absent", async (_label, cost) => {
    expect((await post(endOfCallReport(shopA, { cost: cost as number }))).status).toBe(200);
    expect((await session()).cost).toBeNull();
  });

  it("treats a duration beyond any call (and beyond int4) as unknown", async () => {
    await post(endOfCallReport(shopA, { startedAt: "2001-01-01T00:00:00Z", endedAt: "2199-01-01T00:00:00Z" }));
    expect(await session()).toMatchObject({ durationSec: null });
  });

  it.each([
    ["a call id that is a number", { id: 42 }],
    ["an oversized call id", { id: "c".repeat(5_000) }],
    ["a status that is an object", { status: { a: 1 } }],
  ])("refuses %s with 400 and a reason", async (_label, change) => {
    const body = statusUpdate(shopA, "ringing");
    const message = body.message as unknown as Record<string, unknown>;
    if ("status" in change) message.status = change.status;
    else message.call = { ...(message.call as object), ...change };
    const response = await post(body);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/status-update: (call\.id|status)/);
  });
});

describe("tenant walls", () => {
  const shopB: CallRef = { id: "call-1", assistantId: "asst-b", phoneNumberId: "pn-b", customerNumber: "+13125550999" };

  it("shop B's end-of-call report reusing shop A's call id changes nothing of A's", async () => {
    await post(statusUpdate(shopA, "in-progress"));
    await post(endOfCallReport(shopA));
    const before = await session();
    const deliveriesBefore = await prisma.webhookDelivery.count();

    for (const body of [
      endOfCallReport(shopB, {
        analysis: { summary: "Overwritten by shop B" },
        artifact: { transcript: "B's transcript", messages: [] },
        endedReason: "customer-busy",
      }),
      statusUpdate(shopB, "ended", "customer-busy"),
    ]) {
      const response = await post(body);
      expect(response.status).toBe(409);
      expect(await response.json()).toEqual({ error: "this call id belongs to another shop's call" });
    }
    expect(await session()).toEqual(before);
    expect(await prisma.callSession.count()).toBe(1);
    expect(await prisma.webhookDelivery.count()).toBe(deliveriesBefore);
  });

  it("shop B's report with A's call id does not suppress A's own report (delivery keys are per shop)", async () => {
    await post(statusUpdate(shopA, "ringing"));
    await post(endOfCallReport(shopB, { analysis: { summary: "B first" } }));
    const mine = await post(endOfCallReport(shopA));
    expect(await mine.json()).toMatchObject({ outcome: "applied" });
    expect((await session()).summary).toContain("flannel");
  });
});
