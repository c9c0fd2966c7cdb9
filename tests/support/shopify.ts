// Helpers that act as the Shopify admin and as Shopify's webhook sender, so
// route tests go through the app's real authentication (no network).
import { createHmac, randomUUID } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import type { Shop } from "@prisma/client";
import { adminHostParam, mintSessionToken } from "../../app/sandbox/session-token.server";
import { TEST_APP_URL, TEST_SHOPIFY_API_KEY, TEST_SHOPIFY_API_SECRET } from "./test-env";

export const TEST_SHOP = "test-shop.myshopify.com";

/** A session token (id_token) for `shop`, as App Bridge would hand out. */
export function sessionToken(shop = TEST_SHOP, overrides: { apiSecret?: string; apiKey?: string; ttlSeconds?: number } = {}) {
  return mintSessionToken({ shop, apiKey: TEST_SHOPIFY_API_KEY, apiSecret: TEST_SHOPIFY_API_SECRET, ...overrides });
}

/** The admin loading the app's page in its iframe. */
export async function documentRequest(path: string, { shop = TEST_SHOP, token }: { shop?: string; token?: string | null } = {}) {
  const url = new URL(path, TEST_APP_URL);
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", shop);
  url.searchParams.set("host", adminHostParam(shop));
  if (token !== null) url.searchParams.set("id_token", token ?? (await sessionToken(shop)));
  return new Request(url, { headers: { "User-Agent": "Mozilla/5.0 Chrome/130.0 Safari/537.36" } });
}

/** A fetch from the embedded app (a loader's ?_data or an action) with App Bridge's Bearer token. */
export async function appFetchRequest(
  path: string,
  { shop = TEST_SHOP, token, method = "GET", body }: { shop?: string; token?: string | null; method?: string; body?: BodyInit } = {},
) {
  const headers = new Headers({ "User-Agent": "Mozilla/5.0 Chrome/130.0 Safari/537.36" });
  if (token !== null) headers.set("Authorization", `Bearer ${token ?? (await sessionToken(shop))}`);
  return new Request(new URL(path, TEST_APP_URL), { method, headers, body });
}

/** A webhook as Shopify sends it: raw JSON body signed with the app secret. */
export function shopifyWebhookRequest(
  path: string,
  topic: string,
  payload: unknown,
  {
    shop = TEST_SHOP,
    webhookId = randomUUID(),
    secret = TEST_SHOPIFY_API_SECRET,
    triggeredAt = new Date(),
  }: { shop?: string; webhookId?: string; secret?: string; triggeredAt?: Date } = {},
) {
  const body = JSON.stringify(payload);
  return new Request(new URL(path, TEST_APP_URL), {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Hmac-Sha256": createHmac("sha256", secret).update(body).digest("base64"),
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-API-Version": "2026-07",
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Triggered-At": triggeredAt.toISOString(),
      "X-Shopify-Event-Id": randomUUID(),
    },
  });
}

/** An installed shop: its offline session and its Shop row. */
export async function installShop(domain = TEST_SHOP, shop: Partial<Shop> = {}): Promise<Shop> {
  const { sessionStorage } = await import("../../app/shopify.server");
  const { default: prisma } = await import("../../app/db.server");
  await sessionStorage.storeSession(
    new Session({
      id: `offline_${domain}`,
      shop: domain,
      state: "",
      isOnline: false,
      accessToken: `shpat_${domain}`,
      scope: "read_orders,read_products,read_customers",
    }),
  );
  return prisma.shop.upsert({
    where: { domain },
    create: { domain, name: "Test Shop", timezone: "America/New_York", ...shop },
    update: {},
  });
}

/** Calls a Remix loader/action and returns its Response, thrown or returned. */
export async function callRoute(
  handler: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>,
  request: Request,
  params: Record<string, string> = {},
): Promise<Response> {
  try {
    const result = await handler({ request, params, context: {} });
    if (result instanceof Response) return result;
    return new Response(JSON.stringify(result), { status: 200, headers: { "Content-Type": "application/json" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
