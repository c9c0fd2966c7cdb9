// Shopify's mandatory compliance webhooks. The route only verifies, parses
// and records a ComplianceRequest with its job (one transaction with the
// delivery); the work runs in the worker, where pg-boss retries it with
// backoff for about 30 days (Shopify's limit). Each attempt is recorded on
// the request (attempts, last error), a request failing for hours is
// reported as an error (and so to Sentry), and the payload naming the
// customer is purged once the request is done or given up. Every step is
// idempotent, so a retry after a partial run does no harm.
import { Prisma, type Shop } from "@prisma/client";
import { fromPrisma } from "pg-boss";
import { z } from "zod";
import prisma from "../db.server";
import { COMPLIANCE_MAX_ATTEMPTS, jobQueue, QUEUES, type CompliancePayload } from "../jobs/queue.server";
import { logger } from "../observability/logger.server";
import { shutDownShop } from "../shops/uninstall.server";
import { deleteCallRecord } from "../receptionist/vapi-resources.server";
import { queryAdmin } from "../receptionist/tools/admin-client.server";
import { customerDataReport, redactCustomerCalls } from "./customer-calls.server";

// The shop is read from the signed body, not from the unsigned headers.
const Customer = z.object({ id: z.number(), email: z.string().nullish(), phone: z.string().nullish() });
const OrderIds = z.array(z.number().int().nonnegative()).nullish();
const DataRequest = z.object({ shop_domain: z.string(), customer: Customer, orders_requested: OrderIds, data_request: z.object({ id: z.number() }).nullish() });
const CustomerRedact = z.object({ shop_domain: z.string(), customer: Customer, orders_to_redact: OrderIds });
const ShopRedact = z.object({ shop_domain: z.string() });

export type ComplianceTopic = "customers/data_request" | "customers/redact" | "shop/redact";

export type ComplianceWork =
  | { topic: "customers/data_request"; shopDomain: string; customer: z.infer<typeof Customer>; orderIds: number[]; dataRequestId: string | null }
  | { topic: "customers/redact"; shopDomain: string; customer: z.infer<typeof Customer>; orderIds: number[] }
  | { topic: "shop/redact"; shopDomain: string };

/** Throws on a payload Shopify would not send: the webhook then fails and is retried. */
export function parseComplianceWebhook(topic: ComplianceTopic, payload: unknown): ComplianceWork {
  switch (topic) {
    case "customers/data_request": {
      const body = DataRequest.parse(payload);
      const dataRequestId = body.data_request ? String(body.data_request.id) : null;
      return { topic, shopDomain: body.shop_domain, customer: body.customer, orderIds: body.orders_requested ?? [], dataRequestId };
    }
    case "customers/redact": {
      const body = CustomerRedact.parse(payload);
      return { topic, shopDomain: body.shop_domain, customer: body.customer, orderIds: body.orders_to_redact ?? [] };
    }
    case "shop/redact":
      return { topic, shopDomain: ShopRedact.parse(payload).shop_domain };
  }
}

/**
 * The request row and its job, through the webhook's transaction: the
 * delivery is recorded only with them. The job carries the row's id only.
 */
export async function enqueueComplianceWork(tx: Prisma.TransactionClient, work: ComplianceWork, webhookId: string): Promise<void> {
  const request = await tx.complianceRequest.create({
    data: { shopDomain: work.shopDomain, topic: work.topic, webhookId, payload: work, customerId: "customer" in work ? String(work.customer.id) : null },
  });
  const payload: CompliancePayload = { requestId: request.id };
  await (await jobQueue()).send(QUEUES.compliance, payload, { db: fromPrisma(tx) });
}

/** A request still failing this long after it arrived is reported as an error (Sentry) on every attempt. */
export const COMPLIANCE_STUCK_AFTER_MS = 6 * 60 * 60 * 1000;

/**
 * One attempt of a request (the job). Throws on failure so pg-boss retries;
 * the last attempt marks the request failed and purges its payload.
 */
