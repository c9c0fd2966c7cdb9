// Loaded into the benchmark's production processes with `node --import`
// (bundled to a plain .mjs by the bench, so the processes run no TypeScript):
// sends their Admin API requests to the stand-in at BENCH_ADMIN_API_URL, as an
// agent would be preloaded. The production build itself never contains it,
// and the app's own SANDBOX_ADMIN_API_URL stays refused in production.
import { routeShopifyAdminApiTo } from "../../../app/sandbox/shopify-admin/redirect-fetch";

const standIn = process.env.BENCH_ADMIN_API_URL;
if (standIn) routeShopifyAdminApiTo(standIn);
