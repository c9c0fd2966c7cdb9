// For the sandbox and tests only: sends the app's Admin API calls to the
// local stand-in (server.ts) instead of Shopify.
//
// @shopify/shopify-api's node adapter captures globalThis.fetch when it is
// imported, so install this BEFORE anything imports
// "@shopify/shopify-app-remix/adapters/node" (or
// "@shopify/shopify-api/adapters/node"); installed later, it has no effect on
// the library's requests.
//
// Deliberately dependency-free: the sandbox's processes load it before the
// app (admin-api-routing.server.ts), and the tests' setup installs it.

/** Carries the original shop domain to the stand-in. */
export const SHOP_DOMAIN_HEADER = "x-forwarded-host";

// The Admin API and the token endpoint (token exchange, refresh of expiring offline tokens).
const ADMIN_API_URL = /^https:\/\/[a-z0-9][a-z0-9-]*\.myshopify\.com\/admin\/(?:api\/|oauth\/access_token)/i;

/**
 * Wraps globalThis.fetch: requests to https://<shop>.myshopify.com/admin/api/... (and /admin/oauth/access_token)
 * go to `standInUrl` with the same path, method, headers and body, plus the
 * original host in X-Forwarded-Host (how the stand-in knows the shop).
 * `standInUrl` may be a function, read at each request (the tests set the
 * stand-in's URL after the routing is installed); undefined passes through.
 * Everything else passes through untouched. Returns a function that puts the
 * original fetch back.
 */
export function routeShopifyAdminApiTo(standInUrl: string | (() => string | undefined)): () => void {
  const originalFetch = globalThis.fetch;
  const standIn = typeof standInUrl === "string" ? () => standInUrl : standInUrl;

  const routedFetch: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const current = standIn();
    if (!current || !ADMIN_API_URL.test(url)) return originalFetch(input, init);
    const target = new URL(current);

    if (!(input instanceof Request)) {
      // A URL and options, as Shopify's library sends: the same options to the
      // stand-in, without building a Request (the bench measures the app, not this).
      const { host, pathname, search } = new URL(url);
      const headers = new Headers(init?.headers);
      headers.set(SHOP_DOMAIN_HEADER, host);
      return originalFetch(new URL(pathname + search, target), { ...init, headers });
    }
    const original = new Request(input, init);
    const { host, pathname, search } = new URL(original.url);
    const headers = new Headers(original.headers);
    headers.set(SHOP_DOMAIN_HEADER, host);
    const hasBody = original.method !== "GET" && original.method !== "HEAD";
    return originalFetch(new URL(pathname + search, target), {
      method: original.method,
      headers,
      body: hasBody ? await original.arrayBuffer() : undefined,
      signal: original.signal,
    });
  };

  globalThis.fetch = routedFetch;
  return () => {
    globalThis.fetch = originalFetch;
  };
}
