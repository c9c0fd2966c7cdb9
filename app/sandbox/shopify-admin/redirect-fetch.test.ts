// routeShopifyAdminApiTo sends https://<shop>.myshopify.com/admin/api/...
// to the stand-in and leaves every other request alone.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../fixtures/demo-shop";
import { routeShopifyAdminApiTo } from "./redirect-fetch";
import type { ShopifyAdminStandIn } from "./server";
import { DEMO_TOKEN, startTestStandIn } from "./test-support";

const realFetch = globalThis.fetch;
let standIn: ShopifyAdminStandIn;
let seenByUnderlyingFetch: string[];
let restore: () => void;

beforeAll(async () => {
  standIn = await startTestStandIn();
});
afterAll(() => standIn.close());

beforeEach(() => {
  // Stand in for the network underneath: loopback is real, anything else is recorded and answered locally.
  seenByUnderlyingFetch = [];
  globalThis.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    seenByUnderlyingFetch.push(url);
    return url.startsWith(standIn.url) ? realFetch(input, init) : new Response("from the network");
  };
  restore = routeShopifyAdminApiTo(standIn.url);
  standIn.reset();
});
afterEach(() => {
  restore();
  globalThis.fetch = realFetch;
});

describe("routeShopifyAdminApiTo", () => {
  it("makes a plain fetch to the shop's Admin API reach the stand-in", async () => {
    const response = await fetch(`https://${DEMO_SHOP_DOMAIN}/admin/api/2026-07/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": DEMO_TOKEN },
      body: JSON.stringify({ query: "query ShopName { shop { name } }" }),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: { shop: { name: "Harbor & Pine Outfitters" } } });
    expect(seenByUnderlyingFetch).toEqual([`${standIn.url}/admin/api/2026-07/graphql.json`]);
    expect(standIn.requests()).toEqual([expect.objectContaining({ shop: DEMO_SHOP_DOMAIN, operationName: "ShopName", status: 200 })]);
  });

  it("carries method, headers and body of a Request object too", async () => {
    const request = new Request(`https://${DEMO_SHOP_DOMAIN}/admin/api/2026-07/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": "shpat_wrong" },
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    const response = await fetch(request);
    expect(response.status).toBe(401);
  });

  it("routes the token endpoint (token exchange, refresh of expiring offline tokens) to the stand-in", async () => {
    await fetch(`https://${DEMO_SHOP_DOMAIN}/admin/oauth/access_token`, { method: "POST", body: "{}" });
    expect(standIn.requests().map((entry) => [entry.shop, entry.rootField])).toEqual([[DEMO_SHOP_DOMAIN, "oauth/access_token"]]);
    expect(seenByUnderlyingFetch.some((url) => url.startsWith("https://"))).toBe(false);
    standIn.reset();
  });

  it("passes everything else through untouched, and restores the original fetch", async () => {
    await fetch("https://api.vapi.ai/call");
    await fetch(`https://${DEMO_SHOP_DOMAIN}/admin/oauth/authorize?client_id=x`);
    await fetch(`http://${DEMO_SHOP_DOMAIN}/admin/api/2026-07/graphql.json`);
    expect(seenByUnderlyingFetch).toEqual([
      "https://api.vapi.ai/call",
      `https://${DEMO_SHOP_DOMAIN}/admin/oauth/authorize?client_id=x`,
      `http://${DEMO_SHOP_DOMAIN}/admin/api/2026-07/graphql.json`,
    ]);
    expect(standIn.requests()).toEqual([]);

    const routed = globalThis.fetch;
    restore();
    expect(globalThis.fetch).not.toBe(routed);
    await fetch(`https://${DEMO_SHOP_DOMAIN}/admin/api/2026-07/graphql.json`);
    expect(seenByUnderlyingFetch.at(-1)).toBe(`https://${DEMO_SHOP_DOMAIN}/admin/api/2026-07/graphql.json`);
  });
});
