import type { ActionFunctionArgs } from "@remix-run/node";
import { scheduleKnowledgeRefresh } from "../receptionist/knowledge-refresh.server";
import { handleIdempotentShopifyWebhook } from "../webhooks/shopify-webhook.server";

// products/create, products/update and products/delete: the payload does not
// matter, the refresh reads the shop's products when it runs.
export const action = async ({ request }: ActionFunctionArgs) => handleIdempotentShopifyWebhook(request, ({ shop }) => scheduleKnowledgeRefresh(shop));
