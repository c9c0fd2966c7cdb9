import { env } from "../env.server";
import { DEMO_SHOP_DOMAIN } from "./fixtures/demo-shop";
import type { SessionTokenClaims } from "./session-token.server";

/** Sandbox routes do not exist outside sandbox mode. */
export function requireSandboxMode(): void {
  if (!env.APP_SANDBOX) throw new Response("Not Found", { status: 404 });
}

/** Token claims for the sandbox's demo shop, signed with the sandbox secret. */
export function sandboxTokenClaims(): SessionTokenClaims {
  return { shop: DEMO_SHOP_DOMAIN, apiKey: env.SHOPIFY_API_KEY, apiSecret: env.SHOPIFY_API_SECRET };
}
