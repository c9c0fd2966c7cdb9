import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import prisma from "../db.server";
import { handleShopifyWebhook } from "../webhooks/shopify-webhook.server";

const ScopesUpdate = z.object({ current: z.array(z.string()) });

export const action = async ({ request }: ActionFunctionArgs) =>
  handleShopifyWebhook(request, async ({ shop, payload }) => {
    const { current } = ScopesUpdate.parse(payload);
    const scope = current.join(",");
    await prisma.$transaction([
      prisma.session.updateMany({ where: { shop }, data: { scope } }),
      prisma.shop.updateMany({ where: { domain: shop }, data: { scopes: scope } }),
    ]);
  });
