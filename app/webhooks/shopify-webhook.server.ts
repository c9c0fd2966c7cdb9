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

/** Shopify waits 5 s: a burst waits this long for a connection, and a transaction runs at most this long (database writes only). */
const TRANSACTION_TIMEOUT_MS = 4000;

export async function handleShopifyWebhook(request: Request, work: WebhookWork): Promise<Response> {
  return answer(request, (webhook) =>
    prisma.$transaction(
      async (tx) => {
        if (!(await recordDelivery(tx, webhook))) return false;
        await work(webhook, tx);
        return true;
      },
      { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_TIMEOUT_MS },
    ),
  );
}

/**
 * For topics that come in bursts and whose work is idempotent by itself
 * (products/*: a refresh folded into the one already waiting): the work
 * first, then the record, without holding a transaction (and a pooled
 * connection) per delivery. A crash in between makes the retry do the work
 * again, which changes nothing.
 */
export async function handleIdempotentShopifyWebhook(request: Request, work: (webhook: WebhookContext) => Promise<void>): Promise<Response> {
  return answer(request, async (webhook) => {
    const seen = await prisma.webhookDelivery.count({ where: { source: "shopify", deliveryKey: webhook.webhookId } });
    if (seen > 0) return false;
    await work(webhook);
    await recordDelivery(prisma, webhook);
    return true;
  });
}

/** 200 once processed (or already processed), 500 when the work failed: nothing recorded, so Shopify retries. */
async function answer(request: Request, process: (webhook: WebhookContext) => Promise<boolean>): Promise<Response> {
  const webhook = await authenticate.webhook(request);
  return withCorrelationId(newCorrelationId(), async () => {
    const { topic, shop, webhookId } = webhook;
    try {
      const processed = await process(webhook);
      logger.info(`Webhook ${topic} for ${shop} ${processed ? "processed" : "already processed"}`, { webhookId });
      return new Response(null, { status: 200 });
    } catch (error) {
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
async function recordDelivery(db: Prisma.TransactionClient, { webhookId, topic, shop }: WebhookContext): Promise<boolean> {
  // Raw: this runs for every delivery, and a Prisma query costs ~1 ms of CPU (stack.md).
  const inserted = await db.$executeRaw`
    INSERT INTO "WebhookDelivery" (id, source, "deliveryKey", topic, "shopDomain")
    VALUES (${randomUUID()}, 'shopify', ${webhookId}, ${topic}, ${shop})
    ON CONFLICT (source, "deliveryKey") DO NOTHING`;
  return inserted === 1;
}
