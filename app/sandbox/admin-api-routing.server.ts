// In the sandbox and the tests, Admin API requests for a shop go to the local
// stand-in instead of https://<shop>/admin/api/... This module must be
// imported before "@shopify/shopify-app-remix/adapters/node", which captures
// globalThis.fetch when it loads. env.server.ts refuses SANDBOX_ADMIN_API_URL
// outside the sandbox and the tests, so production never reroutes.
import { env } from "../env.server";
import { routeShopifyAdminApiTo } from "./shopify-admin/redirect-fetch";

if (env.SANDBOX_ADMIN_API_URL) routeShopifyAdminApiTo(env.SANDBOX_ADMIN_API_URL);
