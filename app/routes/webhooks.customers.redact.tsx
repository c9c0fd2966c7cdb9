import type { ActionFunctionArgs } from "@remix-run/node";
import { handleShopifyWebhook } from "../webhooks/shopify-webhook.server";

// Mandatory compliance topic: verified (HMAC), deduplicated and acknowledged.
// The data work itself lands with the privacy-compliance issue.
export const action = async ({ request }: ActionFunctionArgs) => handleShopifyWebhook(request, async () => {});
