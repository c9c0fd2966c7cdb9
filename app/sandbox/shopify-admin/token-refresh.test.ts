// Expiring offline tokens (shopifyApp's expiringOfflineAccessTokens flag)
// against the stand-in's token endpoint, over real HTTP: token exchange with
// expiring=1 issues an hour-long token and a refresh token; the refresh grant
// rotates both; expired tokens are refused by the GraphQL endpoint. Then the
// app's own path: an offline session whose access token has expired is
// refreshed by unauthenticated.admin, stored, and the Admin API call succeeds.
import { Session } from "@shopify/shopify-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionToken } from "../../../tests/support/shopify";
import { TEST_SHOPIFY_API_KEY, TEST_SHOPIFY_API_SECRET } from "../../../tests/support/test-env";
import { DEMO_SHOP_DOMAIN, demoShopFixtures } from "../fixtures/demo-shop";
import { ID_TOKEN_TYPE, OFFLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT, type IssuedTokens } from "./oauth";
import { SHOP_DOMAIN_HEADER } from "./redirect-fetch";
import { startShopifyAdminStandIn, type ShopifyAdminStandIn } from "./server";

const SHOP = DEMO_SHOP_DOMAIN;
const clock = { now: Date.now() };
let standIn: ShopifyAdminStandIn;

beforeAll(async () => {
  standIn = await startShopifyAdminStandIn({
    shops: {
      [SHOP]: { accessToken: `shpat_${SHOP}`, fixtures: demoShopFixtures },
      "other-shop.myshopify.com": { accessToken: "shpat_other", fixtures: demoShopFixtures },
    },
    app: { apiKey: TEST_SHOPIFY_API_KEY, apiSecret: TEST_SHOPIFY_API_SECRET },
    now: () => clock.now,
  });
});
afterAll(() => standIn?.close());

