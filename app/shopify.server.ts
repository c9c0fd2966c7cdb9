import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import prisma from "./db.server";
import { env } from "./env.server";
import { shopifyLibraryLogger } from "./observability/shopify-library-log.server";
import { syncShop } from "./shops/shop.server";
import { withAuthEdgeCases } from "./auth/admin-auth.server";
import { AppSessionStorage } from "./auth/session-storage.server";

/** The Admin API version used everywhere (also in shopify.app.toml). */
export const apiVersion = ApiVersion.July26;

const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  appUrl: env.SHOPIFY_APP_URL,
  scopes: env.SCOPES.split(","),
  apiVersion,
  authPathPrefix: "/auth",
  sessionStorage: new AppSessionStorage(prisma),
  distribution: AppDistribution.AppStore,
  future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
  logger: shopifyLibraryLogger(env.LOG_LEVEL),
  hooks: {
    afterAuth: async ({ session, admin }) => {
      await syncShop(admin, session.shop, session.scope);
    },
  },
  ...(env.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [env.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
// authenticate.admin with the app's answers for the cases the library turns
// into a redirect or a bare 500 (auth/admin-auth.server.ts).
export const authenticate: typeof shopify.authenticate = { ...shopify.authenticate, admin: withAuthEdgeCases(shopify.authenticate.admin) };
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
