// Auth edge cases through the real authenticate.admin: an API request
// without a token gets 401 JSON; a correctly signed session token for a shop
// the app has no session for gets the re-auth path, never a bare 500.
import { beforeAll, describe, expect, it } from "vitest";
import { appFetchRequest, callRoute, documentRequest, installShop, TEST_SHOP } from "../../tests/support/shopify";
import { loader as homeLoader } from "./app._index";
import { action as provisionAction, loader as provisionLoader } from "./api.vapi.provision";

const NO_SESSION_SHOP = "nosession.myshopify.com";

beforeAll(async () => {
  await installShop(TEST_SHOP);
});

describe("API routes without a session token", () => {
  it.each([
    ["GET", provisionLoader],
    ["POST", provisionAction],
  ] as const)("%s answers 401 JSON, not a redirect", async (method, handler) => {
    const response = await callRoute(handler, await appFetchRequest("/api/vapi/provision", { method, token: null }));
    expect(response.status).toBe(401);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ success: false, error: { code: "UNAUTHORIZED" } });
  });

  it("a page fetch without a token still goes to the login flow (browsers follow it)", async () => {
    const response = await callRoute(homeLoader, await appFetchRequest("/app?_data=routes%2Fapp._index", { token: null }));
    expect(response.headers.get("X-Remix-Redirect") ?? response.headers.get("Location")).toMatch(/\/auth\/login/);
  });
});

describe("a signed session token for a shop with no session", () => {
  it("a document request is sent to the login flow for that shop", async () => {
    const response = await callRoute(homeLoader, await documentRequest("/app", { shop: NO_SESSION_SHOP }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/auth/login?shop=${NO_SESSION_SHOP}`);
  });

  it.each([
    ["a page's data fetch", homeLoader, "/app?_data=routes%2Fapp._index"],
    ["an API request", provisionLoader, "/api/vapi/provision"],
  ] as const)("%s gets 401 JSON with App Bridge's re-authorize headers", async (_label, handler, path) => {
    const response = await callRoute(handler, await appFetchRequest(path, { shop: NO_SESSION_SHOP }));
    expect(response.status).toBe(401);
    expect(response.headers.get("X-Shopify-API-Request-Failure-Reauthorize")).toBe("1");
    expect(response.headers.get("X-Shopify-API-Request-Failure-Reauthorize-Url")).toBe(`/auth/login?shop=${NO_SESSION_SHOP}`);
    expect(await response.json()).toMatchObject({ success: false, error: { code: "REAUTHORIZE" } });
  });
});
