// Runs before each test file, before it imports the app: Admin API requests
// go to the stand-in whose URL a test puts in SANDBOX_ADMIN_API_URL (read at
// each request; unset, requests pass through). The app itself never reroutes:
// in the sandbox its processes load this routing before the app.
import { routeShopifyAdminApiTo } from "../../app/sandbox/shopify-admin/redirect-fetch";

const INSTALLED = Symbol.for("tests.admin-api-routing");
const state = globalThis as typeof globalThis & { [INSTALLED]?: true };
if (!state[INSTALLED]) {
  state[INSTALLED] = true;
  routeShopifyAdminApiTo(() => process.env.SANDBOX_ADMIN_API_URL);
}
