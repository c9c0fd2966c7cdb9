// A data-request report after the worker gathered it: the merchant downloads
// it as JSON and marks it as sent to the customer. Every read and write is
// scoped to the shop, and marking as sent happens once (the first time is
// kept), so a double click or a second tab changes nothing.
import type { Shop } from "@prisma/client";
import { z } from "zod";
import prisma from "../db.server";

// Report ids are cuids: anything else is "no such report" without a query.
const ReportIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

export type MarkSentOutcome = "marked" | "already_sent" | "not_found";

export async function markReportSent(shopId: string, reportId: unknown, now = new Date()): Promise<MarkSentOutcome> {
  const id = ReportIdSchema.safeParse(reportId);
  if (!id.success) return "not_found";
  // Conditional on not sent yet: two requests at once mark it once.
  const { count } = await prisma.complianceReport.updateMany({ where: { id: id.data, shopId, sentAt: null }, data: { sentAt: now } });
  if (count > 0) return "marked";
  const exists = await prisma.complianceReport.count({ where: { id: id.data, shopId } });
  return exists > 0 ? "already_sent" : "not_found";
}

/** The report as a file to send on; null when the shop has no such report. */
export async function reportDownload(shop: Pick<Shop, "id" | "domain">, reportId: unknown): Promise<{ filename: string; body: string } | null> {
  const id = ReportIdSchema.safeParse(reportId);
  if (!id.success) return null;
  const report = await prisma.complianceReport.findFirst({ where: { id: id.data, shopId: shop.id } });
  if (!report) return null;
  const store = shop.domain.replace(/\.myshopify\.com$/, "");
  const day = report.createdAt.toISOString().slice(0, 10);
  return {
    // Only [a-z0-9.-] from the domain and digits from the customer id: safe inside the quoted filename.
    filename: `${store.replace(/[^a-z0-9-]/gi, "-")}-customer-${report.shopifyCustomerId.replace(/\D/g, "")}-data-${day}.json`,
    body: `${JSON.stringify(report.report, null, 2)}\n`,
  };
}
