import type { ActionFunctionArgs } from "@remix-run/node";
import { shutDownShop } from "../shops/uninstall.server";
import { handleShopifyWebhook } from "../webhooks/shopify-webhook.server";

// Done inline, not in a job: outbound calls must stop now. A failure (Vapi
// down) answers 500, so Shopify's retry runs the idempotent shutdown again.
export const action = async ({ request }: ActionFunctionArgs) => handleShopifyWebhook(request, ({ shop }) => shutDownShop(shop));
