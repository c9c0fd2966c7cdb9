// The one module that gathers a briefing's figures, at dispatch time, for one
// schedule: orders from the shop's Admin API, customer calls and the
// messages callers left from the call records, what is failing from the
// shop's and the jobs' state, and optionally low stock. An Admin API failure
// leaves its part "not available" (the briefing says so); it never stops the
// call. Every read is scoped by the schedule's shop.
import type { CallSettings, Shop } from "@prisma/client";
import prisma from "../db.server";
import { logger } from "../observability/logger.server";
import { messagesSince } from "../messages/messages.server";
import { queryAdmin } from "../receptionist/tools/admin-client.server";
import type { BriefingFigures, BriefingPart, CallerMessage, Fetched, OrderFigures, ProblemFigures } from "./briefing";

const DAY_MS = 24 * 60 * 60 * 1000;
/** A dispatch waits on this, not a caller: longer than a tool call's deadline, short enough for the grace period. */
const ADMIN_TIMEOUT_MS = 8_000;
const ORDERS_PAGE = 250;
export const LOW_STOCK_THRESHOLD = 5;
const KNOWLEDGE_STALE_MS = 7 * DAY_MS;

export const ORDERS_SINCE_QUERY = `#graphql
  query BriefingOrders($query: String!, $first: Int!) {
    orders(first: $first, query: $query, sortKey: CREATED_AT) {
      nodes { totalPriceSet { shopMoney { amount currencyCode } } }
      pageInfo { hasNextPage }
    }
  }`;

export const UNFULFILLED_QUERY = `#graphql
  query BriefingUnfulfilled($query: String!, $first: Int!) {
    orders(first: $first, query: $query) {
      nodes { id }
    }
  }`;

export const LOW_STOCK_QUERY = `#graphql
  query BriefingStock($first: Int!) {
    products(first: $first, query: "status:active", sortKey: UPDATED_AT, reverse: true) {
      nodes { title totalInventory tracksInventory }
    }
  }`;

interface OrdersData {
  orders: { nodes: Array<{ totalPriceSet: { shopMoney: { amount: string; currencyCode: string } } }>; pageInfo: { hasNextPage: boolean } };
}
interface UnfulfilledData {
  orders: { nodes: Array<{ id: string }> };
}
interface StockData {
  products: { nodes: Array<{ title: string; totalInventory: number | null; tracksInventory: boolean }> };
}

/** Sums decimal amounts exactly (in hundredths), as "1234.50". */
export function sumAmounts(amounts: readonly string[]): string {
  const cents = amounts.reduce((sum, amount) => sum + Math.round(Number(amount) * 100), 0);
  return (cents / 100).toFixed(2);
}

async function fetched<T>(what: string, shop: Pick<Shop, "domain">, read: () => Promise<T>): Promise<Fetched<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    logger.warn(`Briefing: ${what} unavailable, the briefing says so`, { shop: shop.domain, error });
    return { ok: false };
  }
}

export async function orderFigures(shop: Pick<Shop, "domain">, since: Date, now: Date): Promise<Fetched<OrderFigures>> {
  return fetched("orders", shop, async () => {
    const twoDaysAgo = new Date(now.getTime() - 2 * DAY_MS);
    const [created, unfulfilled] = await Promise.all([
      queryAdmin<OrdersData>(shop, ORDERS_SINCE_QUERY, { query: `created_at:>='${since.toISOString()}'`, first: ORDERS_PAGE }, { timeoutMs: ADMIN_TIMEOUT_MS }),
      queryAdmin<UnfulfilledData>(
        shop,
        UNFULFILLED_QUERY,
        { query: `fulfillment_status:unfulfilled status:open created_at:<'${twoDaysAgo.toISOString()}'`, first: ORDERS_PAGE },
        { timeoutMs: ADMIN_TIMEOUT_MS },
      ),
    ]);
    const nodes = created.data.orders.nodes;
    return {
      count: nodes.length,
      more: created.data.orders.pageInfo.hasNextPage,
      total: sumAmounts(nodes.map((order) => order.totalPriceSet.shopMoney.amount)),
      unfulfilledOverTwoDays: unfulfilled.data.orders.nodes.length,
    };
  });
}

