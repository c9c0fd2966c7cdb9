// The embedded app's pages are reachable only through Shopify's session-token
// path: these go through authenticate.admin for real (no network: the shop's
// offline session is stored, so no token exchange happens).
import { beforeAll, describe, expect, it } from "vitest";
import { appFetchRequest, callRoute, documentRequest, installShop, sessionToken, TEST_SHOP } from "../../tests/support/shopify";
import { loader as homeLoader } from "./app._index";

beforeAll(async () => {
  await installShop(TEST_SHOP, { name: "Maple & Thread" });
});

describe("app pages", () => {
  it("render for the admin's document request with a valid id_token", async () => {
    const response = await callRoute(homeLoader, await documentRequest("/app"));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ shopName: "Maple & Thread", receptionist: { status: "not_provisioned" } });
  });

  it("answer the app's own fetches carrying a Bearer session token", async () => {
    const response = await callRoute(homeLoader, await appFetchRequest("/app?_data=routes%2Fapp._index"));
    expect(response.status).toBe(200);
  });

  it("bounce a document request without a session token to Shopify's token page", async () => {
    const response = await callRoute(homeLoader, await documentRequest("/app", { token: null }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/auth\/session-token\?.*shopify-reload=/);
  });

  it("send a fetch without a token to the login page, not to the data", async () => {
    const response = await callRoute(homeLoader, await appFetchRequest("/app?_data=routes%2Fapp._index", { token: null }));
    expect([204, 302, 401]).toContain(response.status);
    expect(response.headers.get("X-Remix-Redirect") ?? response.headers.get("Location")).toMatch(/\/auth\/login/);
  });

  it("reject a token signed with another secret (401 + retry header)", async () => {
    const forged = await sessionToken(TEST_SHOP, { apiSecret: "not-the-app-secret" });
    const response = await callRoute(homeLoader, await appFetchRequest("/app?_data=routes%2Fapp._index", { token: forged }));
    expect(response.status).toBe(401);
    expect(response.headers.get("X-Shopify-Retry-Invalid-Session-Request")).toBe("1");
  });

  it("reject a token meant for another app (wrong audience)", async () => {
    const otherApp = await sessionToken(TEST_SHOP, { apiKey: "another-app" });
    const response = await callRoute(homeLoader, await appFetchRequest("/app?_data=routes%2Fapp._index", { token: otherApp }));
    expect(response.status).toBe(401);
  });
});
