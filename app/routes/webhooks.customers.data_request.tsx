import type { ActionFunctionArgs } from "@remix-run/node";
import { enqueueComplianceWork, parseComplianceWebhook } from "../compliance/compliance-work.server";
import { handleShopifyWebhook } from "../webhooks/shopify-webhook.server";

// Mandatory compliance topic: verified (HMAC), deduplicated, recorded with its job, answered.
export const action = async ({ request }: ActionFunctionArgs) =>
  handleShopifyWebhook(request, ({ payload, webhookId }, tx) =>
    enqueueComplianceWork(tx, parseComplianceWebhook("customers/data_request", payload), webhookId),
  );