export async function runComplianceRequest({ requestId }: CompliancePayload, now = new Date()): Promise<void> {
  const request = await prisma.complianceRequest.findUnique({ where: { id: requestId } });
  if (!request || request.status !== "pending" || !request.payload) return;
  const attempt = request.attempts + 1;
  await prisma.complianceRequest.update({ where: { id: request.id }, data: { attempts: attempt, lastAttemptAt: now } });
  const context = { requestId, topic: request.topic, shop: request.shopDomain, attempt };
  try {
    await runComplianceWork(request.payload as unknown as ComplianceWork);
  } catch (error) {
    const lastError = error instanceof Error ? error.message : String(error);
    const givenUp = attempt >= COMPLIANCE_MAX_ATTEMPTS;
    await prisma.complianceRequest.update({
      where: { id: request.id },
      data: givenUp ? { status: "failed", lastError, payload: Prisma.DbNull } : { lastError },
    });
    const stuck = now.getTime() - request.receivedAt.getTime() > COMPLIANCE_STUCK_AFTER_MS;
    if (givenUp) logger.error(`Privacy request given up after ${attempt} attempts: complete it by hand`, { ...context, error });
    else if (stuck) logger.error("Privacy request stuck: still failing", { ...context, receivedAt: request.receivedAt, error });
    else logger.warn("Privacy request attempt failed; it will be retried", { ...context, error });
    throw error;
  }
  await prisma.complianceRequest.updateMany({
    where: { id: request.id },
    data: { status: "completed", completedAt: new Date(), payload: Prisma.DbNull },
  });
  logger.info("Privacy request completed", context);
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
  const orders = { ids: work.orderIds, names: await orderNames(shop, work.orderIds) };
  if (work.topic === "customers/data_request") {
    const report = await customerDataReport(shop.id, work.customer, orders);
    await prisma.complianceReport.create({ data: { shopId: shop.id, shopifyCustomerId: customerId, dataRequestId: work.dataRequestId, report } });
    logger.info(`Data request report stored: ${report.calls.length} calls`, { shop: shop.domain });
    return;
  }
  const redacted = await redactCustomerCalls(shop.id, work.customer, orders);
  // An earlier data request's report holds the same personal data.
  await prisma.complianceReport.deleteMany({ where: { shopId: shop.id, shopifyCustomerId: customerId } });
  logger.info(`Customer redacted: ${redacted} calls anonymised`, { shop: shop.domain });
}

const ORDER_NAMES_QUERY = `#graphql
  query ComplianceOrderNames($query: String!, $first: Int!) {
    orders(first: $first, query: $query) { nodes { name } }
  }`;

/** Orders asked for per query (Shopify's search string stays short). */
const ORDER_NAMES_PER_QUERY = 50;

/**
 * The webhook's orders by name ("#1001"), as callers say them: the webhook
 * gives only their ids. The shop's Admin API knows them while the app is
 * installed (and without read_all_orders, for the last 60 days). Without
 * it, the orders are matched by id alone, and the request still completes:
 * the phone, email and verified-order matches do not need names.
 */
async function orderNames(shop: Pick<Shop, "domain">, orderIds: readonly number[]): Promise<string[]> {
  const names: string[] = [];
  for (let start = 0; start < orderIds.length; start += ORDER_NAMES_PER_QUERY) {
    const ids = orderIds.slice(start, start + ORDER_NAMES_PER_QUERY);
    try {
      const { data } = await queryAdmin<{ orders: { nodes: Array<{ name: string }> } }>(shop, ORDER_NAMES_QUERY, {
        query: ids.map((id) => `id:${id}`).join(" OR "),
        first: ids.length,
      });
      names.push(...data.orders.nodes.map((order) => order.name));
    } catch (error) {
      logger.warn("Privacy request: order names unavailable, matching the orders by id", { shop: shop.domain, error });
      return names;
    }
  }
  return names;
}

/**
 * Everything the app stores for the shop. Its Vapi number and assistant are
 * released first, should the uninstall not have done it, and its calls are
 * deleted at Vapi (which keeps recordings and transcripts of its own; one
 * already gone counts as deleted); then the Shop row, whose cascade takes
 * schedules, jobs, calls and reports with it. The shop/redact requests stay,
 * as the record that the shop was erased (they name no customer).
 */
async function eraseShop(domain: string): Promise<void> {
  await shutDownShop(domain);
  const shop = await prisma.shop.findUnique({ where: { domain } });
  if (shop) {
    const calls = await prisma.callSession.findMany({ where: { shopId: shop.id }, select: { vapiCallId: true } });
    for (const call of calls) await deleteCallRecord(call.vapiCallId, { shopId: shop.id });
  }
  await prisma.$transaction([
    prisma.shop.deleteMany({ where: { domain } }),
    prisma.session.deleteMany({ where: { shop: domain } }),
    prisma.webhookDelivery.deleteMany({ where: { shopDomain: domain } }),
    prisma.complianceRequest.deleteMany({ where: { shopDomain: domain, topic: { not: "shop/redact" } } }),
  ]);
  logger.info("Shop redacted: all its data deleted", { shop: domain });
}
