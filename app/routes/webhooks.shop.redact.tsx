import type { ActionFunctionArgs } from "@remix-run/node";
import { enqueueComplianceWork, parseComplianceWebhook } from "../compliance/compliance-work.server";
import { handleShopifyWebhook } from "../webhooks/shopify-webhook.server";

// Mandatory compliance topic: verified (HMAC), deduplicated, queued, answered.
export const action = async ({ request }: ActionFunctionArgs) =>
  handleShopifyWebhook(request, ({ payload }, tx) => enqueueComplianceWork(tx, parseComplianceWebhook("shop/redact", payload)));
