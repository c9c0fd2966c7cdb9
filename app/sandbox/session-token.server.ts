// Mints Shopify session tokens (the id_token App Bridge hands an embedded
// app) for the sandbox shop, signed with the sandbox's API secret. They go
// through the app's real verification path in authenticate.admin. Reachable
// only through sandbox routes, which answer 404 unless APP_SANDBOX is on (and
// env.server.ts refuses APP_SANDBOX in production).
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";

export interface SessionTokenClaims {
  shop: string;
  apiKey: string;
  apiSecret: string;
  /** Lifetime; Shopify's tokens live one minute. */
  ttlSeconds?: number;
  userId?: string;
}

export async function mintSessionToken({ shop, apiKey, apiSecret, ttlSeconds = 60, userId = "1" }: SessionTokenClaims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: `https://${shop}`, sid: randomUUID() })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${shop}/admin`)
    .setAudience(apiKey)
    .setSubject(userId)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + ttlSeconds)
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(apiSecret));
}

/** The `host` query parameter the admin passes: base64 of the admin URL. */
export function adminHostParam(shop: string): string {
  return Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64url");
}

/** The URL the Shopify admin loads in its iframe, with a fresh token. */
export async function embeddedAppUrl(path: string, claims: SessionTokenClaims): Promise<string> {
  const params = new URLSearchParams({
    embedded: "1",
    shop: claims.shop,
    host: adminHostParam(claims.shop),
    id_token: await mintSessionToken(claims),
  });
  return `${path}?${params.toString()}`;
}
