// Shared handling for Shopify webhooks: HMAC verification (by the library,
// 401 on a bad signature), deduplication on the webhook id (Shopify redelivers
// slow or failed deliveries), and a fast 200.
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { logger, newCorrelationId, withCorrelationId } from "../observability/logger.server";
import { authenticate } from "../shopify.server";

type WebhookContext = Awaited<ReturnType<typeof authenticate.webhook>>;

export async function handleShopifyWebhook(
  request: Request,
  handle: (webhook: WebhookContext) => Promise<void>,
): Promise<Response> {
  const webhook = await authenticate.webhook(request);
  return withCorrelationId(newCorrelationId(), async () => {
    const { topic, shop, webhookId } = webhook;
    const firstDelivery = await recordDelivery(webhookId, topic, shop);
    if (!firstDelivery) {
      logger.info(`Webhook ${topic} for ${shop} already processed`, { webhookId });
      return new Response(null, { status: 200 });
    }
    try {
      await handle(webhook);
      logger.info(`Webhook ${topic} for ${shop} processed`, { webhookId });
      return new Response(null, { status: 200 });
    } catch (error) {
      // Forget the delivery so Shopify's retry processes it again.
      await prisma.webhookDelivery.deleteMany({ where: { source: "shopify", deliveryKey: webhookId } });
      logger.error(`Webhook ${topic} for ${shop} failed`, { webhookId, error });
      return new Response(null, { status: 500 });
    }
  });
}

/** False when this delivery was already recorded (a redelivery). */
async function recordDelivery(webhookId: string, topic: string, shopDomain: string): Promise<boolean> {
  try {
    await prisma.webhookDelivery.create({ data: { source: "shopify", deliveryKey: webhookId, topic, shopDomain } });
    return true;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
    throw error;
  }
}
