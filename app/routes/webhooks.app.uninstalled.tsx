import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { handleShopifyWebhook } from "../webhooks/shopify-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) =>
  handleShopifyWebhook(request, async ({ shop }) => {
    // The shop's sessions are useless after an uninstall (the token is
    // revoked); the Shop row stays, marked, until shop/redact erases it.
    await prisma.$transaction([
      prisma.session.deleteMany({ where: { shop } }),
      prisma.shop.updateMany({ where: { domain: shop }, data: { uninstalledAt: new Date() } }),
    ]);
  });
