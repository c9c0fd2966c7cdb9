// Shopify's mandatory compliance webhooks. The route only verifies, parses
// and queues (Shopify wants a fast answer); the work runs in the worker,
// where pg-boss retries it until it is done. Every step is idempotent, so a
// duplicate delivery or a retry after a partial run does no harm.
import type { Prisma } from "@prisma/client";
import { fromPrisma } from "pg-boss";
import { z } from "zod";
import prisma from "../db.server";
import { jobQueue, QUEUES } from "../jobs/queue.server";
import { logger } from "../observability/logger.server";
import { shutDownShop } from "../shops/uninstall.server";
import { customerDataReport, redactCustomerCalls } from "./customer-calls.server";

// The shop is read from the signed body, not from the unsigned headers.
const Customer = z.object({ id: z.number(), email: z.string().nullish(), phone: z.string().nullish() });
const DataRequest = z.object({ shop_domain: z.string(), customer: Customer, data_request: z.object({ id: z.number() }).nullish() });
const CustomerRedact = z.object({ shop_domain: z.string(), customer: Customer });
const ShopRedact = z.object({ shop_domain: z.string() });

export type ComplianceTopic = "customers/data_request" | "customers/redact" | "shop/redact";

export type ComplianceWork =
  | { topic: "customers/data_request"; shopDomain: string; customer: z.infer<typeof Customer>; dataRequestId: string | null }
  | { topic: "customers/redact"; shopDomain: string; customer: z.infer<typeof Customer> }
  | { topic: "shop/redact"; shopDomain: string };

/** Throws on a payload Shopify would not send: the webhook then fails and is retried. */
export function parseComplianceWebhook(topic: ComplianceTopic, payload: unknown): ComplianceWork {
  switch (topic) {
    case "customers/data_request": {
      const body = DataRequest.parse(payload);
      return { topic, shopDomain: body.shop_domain, customer: body.customer, dataRequestId: body.data_request ? String(body.data_request.id) : null };
    }
    case "customers/redact": {
      const body = CustomerRedact.parse(payload);
      return { topic, shopDomain: body.shop_domain, customer: body.customer };
    }
    case "shop/redact":
      return { topic, shopDomain: ShopRedact.parse(payload).shop_domain };
  }
}

/** Queued through the webhook's transaction: the delivery is recorded only with its job. */
export async function enqueueComplianceWork(tx: Prisma.TransactionClient, work: ComplianceWork): Promise<void> {
  await (await jobQueue()).send(QUEUES.compliance, work, { db: fromPrisma(tx) });
}

export async function runComplianceWork(work: ComplianceWork): Promise<void> {
  if (work.topic === "shop/redact") return eraseShop(work.shopDomain);
  const shop = await prisma.shop.findUnique({ where: { domain: work.shopDomain } });
  // No Shop row: the app stores nothing for this shop, so nothing about the customer.
  if (!shop) {
    logger.info(`${work.topic}: nothing stored for ${work.shopDomain}`);
    return;
  }
  const customerId = String(work.customer.id);
  if (work.topic === "customers/data_request") {
    const report = await customerDataReport(shop.id, work.customer);
    await prisma.complianceReport.create({ data: { shopId: shop.id, shopifyCustomerId: customerId, dataRequestId: work.dataRequestId, report } });
    logger.info(`Data request report stored: ${report.calls.length} calls`, { shop: shop.domain });
    return;
  }
  const redacted = await redactCustomerCalls(shop.id, work.customer);
  // An earlier data request's report holds the same personal data.
  await prisma.complianceReport.deleteMany({ where: { shopId: shop.id, shopifyCustomerId: customerId } });
  logger.info(`Customer redacted: ${redacted} calls anonymised`, { shop: shop.domain });
}

/**
 * Everything the app stores for the shop. Its Vapi number and assistant are
 * released first, should the uninstall not have done it; the Shop row's
 * cascade takes schedules, jobs, calls and reports with it.
 */
async function eraseShop(domain: string): Promise<void> {
  await shutDownShop(domain);
  await prisma.$transaction([
    prisma.shop.deleteMany({ where: { domain } }),
    prisma.session.deleteMany({ where: { shop: domain } }),
    prisma.webhookDelivery.deleteMany({ where: { shopDomain: domain } }),
  ]);
  logger.info("Shop redacted: all its data deleted", { shop: domain });
}
