// The data requests page's view model: every privacy webhook with its
// status, and the shop's stored reports, newest first: who asked (the
// customer's name from the shop's Admin API, their email), when (the
// store's zone), what the app stores about them, and whether the merchant
// has sent it on.
import type { Shop } from "@prisma/client";
import prisma from "../db.server";
import { label } from "../formatting/labels";
import { storeCountry } from "../formatting/phone";
import { formatInstant } from "../formatting/time";
import { logger } from "../observability/logger.server";
import { queryAdmin } from "../receptionist/tools/admin-client.server";
import { summarizeReport } from "./report-summary";

type ViewShop = Pick<Shop, "id" | "domain" | "timezone" | "phoneNumber">;

const CUSTOMER_NAMES_QUERY = `#graphql
  query DataRequestCustomerNames($query: String!, $first: Int!) {
    customers(first: $first, query: $query) { nodes { legacyResourceId displayName } }
  }`;

/**
 * The customers' names by Shopify id. Names are protected customer data and
 * the Admin API may be down: then the page names the customer by email.
 */
async function customerNames(shop: ViewShop, customerIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(customerIds.filter((id) => /^\d+$/.test(id)))];
  if (ids.length === 0) return new Map();
  try {
    const { data } = await queryAdmin<{ customers: { nodes: Array<{ legacyResourceId: string; displayName: string | null }> } }>(shop, CUSTOMER_NAMES_QUERY, {
      query: ids.map((id) => `id:${id}`).join(" OR "),
      first: ids.length,
    });
    return new Map(data.customers.nodes.filter((node) => node.displayName).map((node) => [node.legacyResourceId, node.displayName!]));
  } catch (error) {
    logger.warn("Data requests page: customer names unavailable", { shop: shop.domain, error });
    return new Map();
  }
}

export async function dataRequestsView(shop: ViewShop) {
  const [reports, requests] = await Promise.all([
    prisma.complianceReport.findMany({ where: { shopId: shop.id }, orderBy: { createdAt: "desc" }, take: 50 }),
    prisma.complianceRequest.findMany({ where: { shopDomain: shop.domain }, orderBy: { receivedAt: "desc" }, take: 100 }),
  ]);
  const names = await customerNames(shop, [...reports.map((report) => report.shopifyCustomerId), ...requests.flatMap((request) => request.customerId ?? [])]);
  const country = storeCountry(shop);
  return {
    requests: requests.map((request) => ({
      id: request.id,
      topic: request.topic,
      topicLabel: label("privacyTopic", request.topic),
      customer: request.customerId ? (names.get(request.customerId) ?? "A customer") : null,
      status: request.status,
      statusLabel: label("privacyStatus", request.status),
      attempts: request.attempts,
      lastError: request.status === "completed" ? null : request.lastError,
      received: formatInstant(request.receivedAt, shop.timezone),
      completed: request.completedAt ? formatInstant(request.completedAt, shop.timezone) : null,
    })),
    reports: reports.map((report) => {
      const summary = summarizeReport(report.report, shop.timezone, country);
      return {
        id: report.id,
        customerName: names.get(report.shopifyCustomerId) ?? null,
        summary,
        gatheredAt: formatInstant(report.createdAt, shop.timezone),
        sentAt: report.sentAt ? formatInstant(report.sentAt, shop.timezone) : null,
      };
    }),
  };
}

export type DataRequestsView = Awaited<ReturnType<typeof dataRequestsView>>;
