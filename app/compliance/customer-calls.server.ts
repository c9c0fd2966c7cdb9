// One customer's call records and messages, for customers/data_request (a
// report the merchant hands on) and customers/redact (calls anonymised,
// messages erased). A call is the
// customer's when its caller or callee is the customer's phone number, or
// when what was said or noted on it (transcript, summary, message, metadata)
// names the customer: their email, their phone number in any written form
// (found with libphonenumber's findNumbers), or one of the orders the
// webhook lists (orders_requested, orders_to_redact).
import { Prisma, type CallSession } from "@prisma/client";
import { findNumbers } from "libphonenumber-js";
import prisma from "../db.server";
import { normalizeEmail, toE164 } from "../receptionist/tools/verification";
import { deleteCallRecord } from "../receptionist/vapi-resources.server";
import { customerMessages, eraseCustomerMessages } from "../messages/messages.server";

export interface CustomerIdentity {
  id: number;
  email?: string | null;
  phone?: string | null;
}

const TEXT_FIELDS = ["transcript", "summary", "messageTaken"] as const;

function callText(call: CallSession): string {
  return [...TEXT_FIELDS.map((field) => call[field] ?? ""), call.metadata ? JSON.stringify(call.metadata) : ""].join("\n");
}

/**
 * Cheap SQL candidates: the phone columns, or text fields that contain the email,
 * the phone's last four digits or an order id. `namesCustomer` decides.
 */
function candidatesWhere(shopId: string, phone: string | null, email: string | null, orderIds: readonly number[]): Prisma.CallSessionWhereInput | null {
  const fragments = [...(email ? [email] : []), ...(phone ? [phone.slice(-4)] : []), ...orderIds.map(String)];
  const said = (fragment: string): Prisma.CallSessionWhereInput[] =>
    TEXT_FIELDS.map((field) => ({ [field]: { contains: fragment, mode: "insensitive" as const } }));
  const matches: Prisma.CallSessionWhereInput[] = [...(phone ? [{ callerNumber: phone }, { calleeNumber: phone }] : []), ...fragments.flatMap(said)];
  return matches.length > 0 ? { shopId, OR: matches } : null;
}

/** Whether the call names the customer (pure): see the file's header. */
export function namesCustomer(call: CallSession, phone: string | null, email: string | null, orderIds: readonly number[]): boolean {
  if (phone && (call.callerNumber === phone || call.calleeNumber === phone)) return true;
  const text = callText(call);
  if (email && text.toLowerCase().includes(email)) return true;
  // Whole numbers only: order 1001 is not in order 21001.
  if (orderIds.some((orderId) => new RegExp(`(^|\\D)${orderId}(\\D|$)`).test(text))) return true;
  return phone !== null && findNumbers(text, { defaultCountry: "US", v2: true }).some((found) => found.number.number === phone);
}

async function findCustomerCalls(shopId: string, customer: CustomerIdentity, orderIds: readonly number[]): Promise<CallSession[]> {
  const phone = toE164(customer.phone);
  const email = normalizeEmail(customer.email);
  const where = candidatesWhere(shopId, phone, email, orderIds);
  if (!where) return [];
  const candidates = await prisma.callSession.findMany({ where, orderBy: { createdAt: "asc" } });
  return candidates.filter((call) => namesCustomer(call, phone, email, orderIds));
}

/** Everything stored about the customer's calls and the messages they left, as plain JSON. */
export async function customerDataReport(shopId: string, customer: CustomerIdentity, orderIds: readonly number[] = []) {
  const calls = await findCustomerCalls(shopId, customer, orderIds);
  const messages = await customerMessages(
    shopId,
    calls.map((call) => call.id),
    toE164(customer.phone),
    normalizeEmail(customer.email),
  );
  return {
    customer: { id: customer.id, email: customer.email ?? null, phone: customer.phone ?? null },
    matchedBy: "phone number (caller or callee), or the email, the phone number or one of the requested orders in what was said or noted",
    calls: calls.map((call) => ({
      vapiCallId: call.vapiCallId,
      direction: call.direction,
      callerNumber: call.callerNumber,
      calleeNumber: call.calleeNumber,
      startedAt: call.startedAt?.toISOString() ?? null,
      endedAt: call.endedAt?.toISOString() ?? null,
      durationSec: call.durationSec,
      disposition: call.disposition,
      summary: call.summary,
      transcript: call.transcript,
      recordingUrl: call.recordingUrl,
      messageTaken: call.messageTaken,
    })),
    messages: messages.map((message) => ({
      callerName: message.callerName,
      callbackNumber: message.callbackNumber,
      reason: message.reason,
      orderNumber: message.orderNumber,
      status: message.status,
      createdAt: message.createdAt.toISOString(),
    })),
  };
}

/**
 * Anonymises the customer's calls: the customer's number, what was said and
 * the recording go; the call's time, length, outcome and cost stay for the
 * merchant's statistics. The calls are first deleted at Vapi, which holds
 * its own copy of the recording and transcript: if that fails, the job fails
 * with the rows untouched, so its retry still finds them.
 */
export async function redactCustomerCalls(shopId: string, customer: CustomerIdentity, orderIds: readonly number[] = []): Promise<number> {
  const calls = await findCustomerCalls(shopId, customer, orderIds);
  const ids = calls.map((call) => call.id);
  const phone = toE164(customer.phone);
  // Messages are erased, not anonymised: a message is nothing but what the caller said.
  await eraseCustomerMessages(shopId, ids, phone, normalizeEmail(customer.email));
  if (calls.length === 0) return 0;
  for (const call of calls) await deleteCallRecord(call.vapiCallId, { shopId });
  await prisma.$transaction([
    prisma.callSession.updateMany({
      where: { id: { in: ids } },
      data: { transcript: null, summary: null, recordingUrl: null, messageTaken: null, metadata: Prisma.DbNull },
    }),
    ...(phone
      ? [
          prisma.callSession.updateMany({ where: { id: { in: ids }, callerNumber: phone }, data: { callerNumber: null } }),
          prisma.callSession.updateMany({ where: { id: { in: ids }, calleeNumber: phone }, data: { calleeNumber: null } }),
        ]
      : []),
  ]);
  return calls.length;
}
