// The store's knowledge through /webhooks/vapi, end to end: a receptionist
// set up through the provisioning API against the Vapi simulator, the Admin
// API stand-in serving the shop's policies, and Vapi's tool-calls and
// transfer-destination-request messages signed with the shop's own secret.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import { buildShopFixtures } from "../sandbox/fixtures/demo-shop";
import { startShopifyAdminStandIn, type ShopifyAdminStandIn } from "../sandbox/shopify-admin/server";
import { editShopPolicy } from "../sandbox/shopify-admin/test-support";
import { startVapiSimulator, type VapiSimulator } from "../sandbox/vapi-simulator/server";
import { appFetchRequest, callRoute, installShop, TEST_SHOP } from "../../tests/support/shopify";
import { TEST_VAPI_API_KEY } from "../../tests/support/test-env";
import { toolCalls, vapiWebhookRequest, type CallRef } from "../../tests/support/vapi-messages";

let simulator: VapiSimulator;
let adminApi: ShopifyAdminStandIn;
let prisma: typeof import("../db.server").default;
let webhook: typeof import("./webhooks.vapi");
let knowledge: typeof import("../knowledge/store-knowledge.server");
let refresh: typeof import("../receptionist/knowledge-refresh.server");
let queue: typeof import("../jobs/queue.server");
let shop: Shop;
let secret: string;
let call: CallRef;

const TOKEN = `shpat_${TEST_SHOP}`;
// Mondays to Fridays 9 to 5 in New York: open on Tuesday 2026-12-01 at 15:00 UTC, closed at 23:00 UTC.
const OFFICE_HOURS = {
  timezone: "America/New_York",
  weekly: Object.fromEntries(["1", "2", "3", "4", "5"].map((day) => [day, [{ open: "09:00", close: "17:00" }]])),
  exceptions: [],
};

beforeAll(async () => {
  simulator = await startVapiSimulator({ apiKey: TEST_VAPI_API_KEY, activationDelayMs: 0 });
  const fixtures = buildShopFixtures({ shop: { myshopifyDomain: TEST_SHOP } });
  adminApi = await startShopifyAdminStandIn({ shops: { [TEST_SHOP]: { accessToken: TOKEN, fixtures } } });
  Object.assign(process.env, { VAPI_BASE_URL: simulator.url, SANDBOX_ADMIN_API_URL: adminApi.url });
  [{ default: prisma }, webhook, knowledge, refresh, queue] = await Promise.all([
    import("../db.server"),
    import("./webhooks.vapi"),
    import("../knowledge/store-knowledge.server"),
    import("../receptionist/knowledge-refresh.server"),
    import("../jobs/queue.server"),
  ]);
  await installShop(TEST_SHOP, { timezone: "America/New_York" });
  const provisionApi = await import("./api.vapi.provision");
  const provisioned = await callRoute(
    provisionApi.action,
    await appFetchRequest("/api/vapi/provision", {
      method: "POST",
      body: new URLSearchParams({ preferredAreaCode: "415", forwardingNumber: "+1 617 555 0199" }),
    }),
  );
  expect(provisioned.status).toBe(200);
  shop = await prisma.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } });
  const [assistant] = simulator.state().assistants;
  secret = String(assistant.server?.headers?.["X-Vapi-Secret"]);
  call = { id: "call-knowledge", assistantId: shop.assistantId!, phoneNumberId: shop.phoneNumberId!, customerNumber: "+16175550142" };
});
afterAll(async () => {
  await queue.stopJobQueue();
  await simulator.close();
  await adminApi.close();
});
beforeEach(async () => {
  await prisma.message.deleteMany();
});

const post = (body: unknown) => callRoute(webhook.action, vapiWebhookRequest(body, { secret }));
const tool = (id: string, name: string, args: Record<string, unknown>) => ({ id, type: "function", function: { name, arguments: args } });
async function askTools(items: Array<Record<string, unknown>>, ref = call): Promise<string[]> {
  const response = await post(toolCalls(ref, items));
  expect(response.status).toBe(200);
  const body = (await response.json()) as { results: Array<{ toolCallId: string; result: string }> };
  return body.results.map((result) => result.result);
}

