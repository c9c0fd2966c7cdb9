// Shopify webhooks: HMAC verified by the library, deduplicated on the
// webhook id, and the lifecycle topics' effects.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { stopJobQueue } from "../jobs/queue.server";
import { callRoute, installShop, shopifyWebhookRequest, TEST_SHOP } from "../../tests/support/shopify";
import { action as uninstalled } from "./webhooks.app.uninstalled";
import { action as scopesUpdate } from "./webhooks.app.scopes_update";
import { action as dataRequest } from "./webhooks.customers.data_request";
import { action as customersRedact } from "./webhooks.customers.redact";
import { action as shopRedact } from "./webhooks.shop.redact";
import { action as products } from "./webhooks.products";

// The compliance routes queue their work in pg-boss.
afterAll(() => stopJobQueue());

beforeEach(async () => {
  await prisma.webhookDelivery.deleteMany();
  await prisma.complianceRequest.deleteMany();
  await installShop(TEST_SHOP);
});

const routes = [
  ["app/uninstalled", "/webhooks/app/uninstalled", uninstalled, { id: 1, domain: TEST_SHOP, myshopify_domain: TEST_SHOP }],
  ["app/scopes_update", "/webhooks/app/scopes_update", scopesUpdate, { current: ["read_orders"], previous: [] }],
  ["customers/data_request", "/webhooks/customers/data_request", dataRequest, { shop_domain: TEST_SHOP, customer: { id: 1 }, orders_requested: [] }],
  ["customers/redact", "/webhooks/customers/redact", customersRedact, { shop_domain: TEST_SHOP, customer: { id: 1 }, orders_to_redact: [] }],
  ["shop/redact", "/webhooks/shop/redact", shopRedact, { shop_domain: TEST_SHOP, shop_id: 1 }],
  ["products/create", "/webhooks/products", products, { id: 1, title: "New" }],
  ["products/update", "/webhooks/products", products, { id: 1, title: "Renamed" }],
  ["products/delete", "/webhooks/products", products, { id: 1 }],
] as const;

describe.each(routes)("%s", (topic, path, action, payload) => {
  it("rejects a wrong HMAC with 401 and records nothing", async () => {
    const response = await callRoute(action, shopifyWebhookRequest(path, topic, payload, { secret: "wrong-secret" }));
    expect(response.status).toBe(401);
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });

  it("accepts a correctly signed delivery with 200, once per webhook id", async () => {
    const first = await callRoute(action, shopifyWebhookRequest(path, topic, payload, { webhookId: "wh-1" }));
    const again = await callRoute(action, shopifyWebhookRequest(path, topic, payload, { webhookId: "wh-1" }));
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await prisma.webhookDelivery.count({ where: { deliveryKey: "wh-1" } })).toBe(1);
  });
});

describe("lifecycle effects", () => {
  it("app/uninstalled deletes the shop's sessions and marks the shop", async () => {
    await callRoute(
      uninstalled,
      shopifyWebhookRequest("/webhooks/app/uninstalled", "app/uninstalled", { id: 1, domain: TEST_SHOP, myshopify_domain: TEST_SHOP }),
    );
    expect(await prisma.session.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } })).uninstalledAt).toBeInstanceOf(Date);
  });

  it("app/scopes_update stores the granted scopes", async () => {
    const payload = { current: ["read_orders", "read_products"], previous: ["read_orders"] };
    await callRoute(scopesUpdate, shopifyWebhookRequest("/webhooks/app/scopes_update", "app/scopes_update", payload));
    const session = await prisma.session.findUniqueOrThrow({ where: { id: `offline_${TEST_SHOP}` } });
    expect(session.scope).toBe("read_orders,read_products");
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } })).scopes).toBe("read_orders,read_products");
  });

  it("a compliance webhook with a malformed payload is not recorded as processed", async () => {
    const response = await callRoute(customersRedact, shopifyWebhookRequest("/webhooks/customers/redact", "customers/redact", { shop_domain: TEST_SHOP }));
    expect(response.status).toBe(500);
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });

  it("a malformed scopes_update payload is not recorded as processed, so Shopify's retry is not lost", async () => {
    const response = await callRoute(scopesUpdate, shopifyWebhookRequest("/webhooks/app/scopes_update", "app/scopes_update", { current: "oops" }));
    expect(response.status).toBe(500);
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });
});