async function tokenEndpoint(body: Record<string, unknown>, shop = SHOP, contentType = "application/json") {
  const response = await fetch(`${standIn.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { [SHOP_DOMAIN_HEADER]: shop, "Content-Type": contentType },
    body: contentType === "application/json" ? JSON.stringify(body) : new URLSearchParams(body as Record<string, string>).toString(),
  });
  return { status: response.status, body: (await response.json()) as IssuedTokens & { error?: string } };
}

async function shopName(token: string, shop = SHOP) {
  const response = await fetch(`${standIn.url}/admin/api/2026-07/graphql.json`, {
    method: "POST",
    headers: { [SHOP_DOMAIN_HEADER]: shop, "X-Shopify-Access-Token": token, "Content-Type": "application/json" },
    body: JSON.stringify({ query: "{ shop { name } }" }),
  });
  return response.status === 200 ? ((await response.json()) as { data: { shop: { name: string } } }).data.shop.name : response.status;
}

const client = { client_id: TEST_SHOPIFY_API_KEY, client_secret: TEST_SHOPIFY_API_SECRET };
const exchange = async (overrides: Record<string, unknown> = {}) => ({
  ...client,
  grant_type: TOKEN_EXCHANGE_GRANT,
  subject_token: await sessionToken(SHOP),
  subject_token_type: ID_TOKEN_TYPE,
  requested_token_type: OFFLINE_TOKEN_TYPE,
  expiring: "1",
  ...(await resolved(overrides)),
});

/** Overrides whose values may be promises (session tokens are signed asynchronously). */
async function resolved(overrides: Record<string, unknown>) {
  return Object.fromEntries(await Promise.all(Object.entries(overrides).map(async ([key, value]) => [key, await value])));
}

describe("the token endpoint", () => {
  it("token exchange with expiring=1: an hour-long token and a refresh token, which rotates both", async () => {
    const issued = await tokenEndpoint(await exchange());
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ expires_in: 3600, refresh_token_expires_in: 90 * 24 * 3600, scope: "read_orders,read_products,read_customers" });
    expect(issued.body.access_token).toMatch(/^shpat_/);
    expect(issued.body.refresh_token).toMatch(/^shprt_/);
    expect(await shopName(issued.body.access_token)).toBe("Harbor & Pine Outfitters");

    clock.now += 3601_000; // an hour later
    expect(await shopName(issued.body.access_token)).toBe(401);
    const refreshed = await tokenEndpoint(
      { ...client, grant_type: "refresh_token", refresh_token: issued.body.refresh_token },
      SHOP,
      "application/x-www-form-urlencoded",
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(issued.body.refresh_token);
    expect(await shopName(refreshed.body.access_token)).toBe("Harbor & Pine Outfitters");
    // A refresh token is good once.
    expect((await tokenEndpoint({ ...client, grant_type: "refresh_token", refresh_token: issued.body.refresh_token })).body.error).toBe("invalid_grant");
  });

  it("expiring=0 gives a token that does not expire, without a refresh token", async () => {
    const issued = await tokenEndpoint(await exchange({ expiring: "0" }));
    expect(issued.body.expires_in).toBeUndefined();
    expect(issued.body.refresh_token).toBeUndefined();
    clock.now += 365 * 24 * 3600_000;
    expect(await shopName(issued.body.access_token)).toBe("Harbor & Pine Outfitters");
  });

  it.each([
    ["a wrong client secret", exchange({ client_secret: "nope" }), 401, "invalid_client"],
    [
      "a session token signed with another secret",
      exchange({ subject_token: sessionToken(SHOP, { apiSecret: "another-secret" }) }),
      400,
      "invalid_subject_token",
    ],
    ["a session token for another app", exchange({ subject_token: sessionToken(SHOP, { apiKey: "another-app" }) }), 400, "invalid_subject_token"],
    ["a session token for another shop", exchange({ subject_token: sessionToken("other-shop.myshopify.com") }), 400, "invalid_subject_token"],
    ["an expired session token", exchange({ subject_token: sessionToken(SHOP, { ttlSeconds: -120 }) }), 400, "invalid_subject_token"],
    ["no subject token", exchange({ subject_token: undefined }), 400, "invalid_subject_token"],
    ["an online token request", exchange({ requested_token_type: "urn:shopify:params:oauth:token-type:online-access-token" }), 400, "invalid_request"],
    ["an unknown grant", Promise.resolve({ ...client, grant_type: "password" }), 400, "unsupported_grant_type"],
    ["an unknown refresh token", Promise.resolve({ ...client, grant_type: "refresh_token", refresh_token: "shprt_unknown" }), 400, "invalid_grant"],
  ])("refuses %s", async (_name, body, status, error) => {
    const reply = await tokenEndpoint(await body);
    expect([reply.status, reply.body.error]).toEqual([status, error]);
  });

  it("a shop's refresh token and access token are no good for another shop", async () => {
    const issued = standIn.issueTokens(SHOP);
    expect(await shopName(issued.access_token, "other-shop.myshopify.com")).toBe(401);
    const reply = await tokenEndpoint({ ...client, grant_type: "refresh_token", refresh_token: issued.refresh_token }, "other-shop.myshopify.com");
    expect(reply.body.error).toBe("invalid_grant");
  });
});

describe("the app with expiringOfflineAccessTokens", () => {
  it("an offline session whose access token has expired is refreshed, stored, and the Admin API call succeeds", async () => {
    process.env.SANDBOX_ADMIN_API_URL = standIn.url; // read when shopify.server.ts is first imported
    const { sessionStorage, unauthenticated } = await import("../../shopify.server");
    clock.now = Date.now(); // the app's library checks expiry on the real clock
    const expired = standIn.issueTokens(SHOP, { expiresInSeconds: -60 });
    expect(await shopName(expired.access_token)).toBe(401);
    await sessionStorage.storeSession(
      new Session({
        id: `offline_${SHOP}`,
        shop: SHOP,
        state: "",
        isOnline: false,
        accessToken: expired.access_token,
        scope: expired.scope,
        expires: new Date(Date.now() - 60_000),
        refreshToken: expired.refresh_token,
        refreshTokenExpires: new Date(Date.now() + 30 * 24 * 3600_000),
      }),
    );

    const refreshes = () => standIn.requests().filter((call) => call.rootField === "oauth/access_token" && call.operationName === "refresh_token").length;
    const refreshesBefore = refreshes();
    const { admin, session } = await unauthenticated.admin(SHOP);
    const response = await admin.graphql("{ shop { name } }");
    expect(((await response.json()) as { data: { shop: { name: string } } }).data.shop.name).toBe("Harbor & Pine Outfitters");

    expect(session.accessToken).not.toBe(expired.access_token);
    expect(session.expires!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    const stored = await sessionStorage.loadSession(`offline_${SHOP}`);
    expect(stored?.accessToken).toBe(session.accessToken);
    expect(stored?.refreshToken).not.toBe(expired.refresh_token);
    const calls = standIn.requests().slice(-2);
    expect(calls.map((call) => [call.rootField, call.operationName, call.status])).toEqual([
      ["oauth/access_token", "refresh_token", 200],
      ["shop", null, 200],
    ]);

    // Still fresh: the next call uses the stored token without another refresh.
    await (await unauthenticated.admin(SHOP)).admin.graphql("{ shop { name } }");
    expect(refreshes()).toBe(refreshesBefore + 1);
  });
});