describe("store_info", () => {
  it("answers the refund policy from Shopify's policy (read on first use), and an unknown topic helpfully, never an error", async () => {
    const [refund, unknown, shipping] = await askTools([
      tool("t-refund", "store_info", { topic: "returns", question: "Can I return a shirt?" }),
      tool("t-unknown", "store_info", { topic: "parking", question: "Is there parking nearby?" }),
      tool("t-ship", "store_info", { topic: "shipping", question: "Do you ship to Canada?" }),
    ]);
    expect(refund).toContain("From the store's Refund policy:");
    expect(refund).toContain("We accept returns within 30 days of delivery.");
    expect(refund).not.toMatch(/<\/?p>|<strong>/);
    expect(unknown).toMatch(/^There is no store information on that\. You can answer about: returns and refunds, shipping/);
    expect(unknown).toContain("offer to take a message");
    expect(shipping).toMatch(/^Yes, the store ships to Canada\. The store ships to: United States, Canada\./);
    // Read from Shopify on first use only (the three came at once), then from the database.
    const reads = () => adminApi.requests().filter((request) => request.operationName === "ReceptionistStoreKnowledge").length;
    const first = reads();
    expect(first).toBeGreaterThanOrEqual(1);
    await askTools([tool("t-again", "store_info", { topic: "privacy" })]);
    expect(reads()).toBe(first);
  });

  it("a policy edited at Shopify reaches the assistant after a knowledge refresh", async () => {
    await askTools([tool("t-before", "store_info", { topic: "returns" })]); // knowledge stored
    const edited = await editShopPolicy(adminApi, "REFUND_POLICY", "<p>Returns are accepted within <b>60 days</b>, and exchanges are free.</p>", {
      shop: TEST_SHOP,
      token: TOKEN,
    });
    expect(edited.body.data?.shopPolicyUpdate.userErrors).toEqual([]);
    const [stale] = await askTools([tool("t-stale", "store_info", { topic: "returns" })]);
    expect(stale).toContain("30 days");

    expect(await refresh.runKnowledgeRefresh({ shopDomain: TEST_SHOP })).toBe("refreshed");
    const [fresh] = await askTools([tool("t-fresh", "store_info", { topic: "refund" })]);
    expect(fresh).toContain("Returns are accepted within 60 days, and exchanges are free.");
    expect(fresh).not.toContain("30 days");
  });
});

