// The edges of authenticate.admin that the library leaves to the app:
// - an API request (/api/...) without a session token gets 401 JSON, not a
//   redirect to the login page meant for a browser;
// - a correctly signed token for a shop the app has no session for (token
//   exchange refused: the app was uninstalled, or never finished its
//   install) gets the re-auth path instead of a bare 500: a document request
//   is sent to the login flow for that shop, a fetch gets 401 with the
//   headers App Bridge follows to re-authorize.
import { json, redirect } from "@remix-run/node";

type AuthenticateAdmin<T> = (request: Request) => Promise<T>;

export const API_PATH_PREFIX = "/api/";

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export function withAuthEdgeCases<T>(authenticateAdmin: AuthenticateAdmin<T>): AuthenticateAdmin<T> {
  return async (request) => {
    const url = new URL(request.url);
    const bearer = request.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1] ?? null;
    const token = bearer ?? url.searchParams.get("id_token");
    if (url.pathname.startsWith(API_PATH_PREFIX) && !token) {
      throw json(
        { success: false, error: { code: "UNAUTHORIZED", message: "A Shopify session token is required (Authorization: Bearer ...)." } },
        { status: 401 },
      );
    }
    try {
      return await authenticateAdmin(request);
    } catch (thrown) {
      if (!(thrown instanceof Response) || thrown.status < 500) throw thrown;
      throw reauthorize(request, url, shopOf(token) ?? shopOf(null, url.searchParams.get("shop")));
    }
  };
}

/** The shop a session token names (`dest`). Used only to build a login URL, so it need not be verified here (the library did). */
function shopOf(token: string | null, fallback: string | null = null): string | null {
  let shop = fallback;
  if (token) {
    try {
      const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { dest?: unknown };
      if (typeof payload.dest === "string") shop = new URL(payload.dest).hostname;
    } catch {
      // Not a JWT: no shop from it.
    }
  }
  return shop && SHOP_DOMAIN.test(shop) ? shop : null;
}

function reauthorize(request: Request, url: URL, shop: string | null): Response {
  const login = shop ? `/auth/login?shop=${encodeURIComponent(shop)}` : "/auth/login";
  const isDocument = request.method === "GET" && !url.searchParams.has("_data") && !request.headers.get("authorization");
  if (isDocument) return redirect(login);
  return json(
    { success: false, error: { code: "REAUTHORIZE", message: "The app needs to be authorized again for this shop." } },
    {
      status: 401,
      headers: {
        "X-Shopify-API-Request-Failure-Reauthorize": "1",
        "X-Shopify-API-Request-Failure-Reauthorize-Url": login,
      },
    },
  );
}
