// The calls pages' view models: call records as merchants read them (times
// in the store's zone with the zone named, numbers in the store's national
// format, enums as labels).
import type { CallSession, Shop } from "@prisma/client";
import { z } from "zod";
import { adminUrl } from "../formatting/admin-links";
import { label } from "../formatting/labels";
import { formatPhone, storeCountry } from "../formatting/phone";
import { formatDuration, formatInstant } from "../formatting/time";
import { getCall, listCalls, type CallFilters } from "./call-queries.server";

type CallsShop = Pick<Shop, "id" | "domain" | "timezone" | "phoneNumber">;

/** The list shows one truncated line of a summary: more than this never reaches the browser (a summary can be 20,000 characters). */
export const SUMMARY_PREVIEW_CHARS = 160;

/**
 * The start of a summary for the list: whole code points (never half a
 * surrogate pair), cut at a word boundary when one is near, with an ellipsis.
 */
export function summaryPreview(summary: string | null, limit = SUMMARY_PREVIEW_CHARS): string | null {
  if (summary === null) return null;
  const points = Array.from(summary.trim());
  if (points.length <= limit) return points.join("");
  const head = points.slice(0, limit).join("");
  const space = head.lastIndexOf(" ");
  return `${(space >= limit * 0.75 ? head.slice(0, space) : head).trimEnd()}…`;
}

export async function callsListView(shop: CallsShop, filters: CallFilters) {
  const country = storeCountry(shop);
  const { calls, total, page, pages } = await listCalls(shop.id, shop.timezone, filters);
  return {
    filters,
    total,
    page,
    pages,
    receptionistNumber: formatPhone(shop.phoneNumber, country),
    calls: calls.map((call) => ({
      id: call.id,
      direction: label("direction", call.direction),
      party: formatPhone(call.direction === "inbound" ? call.callerNumber : call.calleeNumber, country),
      // Named only once order_lookup verified the caller (caller ID alone never names anyone).
      partyName: call.verifiedCustomerName,
      time: formatInstant(call.startedAt ?? call.createdAt, shop.timezone),
      duration: formatDuration(call.durationSec),
      disposition: call.disposition,
      status: call.status,
      summary: summaryPreview(call.summary),
    })),
  };
}

// Call ids are cuids: anything else (NUL bytes, a path, 10 kB of text) is "no such call" without a query.
const CallIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

/** One call of this shop as its page shows it; null when the shop has no such call. */
export async function callDetailView(shop: CallsShop, id: string) {
  const parsedId = CallIdSchema.safeParse(id);
  if (!parsedId.success) return null;
  const call = await getCall(shop.id, parsedId.data);
  if (!call) return null;
  const country = storeCountry(shop);
  return {
    direction: label("direction", call.direction),
    verifiedCaller: verifiedCaller(shop, call),
    callerNumber: formatPhone(call.callerNumber, country),
    calleeNumber: formatPhone(call.calleeNumber, country),
    time: formatInstant(call.startedAt ?? call.createdAt, shop.timezone),
    duration: formatDuration(call.durationSec),
    disposition: call.disposition,
    status: call.status,
    endedReason: call.endedReason ? { label: label("endedReason", call.endedReason), code: call.endedReason } : null,
    cost: call.cost === null ? null : Number(call.cost).toFixed(2),
    summary: call.summary,
    messageTaken: call.messageTaken,
    // Order lookups refused for the rest of the window after repeated wrong email or postal code answers.
    verificationLockedAt: call.verificationLockedAt ? formatInstant(call.verificationLockedAt, shop.timezone) : null,
    transcript: call.transcript,
    recordingUrl: call.recordingUrl,
  };
}

/** The customer order_lookup verified on the call, with links to them and the order in the Shopify admin; null when nobody was verified. */
function verifiedCaller(shop: CallsShop, call: Pick<CallSession, "verifiedCustomerId" | "verifiedCustomerName" | "verifiedOrderId" | "verifiedOrderName">) {
  if (!call.verifiedOrderId && !call.verifiedCustomerId) return null;
  return {
    name: call.verifiedCustomerName,
    customerUrl: adminUrl(shop.domain, call.verifiedCustomerId),
    order: call.verifiedOrderName,
    orderUrl: adminUrl(shop.domain, call.verifiedOrderId),
  };
}