describe("take_message", () => {
  const args = {
    callerName: "Dana Whitfield",
    callbackNumber: "(617) 555-0142",
    reason: "Wants to exchange a flannel shirt for a larger size",
    orderNumber: "#1004",
  };

  it("reads the number back first and writes nothing until the caller confirmed it", async () => {
    const [answer] = await askTools([tool("m-unconfirmed", "take_message", args)]);
    expect(answer).toContain("Read the callback number back to the caller: (617) 555-0142");
    expect(await prisma.message.count()).toBe(0);
  });

  it("creates exactly one Message, linked to its call, for duplicate deliveries of the same tool call", async () => {
    const body = toolCalls(call, [tool("m-1", "take_message", { ...args, callbackNumberConfirmed: true })]);
    const responses = await Promise.all([post(body), post(body), post(body)]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(await post(body).then((response) => response.status)).toBe(200);
    const messages = await prisma.message.findMany({ include: { callSession: true } });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      shopId: shop.id,
      toolCallId: "m-1",
      callerName: "Dana Whitfield",
      callbackNumber: "+16175550142",
      reason: "Wants to exchange a flannel shirt for a larger size",
      orderNumber: "1004",
      status: "new",
    });
    expect(messages[0].callSession).toMatchObject({ vapiCallId: "call-knowledge", shopId: shop.id });
  });

  it.each([
    ["a name cut inside an emoji", { callerName: `${"a".repeat(99)}😀`, reason: "Refund" }, { callerName: "a".repeat(99), reason: "Refund" }],
    ["a name of emoji only, past the limit", { callerName: "😀".repeat(80), reason: "Refund" }, { callerName: "😀".repeat(50), reason: "Refund" }],
    ["a reason cut inside an emoji", { callerName: "Dana", reason: `${"b".repeat(499)}🎉 and more` }, { callerName: "Dana", reason: "b".repeat(499) }],
    ["a name with a lone surrogate and a NUL", { callerName: "Da\ud800na\u0000", reason: "Refund" }, { callerName: "Da\ufffdna\ufffd", reason: "Refund" }],
  ])("stores %s as whole characters, at the first delivery", async (_label, given, stored) => {
    const body = toolCalls(call, [tool(`m-${randomUUID()}`, "take_message", { ...args, ...given, callbackNumberConfirmed: true })]);
    const response = await post(body);
    expect(response.status).toBe(200);
    expect(JSON.stringify(await response.json())).toContain("saved");
    const saved = await prisma.message.findFirstOrThrow({ where: { toolCallId: { not: "m-1" } }, orderBy: { createdAt: "desc" } });
    expect({ callerName: saved.callerName, reason: saved.reason }).toEqual(stored);
    await prisma.message.deleteMany({ where: { id: saved.id } });
  });

  it("asks again for what is missing or not a phone number", async () => {
    const [answer] = await askTools([tool("m-bad", "take_message", { callerName: "", callbackNumber: "12", reason: "x", callbackNumberConfirmed: true })]);
    expect(answer).toMatch(/^The message is not saved yet\. Ask the caller for their name and a complete phone number/);
    expect(await prisma.message.count()).toBe(0);
  });
});

describe("transfers", () => {
  const transferRequest = () => ({
    message: {
      type: "transfer-destination-request",
      call: { id: call.id, type: "inboundPhoneCall", assistantId: call.assistantId, phoneNumberId: call.phoneNumberId },
      timestamp: Date.now(),
    },
  });

  it.each([
    ["inside opening hours", "2026-12-01T15:00:00Z", true],
    ["outside opening hours", "2026-12-01T23:00:00Z", false],
    ["on a weekend", "2026-12-05T15:00:00Z", false],
  ])("%s: the transfer destination only while open, otherwise a message-taking answer", async (_label, instant, open) => {
    const { answerTransferDestinationRequest } = await import("../receptionist/tools/transfer-destination.server");
    await knowledge.saveMerchantKnowledge(shop.id, { faq: [], openingHours: OFFICE_HOURS });
    const answer = await answerTransferDestinationRequest(shop, call.id, new Date(instant));
    if (open) {
      expect(answer).toEqual({
        destination: { type: "number", number: "+16175550199", message: "Please hold while I connect you with a member of our team." },
        message: { type: "request-start", content: "Please hold while I connect you with a member of our team." },
      });
    } else {
      expect(answer.destination).toBeUndefined();
      expect(answer.error).toMatch(/^The store is closed right now\. It opens .* Do not transfer\. Offer to take a message instead/);
      expect(JSON.stringify(answer)).not.toContain("555");
    }
  });

  it("through /webhooks/vapi: closed every day means a message-taking answer; hours never set means the destination", async () => {
    await knowledge.saveMerchantKnowledge(shop.id, { faq: [], openingHours: { timezone: "America/New_York", weekly: {}, exceptions: [] } });
    const closed = await post(transferRequest());
    expect(closed.status).toBe(200);
    expect(await closed.json()).toEqual({ error: expect.stringContaining("Offer to take a message instead") });

    await knowledge.saveMerchantKnowledge(shop.id, { faq: [], openingHours: null });
    const unset = await post(transferRequest());
    expect(await unset.json()).toMatchObject({ destination: { type: "number", number: "+16175550199" } });
  });
});
