// Per-shop webhook secrets, two shops in one database: each shop's own
// secret serves that shop only (a status update or tool call for shop B with
// A's secret is refused and writes nothing), outbound calls carry a secret
// of their own, rotation keeps in-progress calls working for a grace period,
// and the shared env secret serves only shops set up before per-shop secrets.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Shop } from "@prisma/client";
import prisma from "../db.server";
import { callRoute, installShop } from "../../tests/support/shopify";
import { TEST_VAPI_WEBHOOK_SECRET } from "../../tests/support/test-env";
import { endOfCallReport, statusUpdate, toolCalls, vapiWebhookRequest, type CallRef } from "../../tests/support/vapi-messages";
import { checkShopSecret, issueAssistantSecret, outboundCallServer, SECRET_GRACE_MS } from "../vapi/webhook-secrets.server";
import { action } from "./webhooks.vapi";

let shopA: Shop;
let shopB: Shop;
let secretA: string;
let secretB: string;
const callOfA: CallRef = { id: "call-a", assistantId: "asst-a", phoneNumberId: "pn-a" };
const callOfB: CallRef = { id: "call-b", assistantId: "asst-b", phoneNumberId: "pn-b" };
const post = (body: unknown, secret: string | null) => callRoute(action, vapiWebhookRequest(body, { secret }));

beforeAll(async () => {
  // As provisioning does it: the secret is issued before the assistant is created, and provisionedAt set after.
  shopA = await installShop("shop-a.myshopify.com", { assistantId: "asst-a", phoneNumberId: "pn-a", phoneNumber: "+14155550100" });
  shopB = await installShop("shop-b.myshopify.com", { assistantId: "asst-b", phoneNumberId: "pn-b", phoneNumber: "+14155550200" });
  secretA = await issueAssistantSecret(shopA.id);
  secretB = await issueAssistantSecret(shopB.id);
  const provisioned = { receptionistStatus: "active" as const, provisionedAt: new Date() };
  shopA = await prisma.shop.update({ where: { id: shopA.id }, data: provisioned });
  shopB = await prisma.shop.update({ where: { id: shopB.id }, data: provisioned });
});
beforeEach(async () => {
  await prisma.callSession.deleteMany();
  await prisma.webhookDelivery.deleteMany();
});

describe("two shops, two secrets", () => {
  it.each([
    ["a status update", () => statusUpdate(callOfB, "in-progress")],
    ["an end-of-call report", () => endOfCallReport(callOfB)],
    ["a tool call", () => toolCalls(callOfB, [{ id: "t1", type: "function", function: { name: "order_lookup", arguments: { orderNumber: "1001" } } }])],
  ])("%s for shop B signed with shop A's secret is refused (401) and leaves no row", async (_label, body) => {
    const response = await post(body(), secretA);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "unauthorized" });
    expect(await prisma.callSession.count()).toBe(0);
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });

  it("each shop's own secret serves it", async () => {
    expect((await post(statusUpdate(callOfA, "in-progress"), secretA)).status).toBe(200);
    expect((await post(statusUpdate(callOfB, "in-progress"), secretB)).status).toBe(200);
    const records = await prisma.callSession.findMany({ orderBy: { vapiCallId: "asc" } });
    expect(records.map((record) => [record.vapiCallId, record.shopId])).toEqual([
      ["call-a", shopA.id],
      ["call-b", shopB.id],
    ]);
  });

  it("the shared env secret serves neither (both were set up with their own)", async () => {
    expect((await post(statusUpdate(callOfA, "ringing"), TEST_VAPI_WEBHOOK_SECRET)).status).toBe(401);
    expect((await post(statusUpdate(callOfB, "ringing"), TEST_VAPI_WEBHOOK_SECRET)).status).toBe(401);
  });

  it("stores only hashes: no secret appears in the table", async () => {
    const stored = JSON.stringify(await prisma.vapiWebhookSecret.findMany());
    expect(stored).not.toContain(secretA);
    expect(stored).not.toContain(secretB);
  });
});

describe("outbound calls", () => {
  it("carry a secret of their own that serves only their shop", async () => {
    const server = await outboundCallServer(shopA);
    expect(server).toMatchObject({ url: "https://receptionist.test/webhooks/vapi", timeoutSeconds: 20, backoffPlan: { maxRetries: 5 } });
    const callSecret = String(server.headers?.["X-Vapi-Secret"]);
    expect(callSecret).not.toBe(secretA);
    const outbound = { ...callOfA, id: "call-out", type: "outboundPhoneCall" as const };
    expect((await post(statusUpdate(outbound, "ringing"), callSecret)).status).toBe(200);
    expect((await post(statusUpdate({ ...callOfB, id: "call-out-b" }, "ringing"), callSecret)).status).toBe(401);
  });
});

describe("rotation and migration", () => {
  it("a new assistant secret supersedes the old one at its first use; the old one serves calls in progress for the grace period", async () => {
    const shop = await installShop("rotating.myshopify.com", {
      assistantId: "asst-r",
      phoneNumberId: "pn-r",
      receptionistStatus: "active",
      provisionedAt: new Date(),
    });
    const first = await issueAssistantSecret(shop.id);
    expect(await checkShopSecret(shop, first)).toEqual({ ok: true, via: "shop" });
    const second = await issueAssistantSecret(shop.id); // the next knowledge refresh
    expect(await checkShopSecret(shop, first)).toMatchObject({ ok: true }); // not used yet: the PATCH may have failed
    const usedAt = new Date();
    expect(await checkShopSecret(shop, second, usedAt)).toEqual({ ok: true, via: "shop" });
    expect(await checkShopSecret(shop, first, new Date(usedAt.getTime() + SECRET_GRACE_MS - 60_000))).toMatchObject({ ok: true });
    expect(await checkShopSecret(shop, first, new Date(usedAt.getTime() + SECRET_GRACE_MS + 1))).toMatchObject({ ok: false });
    expect(await checkShopSecret(shop, second, new Date(usedAt.getTime() + SECRET_GRACE_MS + 1))).toMatchObject({ ok: true });
  });

  it("a shop set up before per-shop secrets keeps the shared secret until its own has been in use for the grace period", async () => {
    const shop = await installShop("legacy.myshopify.com", {
      assistantId: "asst-l",
      phoneNumberId: "pn-l",
      receptionistStatus: "active",
      provisionedAt: new Date("2026-11-01T00:00:00Z"),
    });
    expect(await checkShopSecret(shop, TEST_VAPI_WEBHOOK_SECRET)).toEqual({ ok: true, via: "shared" });
    const own = await issueAssistantSecret(shop.id); // its next knowledge refresh
    expect(await checkShopSecret(shop, TEST_VAPI_WEBHOOK_SECRET)).toEqual({ ok: true, via: "shared" });
    const usedAt = new Date();
    await checkShopSecret(shop, own, usedAt);
    expect(await checkShopSecret(shop, TEST_VAPI_WEBHOOK_SECRET, new Date(usedAt.getTime() + 60_000))).toEqual({ ok: true, via: "shared" });
    expect(await checkShopSecret(shop, TEST_VAPI_WEBHOOK_SECRET, new Date(usedAt.getTime() + SECRET_GRACE_MS + 1))).toMatchObject({ ok: false });
  });
});
