// The data requests page's view model: the shop's stored reports, newest
// first, with the time each was gathered in the store's zone.
import type { Shop } from "@prisma/client";
import prisma from "../db.server";
import { formatInstant } from "../formatting/time";

export async function dataRequestsView(shop: Pick<Shop, "id" | "timezone">) {
  const reports = await prisma.complianceReport.findMany({ where: { shopId: shop.id }, orderBy: { createdAt: "desc" }, take: 50 });
  return {
    reports: reports.map((report) => ({
      id: report.id,
      customerId: report.shopifyCustomerId,
      dataRequestId: report.dataRequestId,
      gatheredAt: formatInstant(report.createdAt, shop.timezone),
      json: JSON.stringify(report.report, null, 2),
    })),
  };
}
