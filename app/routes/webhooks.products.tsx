import type { ActionFunctionArgs } from "@remix-run/node";
import { scheduleKnowledgeRefresh } from "../receptionist/knowledge-refresh.server";
import { handleShopifyWebhook } from "../webhooks/shopify-webhook.server";

// products/create, products/update and products/delete: the payload does not
// matter, the refresh reads the shop's products when it runs.
export const action = async ({ request }: ActionFunctionArgs) => handleShopifyWebhook(request, ({ shop }, tx) => scheduleKnowledgeRefresh(shop, tx));
