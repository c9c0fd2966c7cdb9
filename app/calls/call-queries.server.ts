// Reading call records for the calls page: always scoped to one shop,
// filtered by direction, disposition and local date range, newest first.
import { z } from "zod";
import prisma from "../db.server";
import { PageParamSchema } from "../http/page-param";
import { callWhere } from "../dashboard/figures.server";
import { DISPOSITIONS } from "./disposition";

export const PAGE_SIZE = 20;

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

/** Filters from the page's URL; anything malformed is ignored, not an error page. */
export const CallFiltersSchema = z.object({
  direction: z.enum(["inbound", "outbound"]).optional().catch(undefined),
  disposition: z.enum(DISPOSITIONS).optional().catch(undefined),
  from: localDate,
  to: localDate,
  page: PageParamSchema,
});

export type CallFilters = z.infer<typeof CallFiltersSchema>;

export function parseCallFilters(searchParams: URLSearchParams): CallFilters {
  return CallFiltersSchema.parse(Object.fromEntries(searchParams));
}

export async function listCalls(shopId: string, timezone: string, filters: CallFilters) {
  // The same filter the dashboard counts with (one query module for every figure).
  const where = callWhere(shopId, timezone, filters);
  const [calls, total] = await Promise.all([
    prisma.callSession.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (filters.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        direction: true,
        callerNumber: true,
        calleeNumber: true,
        createdAt: true,
        startedAt: true,
        durationSec: true,
        disposition: true,
        status: true,
        summary: true,
        verifiedCustomerName: true,
      },
    }),
    prisma.callSession.count({ where }),
  ]);
  return { calls, total, page: filters.page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

/** One call of this shop, or null (another shop's id finds nothing). */
export function getCall(shopId: string, id: string) {
  return prisma.callSession.findFirst({ where: { id, shopId } });
}
