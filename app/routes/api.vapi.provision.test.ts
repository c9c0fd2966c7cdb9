// The provisioning API (the spec's JSON contract) through the app's real
// authentication (session tokens), the Admin API stand-in for the shop's
// products and the Vapi simulator. Tests run in order on one shop.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildShopFixtures } from "../sandbox/fixtures/demo-shop";
import { startShopifyAdminStandIn, type ShopifyAdminStandIn } from "../sandbox/shopify-admin/server";
import { startVapiSimulator, type VapiSimulator } from "../sandbox/vapi-simulator/server";
import { appFetchRequest, callRoute, installShop, TEST_SHOP } from "../../tests/support/shopify";
import { TEST_VAPI_API_KEY } from "../../tests/support/test-env";

const SHOP_NAME = "Maple & Thread";
const fixtures = buildShopFixtures({ shop: { name: SHOP_NAME, myshopifyDomain: TEST_SHOP } });
const PATH = "/api/vapi/provision";

let simulator: VapiSimulator;
let adminApi: ShopifyAdminStandIn;
let route: typeof import("./api.vapi.provision");
let prisma: typeof import("../db.server").default;

beforeAll(async () => {
  simulator = await startVapiSimulator({ apiKey: TEST_VAPI_API_KEY, activationDelayMs: 0 });
  adminApi = await startShopifyAdminStandIn({ shops: { [TEST_SHOP]: { accessToken: `shpat_${TEST_SHOP}`, fixtures } } });
  // Read by env.server.ts at import; shopify.server.ts then routes Admin API calls to the stand-in.
  process.env.VAPI_BASE_URL = simulator.url;
  process.env.SANDBOX_ADMIN_API_URL = adminApi.url;
  route = await import("./api.vapi.provision");
  ({ default: prisma } = await import("../db.server"));
  await installShop(TEST_SHOP, { name: SHOP_NAME });
});
afterAll(async () => {
  await (await import("../jobs/queue.server")).stopJobQueue();
  await simulator.close();
  await adminApi.close();
});

const vapiRequestCount = () => simulator.state().requests.length;

describe("GET /api/vapi/provision", () => {
  it("returns the receptionist's status without provisioning anything", async () => {
    const response = await callRoute(route.loader, await appFetchRequest(PATH));

    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ success: true, data: { status: "not_provisioned", assistantId: null, phoneNumber: null } });
    expect(Date.parse(body.timestamp)).not.toBeNaN();
    expect(vapiRequestCount()).toBe(0);
  });
});

describe("POST /api/vapi/provision", () => {
  it("rejects a bad area code with 400 VALIDATION_ERROR before any Vapi request", async () => {
    const response = await callRoute(route.action, await appFetchRequest(PATH, { method: "POST", body: new URLSearchParams({ preferredAreaCode: "099" }) }));

    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toMatchObject({ success: false, error: { code: "VALIDATION_ERROR", message: expect.stringMatching(/area code/i) } });
    expect(vapiRequestCount()).toBe(0);
    expect(await prisma.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } })).toMatchObject({
      receptionistStatus: "not_provisioned",
      assistantId: null,
      preferredAreaCode: null,
    });
  });

  it("sets up the receptionist and answers with the spec's JSON contract", async () => {
    const response = await callRoute(route.action, await appFetchRequest(PATH, { method: "POST" }));

    expect(response.status).toBe(200);
    const body = await response.json();
    const { assistants, phoneNumbers } = simulator.state();
    expect(assistants).toHaveLength(1);
    expect(phoneNumbers).toHaveLength(1);
    expect(body).toEqual({
      success: true,
      data: {
        status: "provisioned",
        assistantId: assistants[0].id,
        assistantName: `${SHOP_NAME} Receptionist`,
        phoneNumber: phoneNumbers[0].number,
        message: "AI Receptionist setup complete!",
        setupTime: expect.stringMatching(/seconds$/),
      },
      timestamp: expect.any(String),
    });
    expect(body.data.phoneNumber).toMatch(/^\+1\d{10}$/);
    expect(phoneNumbers[0].assistantId).toBe(assistants[0].id);

    // The prompt was built from the shop's products, read through the Admin API.
    const prompt = JSON.stringify(assistants[0].model?.messages);
    const titlesInPrompt = fixtures.products.filter((product) => prompt.includes(product.title));
    expect(titlesInPrompt.length).toBeGreaterThanOrEqual(20);
    expect(titlesInPrompt.every((product) => product.status === "ACTIVE")).toBe(true);
    expect(adminApi.requests().map((request) => request.operationName)).toContain("ReceptionistProducts");
  });

  it("answers a second POST with already_provisioned and no Vapi request", async () => {
    const before = vapiRequestCount();

    const response = await callRoute(route.action, await appFetchRequest(PATH, { method: "POST" }));

    expect(response.status).toBe(200);
    const { assistants, phoneNumbers } = simulator.state();
    expect(await response.json()).toMatchObject({
      success: true,
      data: {
        status: "already_provisioned",
        assistantId: assistants[0].id,
        phoneNumber: phoneNumbers[0].number,
        message: "AI Receptionist already configured",
      },
    });
    expect(vapiRequestCount()).toBe(before);
    expect(assistants).toHaveLength(1);
  });

  it("GET reports the active receptionist afterwards", async () => {
    const response = await callRoute(route.loader, await appFetchRequest(PATH));
    const { phoneNumbers } = simulator.state();
    expect(await response.json()).toMatchObject({ success: true, data: { status: "active", phoneNumber: phoneNumbers[0].number } });
  });
});

describe("without a session token", () => {
  it.each([
    ["GET", () => route.loader],
    ["POST", () => route.action],
  ])("%s answers 401 JSON, not the data, and reaches no Vapi endpoint", async (method, handler) => {
    const before = vapiRequestCount();

    const response = await callRoute(handler(), await appFetchRequest(PATH, { method, token: null }));

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ success: false, error: { code: "UNAUTHORIZED" } });
    expect(vapiRequestCount()).toBe(before);
  });
});