export function lowStockFigures(shop: Pick<Shop, "domain">): Promise<Fetched<Array<{ title: string; quantity: number }>>> {
  return fetched("stock levels", shop, async () => {
    // The products the receptionist knows (shop-knowledge.server.ts picks the same 20).
    const { data } = await queryAdmin<StockData>(shop, LOW_STOCK_QUERY, { first: 20 }, { timeoutMs: ADMIN_TIMEOUT_MS });
    return data.products.nodes
      .filter((product) => product.tracksInventory && product.totalInventory !== null && product.totalInventory <= LOW_STOCK_THRESHOLD)
      .map((product) => ({ title: product.title, quantity: product.totalInventory ?? 0 }));
  });
}

/** The messages customers left with the receptionist (take_message) since `since`: the one place the briefing reads them. */
export async function callerMessagesSince(shopId: string, since: Date): Promise<CallerMessage[]> {
  const messages = await messagesSince(shopId, since);
  return messages.map((message) => ({ callerName: message.callerName, callbackNumber: message.callbackNumber, reason: message.reason, at: message.createdAt }));
}

async function callFigures(shopId: string, since: Date) {
  const [groups, messages] = await Promise.all([
    prisma.callSession.groupBy({ by: ["disposition"], where: { shopId, direction: "inbound", createdAt: { gte: since } }, _count: { _all: true } }),
    callerMessagesSince(shopId, since),
  ]);
  const outcomes: Record<string, number> = {};
  for (const group of groups) outcomes[group.disposition ?? "in-progress"] = group._count._all;
  return { count: groups.reduce((sum, group) => sum + group._count._all, 0), outcomes, messages };
}

const RECEPTIONIST: Record<Shop["receptionistStatus"], ProblemFigures["receptionist"]> = {
  active: "live",
  not_provisioned: "not-set-up",
  provisioning: "setting-up",
  failed: "failed",
};

async function problemFigures(shop: Shop, since: Date, now: Date): Promise<ProblemFigures> {
  const failed = await prisma.callJob.findMany({
    where: { shopId: shop.id, status: { in: ["failed", "missed"] }, scheduledForUtc: { gte: since, lt: now } },
    select: { status: true, scheduledForUtc: true, callSettings: { select: { name: true } } },
    orderBy: { scheduledForUtc: "asc" },
  });
  const refreshed = shop.knowledgeRefreshedAt ?? shop.provisionedAt;
  return {
    receptionist: RECEPTIONIST[shop.receptionistStatus],
    failedCheckins: failed.map((job) => ({ personName: job.callSettings?.name ?? "", status: job.status as "failed" | "missed", at: job.scheduledForUtc })),
    knowledgeStale: shop.receptionistStatus === "active" && (!refreshed || now.getTime() - refreshed.getTime() > KNOWLEDGE_STALE_MS),
  };
}

/** The start of a schedule's briefing period: its last completed call, or 24 h ago. */
async function periodStart(settings: Pick<CallSettings, "id" | "shopId">, now: Date): Promise<{ since: Date; sinceLastCall: boolean }> {
  const last = await prisma.callJob.findFirst({
    where: { shopId: settings.shopId, callSettingsId: settings.id, status: "completed", scheduledForUtc: { lt: now } },
    orderBy: { scheduledForUtc: "desc" },
    select: { scheduledForUtc: true },
  });
  return last ? { since: last.scheduledForUtc, sinceLastCall: true } : { since: new Date(now.getTime() - DAY_MS), sinceLastCall: false };
}

/** Everything the schedule's briefing parts need, read now. */
export async function gatherBriefingFigures(shop: Shop, settings: CallSettings, now = new Date()): Promise<BriefingFigures> {
  const parts = settings.briefingParts as BriefingPart[];
  const { since, sinceLastCall } = await periodStart(settings, now);
  const [orders, calls, problems, lowStock] = await Promise.all([
    parts.includes("orders") ? orderFigures(shop, since, now) : undefined,
    parts.includes("calls") ? callFigures(shop.id, since) : undefined,
    parts.includes("problems") ? problemFigures(shop, since, now) : undefined,
    parts.includes("lowStock") ? lowStockFigures(shop) : undefined,
  ]);
  return {
    shopName: shop.name,
    personName: settings.name,
    currency: shop.currency,
    timezone: settings.timezone,
    now,
    since,
    sinceLastCall,
    ...(orders ? { orders } : {}),
    ...(calls ? { calls } : {}),
    ...(problems ? { problems } : {}),
    ...(lowStock ? { lowStock } : {}),
  };
}
