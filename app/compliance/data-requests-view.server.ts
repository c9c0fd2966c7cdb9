// The data requests page's view model: every privacy webhook with its
// status, and the shop's stored reports, newest first, with times in the
// store's zone.
import type { Shop } from "@prisma/client";
import prisma from "../db.server";
import { formatInstant } from "../formatting/time";

export async function dataRequestsView(shop: Pick<Shop, "id" | "domain" | "timezone">) {
  const [reports, requests] = await Promise.all([
    prisma.complianceReport.findMany({ where: { shopId: shop.id }, orderBy: { createdAt: "desc" }, take: 50 }),
    prisma.complianceRequest.findMany({ where: { shopDomain: shop.domain }, orderBy: { receivedAt: "desc" }, take: 100 }),
  ]);
  return {
    requests: requests.map((request) => ({
      id: request.id,
      topic: request.topic,
      customerId: request.customerId,
      status: request.status,
      attempts: request.attempts,
      lastError: request.status === "completed" ? null : request.lastError,
      received: formatInstant(request.receivedAt, shop.timezone),
      completed: request.completedAt ? formatInstant(request.completedAt, shop.timezone) : null,
    })),
    reports: reports.map((report) => ({
      id: report.id,
      customerId: report.shopifyCustomerId,
      dataRequestId: report.dataRequestId,
      gatheredAt: formatInstant(report.createdAt, shop.timezone),
      json: JSON.stringify(report.report, null, 2),
    })),
  };
}
