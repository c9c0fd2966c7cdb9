// Fresh knowledge and the storefront number, end to end: signed product
// webhooks, the queue's debounce, the Admin API stand-in (products, and the
// app-data metafield the theme extension reads) and the Vapi simulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildShopFixtures } from "../sandbox/fixtures/demo-shop";
import { startShopifyAdminStandIn, type ShopifyAdminStandIn } from "../sandbox/shopify-admin/server";
import { startVapiSimulator, type VapiSimulator } from "../sandbox/vapi-simulator/server";
import { requestMark, requestsSince } from "../../tests/support/checkins";
import { runWaitingJobs, waitingJobs } from "../../tests/support/jobs";
import { appFetchRequest, callRoute, installShop, shopifyWebhookRequest, TEST_SHOP } from "../../tests/support/shopify";
import { TEST_VAPI_API_KEY } from "../../tests/support/test-env";

let simulator: VapiSimulator;
let adminApi: ShopifyAdminStandIn;
let prisma: typeof import("../db.server").default;
let queue: typeof import("../jobs/queue.server");
let knowledge: typeof import("./knowledge-refresh.server");
let productsWebhook: typeof import("../routes/webhooks.products");
let receptionistPage: typeof import("../routes/app.receptionist");
let provisionApi: typeof import("../routes/api.vapi.provision");

beforeAll(async () => {
  simulator = await startVapiSimulator({ apiKey: TEST_VAPI_API_KEY, activationDelayMs: 0 });
  const fixtures = buildShopFixtures({ shop: { myshopifyDomain: TEST_SHOP } });
  adminApi = await startShopifyAdminStandIn({ shops: { [TEST_SHOP]: { accessToken: `shpat_${TEST_SHOP}`, fixtures } } });
  // Read by env.server.ts at import.
  Object.assign(process.env, { VAPI_BASE_URL: simulator.url, SANDBOX_ADMIN_API_URL: adminApi.url });
  [{ default: prisma }, queue, knowledge, productsWebhook, receptionistPage, provisionApi] = await Promise.all([
    import("../db.server"),
    import("../jobs/queue.server"),
    import("./knowledge-refresh.server"),
    import("../routes/webhooks.products"),
    import("../routes/app.receptionist"),
    import("../routes/api.vapi.provision"),
  ]);
  await installShop(TEST_SHOP);
  const provisioned = await callRoute(
    provisionApi.action,
    await appFetchRequest("/api/vapi/provision", { method: "POST", body: new URLSearchParams({ preferredAreaCode: "415", hoursOfOperation: "Mon-Fri 9-5" }) }),
  );
  expect(provisioned.status).toBe(200);
});
afterAll(async () => {
  await queue.stopJobQueue();
  await simulator.close();
  await adminApi.close();
});

const shopRow = () => prisma.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } });
const assistantPatches = async (mark: number) => requestsSince(simulator, mark, "PATCH", `/assistant/${(await shopRow()).assistantId}`);
const storefrontValue = () => {
  const [metafield, ...others] = adminApi.metafields(TEST_SHOP);
  expect(others).toEqual([]);
  return metafield ? { ...metafield, value: JSON.parse(metafield.value) as unknown } : undefined;
};
const TOPICS = ["products/create", "products/update", "products/delete"];
const productWebhook = (i: number) => shopifyWebhookRequest("/webhooks/products", TOPICS[i % 3], { id: 7000 + i, title: `Product ${i}` });
const pageAction = async (fields: Record<string, string>) =>
  callRoute(receptionistPage.action, await appFetchRequest("/app/receptionist", { method: "POST", body: new URLSearchParams(fields) }));

