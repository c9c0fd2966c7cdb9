// In the sandbox, Admin API requests for a shop go to the local stand-in
// instead of https://<shop>/admin/api/... Loaded before the app: the sandbox's
// app server imports it before the Remix build, and its worker runs with
// `--import` of this file, because "@shopify/shopify-app-remix/adapters/node"
// captures globalThis.fetch when it loads. The production build never
// contains it.
import { env } from "../env.server";
import { routeShopifyAdminApiTo } from "./shopify-admin/redirect-fetch";

if (env.SANDBOX_ADMIN_API_URL) routeShopifyAdminApiTo(env.SANDBOX_ADMIN_API_URL);
