import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { handleShopifyWebhook } from "../webhooks/shopify-webhook.server";

const ScopesUpdate = z.object({ current: z.array(z.string()) });

export const action = async ({ request }: ActionFunctionArgs) =>
  handleShopifyWebhook(request, async ({ shop, payload }, tx) => {
    const { current } = ScopesUpdate.parse(payload);
    const scope = current.join(",");
    await tx.session.updateMany({ where: { shop }, data: { scope } });
    await tx.shop.updateMany({ where: { domain: shop }, data: { scopes: scope } });
  });