describe("storefront number (app-data metafield)", () => {
  it("provisioning writes the number and hours where the theme extension reads them", () => {
    expect(storefrontValue()).toMatchObject({
      namespace: "receptionist",
      key: "storefront",
      type: "json",
      ownerId: expect.stringMatching(/^gid:\/\/shopify\/AppInstallation\//),
      value: { phone: expect.stringMatching(/^\+1415/), hours: "Mon-Fri 9-5" },
    });
  });

  it("an update rewrites it", async () => {
    const response = await pageAction({ intent: "update", voice: "rachel", hoursOfOperation: "Sat 10-2", forwardingNumber: "" });
    expect(response.status).toBe(200);
    expect(storefrontValue()?.value).toMatchObject({ hours: "Sat 10-2" });
  });
});

describe("a failed storefront sync", () => {
  it("is recorded, shown on the receptionist page, retried as a job, and cleared once it succeeds", async () => {
    const { runStorefrontSync } = await import("../storefront/storefront-number.server");
    const { unauthenticated } = await import("../shopify.server");
    adminApi.fail({ operation: "SetStorefrontReceptionist", status: 503 });

    const response = await pageAction({ intent: "update", voice: "rachel", hoursOfOperation: "Sun 12-4", forwardingNumber: "" });

    // The receptionist changed; the storefront did not, and the page says so.
    expect(response.status).toBe(200);
    expect(storefrontValue()?.value).not.toMatchObject({ hours: "Sun 12-4" });
    expect((await shopRow()).storefrontSyncError).toMatch(/503|Service Unavailable|Admin API/i);
    const page = await callRoute(receptionistPage.loader, await appFetchRequest("/app/receptionist"));
    expect(((await page.json()) as { storefrontSyncError: string | null }).storefrontSyncError).toEqual(expect.any(String));
    const boss = await queue.jobQueue();
    expect(await waitingJobs(boss, queue.QUEUES.storefront)).toEqual([expect.objectContaining({ data: { shopDomain: TEST_SHOP } })]);

    // Still failing: the job throws (pg-boss retries it) and the error stays.
    adminApi.fail({ operation: "SetStorefrontReceptionist", status: 503 });
    const adminFor = async (domain: string) => (await unauthenticated.admin(domain)).admin;
    await expect(runStorefrontSync({ shopDomain: TEST_SHOP }, adminFor)).rejects.toThrow();
    expect((await shopRow()).storefrontSyncError).not.toBeNull();

    expect(await runWaitingJobs(boss, queue.QUEUES.storefront, (data: { shopDomain: string }) => runStorefrontSync(data, adminFor))).toBe(1);
    expect(storefrontValue()?.value).toMatchObject({ hours: "Sun 12-4" });
    expect((await shopRow()).storefrontSyncError).toBeNull();
  });
});

describe("knowledge refresh", () => {
  it("200 product webhooks in a burst cause exactly one assistant update", async () => {
    const before = (await shopRow()).knowledgeRefreshedAt!;
    const mark = requestMark(simulator);
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => callRoute(productsWebhook.action, productWebhook(i))));
    expect(responses.every((response) => response.status === 200)).toBe(true);

    const boss = await queue.jobQueue();
    const waiting = await waitingJobs<{ shopDomain: string }>(boss, queue.QUEUES.knowledge);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ data: { shopDomain: TEST_SHOP }, singletonKey: TEST_SHOP });
    expect(waiting[0].startAfter.getTime()).toBeGreaterThan(Date.now() + (knowledge.KNOWLEDGE_REFRESH_DELAY_SECONDS - 10) * 1000);
    expect(await assistantPatches(mark)).toEqual([]);

    expect(await runWaitingJobs(boss, queue.QUEUES.knowledge, knowledge.runKnowledgeRefresh)).toBe(1);
    expect(await assistantPatches(mark)).toHaveLength(1);
    expect((await shopRow()).knowledgeRefreshedAt!.getTime()).toBeGreaterThan(before.getTime());

    // A change after that refresh gets a refresh of its own.
    await callRoute(productsWebhook.action, productWebhook(1));
    expect(await waitingJobs(boss, queue.QUEUES.knowledge)).toHaveLength(1);
    await runWaitingJobs(boss, queue.QUEUES.knowledge, knowledge.runKnowledgeRefresh);
    expect(await assistantPatches(mark)).toHaveLength(2);
  });

  it("'Refresh now' on the page updates the assistant at once, and the page shows when", async () => {
    const mark = requestMark(simulator);
    const response = await pageAction({ intent: "refresh" });
    expect(await response.json()).toEqual({ ok: true, intent: "refresh" });
    expect(await assistantPatches(mark)).toHaveLength(1);

    const page = await callRoute(receptionistPage.loader, await appFetchRequest("/app/receptionist"));
    // The page shows the refresh time in the store's zone, with the zone named.
    expect(((await page.json()) as { knowledgeRefreshed: string | null }).knowledgeRefreshed).toMatch(/^[A-Z][a-z]{2}, .+ [AP]M [A-Z]/);
    expect(Date.now() - (await shopRow()).knowledgeRefreshedAt!.getTime()).toBeLessThan(5_000);
  });
});

describe("after removal", () => {
  it("the storefront metafield is deleted and product webhooks schedule nothing", async () => {
    const response = await pageAction({ intent: "remove" });
    expect(await response.json()).toEqual({ ok: true, intent: "remove" });
    expect(storefrontValue()).toBeUndefined();

    await callRoute(productsWebhook.action, productWebhook(0));
    expect(await waitingJobs(await queue.jobQueue(), queue.QUEUES.knowledge)).toEqual([]);
  });
});
