// Shared handling for Shopify webhooks: HMAC verification (by the library,
// 401 on a bad signature), deduplication on the webhook id (Shopify redelivers
// slow or failed deliveries), and a fast 200.
//
// The delivery record and the webhook's work commit in one transaction: the
// work is either a few row updates or the job that does the slow part (sent
// to pg-boss through the same transaction). A crash or an error before the
// commit leaves no record, so Shopify's retry is processed, not taken for a
// duplicate; after the commit the job exists and pg-boss retries it.
import type { Prisma } from "@prisma/client";
import { randomUUID } from "node:crypto";
import prisma from "../db.server";
import { logger, newCorrelationId, withCorrelationId } from "../observability/logger.server";
import { authenticate } from "../shopify.server";

type WebhookContext = Awaited<ReturnType<typeof authenticate.webhook>>;

/** The webhook's work, inside the transaction that records the delivery: use `tx` for every write. */
export type WebhookWork = (webhook: WebhookContext, tx: Prisma.TransactionClient) => Promise<void>;

/** Shopify waits 5 s; the work inside the transaction is database writes only. */
const TRANSACTION_TIMEOUT_MS = 4000;

export async function handleShopifyWebhook(request: Request, work: WebhookWork): Promise<Response> {
  const webhook = await authenticate.webhook(request);
  return withCorrelationId(newCorrelationId(), async () => {
    const { topic, shop, webhookId } = webhook;
    try {
      const processed = await prisma.$transaction(
        async (tx) => {
          if (!(await recordDelivery(tx, webhookId, topic, shop))) return false;
          await work(webhook, tx);
          return true;
        },
        { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 2000 },
      );
      logger.info(`Webhook ${topic} for ${shop} ${processed ? "processed" : "already processed"}`, { webhookId });
      return new Response(null, { status: 200 });
    } catch (error) {
      // Nothing was recorded (rolled back): Shopify's retry processes it again.
      logger.error(`Webhook ${topic} for ${shop} failed`, { webhookId, error });
      return new Response(null, { status: 500 });
    }
  });
}

/**
 * False when this delivery was already recorded (a redelivery). ON CONFLICT
 * DO NOTHING: a concurrent delivery of the same id waits for this
 * transaction, then sees the row (or, if this one rolled back, records it).
 */
async function recordDelivery(tx: Prisma.TransactionClient, webhookId: string, topic: string, shopDomain: string): Promise<boolean> {
  const { count } = await tx.webhookDelivery.createMany({
    data: [{ id: randomUUID(), source: "shopify", deliveryKey: webhookId, topic, shopDomain }],
    skipDuplicates: true,
  });
  return count === 1;
}
