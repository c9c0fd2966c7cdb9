import type { ActionFunctionArgs } from "@remix-run/node";
import { markShopUninstalled, namesShop, triggeredAtOf } from "../shops/uninstall.server";
import { handleShopifyWebhook } from "../webhooks/shopify-webhook.server";

// Calls stop with the commit (the shop is marked, its schedules inactive);
// the Vapi releases run in a retried job, so the answer never waits on Vapi.
export const action = async ({ request }: ActionFunctionArgs) =>
  handleShopifyWebhook(request, async ({ shop, payload, triggeredAt }, tx) => {
    if (namesShop(payload, shop)) await markShopUninstalled(tx, shop, triggeredAtOf(triggeredAt));
  });
