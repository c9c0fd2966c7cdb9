// One customer's call records and messages, for customers/data_request (a
// report the merchant hands on) and customers/redact (calls anonymised,
// messages erased). A call is the
// customer's when its caller or callee is the customer's phone number, when
// order_lookup verified the caller as the customer or for one of the orders
// the webhook lists (orders_requested, orders_to_redact), or when what was
// said or noted on it (transcript, summary, message, metadata) names the
// customer: their email, their phone number in any written form (found with
// libphonenumber's findNumbers), or one of those orders (by its id, or by its
// number, as callers say it: "#1001" is 1001). The same text test
// finds the check-in briefings and notes that repeat what they said (a
// briefing reads the messages taken aloud), and the wrong verification
// answers given from their number are theirs too.
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

/** What a redacted check-in briefing says instead. */
const REDACTED_BRIEFING = "Removed: it repeated what a customer said, and that customer asked for their data to be erased.";

function callText(call: CallSession): string {
  return [...TEXT_FIELDS.map((field) => call[field] ?? ""), call.metadata ? JSON.stringify(call.metadata) : ""].join("\n");
}

/** What identifies the customer in what the app stores. */
interface Identity {
  customerGid: string;
  phone: string | null;
  email: string | null;
  orderGids: string[];
  /** The orders as text may name them: their ids, and their names without the "#". */
  orderReferences: string[];
}

/** The orders the webhook lists: their ids, and their names when the shop's Admin API gave them. */
export interface CustomerOrders {
  ids: readonly number[];
  names: readonly string[];
}

const NO_ORDERS: CustomerOrders = { ids: [], names: [] };

function identityOf(customer: CustomerIdentity, orders: CustomerOrders): Identity {
  const names = orders.names.map((name) => name.trim().replace(/^#/, "")).filter((name) => name.length > 0);
  return {
    customerGid: `gid://shopify/Customer/${customer.id}`,
    phone: toE164(customer.phone),
    email: normalizeEmail(customer.email),
    orderGids: orders.ids.map((orderId) => `gid://shopify/Order/${orderId}`),
    orderReferences: [...new Set([...orders.ids.map(String), ...names])],
  };
}

/** Cheap SQL fragments for text that may name the customer (the email, the phone's last four digits, an order); `namesInText` decides. */
function textFragments({ phone, email, orderReferences }: Identity): string[] {
  return [...(email ? [email] : []), ...(phone ? [phone.slice(-4)] : []), ...orderReferences];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Cheap SQL candidates: the verified-caller columns, the phone columns, or text
 * fields that contain the email, the phone's last four digits or an order id.
 * `namesCustomer` decides.
 */
function candidatesWhere(shopId: string, identity: Identity): Prisma.CallSessionWhereInput {
  const said = (fragment: string): Prisma.CallSessionWhereInput[] =>
    TEXT_FIELDS.map((field) => ({ [field]: { contains: fragment, mode: "insensitive" as const } }));
  const { phone } = identity;
  const matches: Prisma.CallSessionWhereInput[] = [
    { verifiedCustomerId: identity.customerGid },
    ...(identity.orderGids.length > 0 ? [{ verifiedOrderId: { in: identity.orderGids } }] : []),
    ...(phone ? [{ callerNumber: phone }, { calleeNumber: phone }] : []),
    ...textFragments(identity).flatMap(said),
  ];
  return { shopId, OR: matches };
}

/** Whether a text names the customer (pure): their email, their phone number in any written form, or one of the orders. */
function namesInText(text: string, { phone, email, orderReferences }: Identity): boolean {
  if (email && text.toLowerCase().includes(email)) return true;
  // Whole numbers only: order 1001 is not in order 21001.
  if (orderReferences.some((reference) => new RegExp(`(^|\\D)${escapeRegExp(reference)}(\\D|$)`, "i").test(text))) return true;
  return phone !== null && findNumbers(text, { defaultCountry: "US", v2: true }).some((found) => found.number.number === phone);
}

/** Whether the call is the customer's (pure): see the file's header. */
function namesCustomer(call: CallSession, identity: Identity): boolean {
  const { phone } = identity;
  if (phone && (call.callerNumber === phone || call.calleeNumber === phone)) return true;
  if (call.verifiedCustomerId === identity.customerGid) return true;
  if (call.verifiedOrderId && identity.orderGids.includes(call.verifiedOrderId)) return true;
  return namesInText(callText(call), identity);
}

async function findCustomerCalls(shopId: string, identity: Identity): Promise<CallSession[]> {
  const candidates = await prisma.callSession.findMany({ where: candidatesWhere(shopId, identity), orderBy: { createdAt: "asc" } });
  return candidates.filter((call) => namesCustomer(call, identity));
}

/** The check-in briefings and notes (of the shop's jobs) whose text names the customer. */
async function findCheckinTexts(shopId: string, identity: Identity) {
  const fragments = textFragments(identity);
  if (fragments.length === 0) return { briefings: [], notes: [] };
  const [jobs, notes] = await Promise.all([
    prisma.callJob.findMany({
      where: { shopId, OR: fragments.map((fragment) => ({ briefing: { contains: fragment, mode: "insensitive" as const } })) },
      select: { id: true, localDate: true, briefing: true },
    }),
    prisma.callJobNote.findMany({
      where: { shopId, OR: fragments.map((fragment) => ({ text: { contains: fragment, mode: "insensitive" as const } })) },
      select: { id: true, callJobId: true, text: true, createdAt: true },
    }),
  ]);
  const names = (text: string | null) => text !== null && namesInText(text, identity);
  return { briefings: jobs.filter((job) => names(job.briefing)), notes: notes.filter((note) => names(note.text)) };
}

/** The wrong verification answers given from the customer's number. */
function verificationFailuresWhere(shopId: string, { phone }: Identity): Prisma.VerificationFailureWhereInput | null {
  return phone ? { shopId, callerNumber: phone } : null;
}

/** Everything stored about the customer's calls and the messages they left, as plain JSON. */
export async function customerDataReport(shopId: string, customer: CustomerIdentity, orders: CustomerOrders = NO_ORDERS) {
  const identity = identityOf(customer, orders);
  const calls = await findCustomerCalls(shopId, identity);
  const messages = await customerMessages(
    shopId,
    calls.map((call) => call.id),
    identity.phone,
    identity.email,
  );
  const checkins = await findCheckinTexts(shopId, identity);
  const failuresWhere = verificationFailuresWhere(shopId, identity);
  const failures = failuresWhere ? await prisma.verificationFailure.findMany({ where: failuresWhere, orderBy: { failedAt: "asc" } }) : [];
  return {
    customer: { id: customer.id, email: customer.email ?? null, phone: customer.phone ?? null },
    matchedBy:
      "phone number (caller or callee), verified by order lookup as the customer or for a requested order, or the email, the phone number or one of the requested orders in what was said or noted",
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
      verifiedAs: call.verifiedCustomerName,
      verifiedOrder: call.verifiedOrderName,
    })),
    checkinBriefings: checkins.briefings.map((job) => ({ localDate: job.localDate, briefing: job.briefing })),
    checkinNotes: checkins.notes.map((note) => ({ text: note.text, createdAt: note.createdAt.toISOString() })),
    wrongVerificationAnswers: failures.map((failure) => ({ orderNumber: failure.orderNumber, at: failure.failedAt.toISOString() })),
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
export async function redactCustomerCalls(shopId: string, customer: CustomerIdentity, orders: CustomerOrders = NO_ORDERS): Promise<number> {
  const identity = identityOf(customer, orders);
  const calls = await findCustomerCalls(shopId, identity);
  const ids = calls.map((call) => call.id);
  const { phone } = identity;
  // Messages are erased, not anonymised: a message is nothing but what the caller said.
  await eraseCustomerMessages(shopId, ids, phone, identity.email);
  const checkins = await findCheckinTexts(shopId, identity);
  const failuresWhere = verificationFailuresWhere(shopId, identity);
  for (const call of calls) await deleteCallRecord(call.vapiCallId, { shopId });
  await prisma.$transaction([
    // A briefing repeated what the customer said (the messages it read out): it goes, saying why.
    prisma.callJob.updateMany({ where: { shopId, id: { in: checkins.briefings.map((job) => job.id) } }, data: { briefing: REDACTED_BRIEFING } }),
    prisma.callJobNote.deleteMany({ where: { shopId, id: { in: checkins.notes.map((note) => note.id) } } }),
    ...(failuresWhere ? [prisma.verificationFailure.deleteMany({ where: failuresWhere })] : []),
    prisma.callSession.updateMany({
      where: { id: { in: ids } },
      data: {
        transcript: null,
        summary: null,
        recordingUrl: null,
        messageTaken: null,
        metadata: Prisma.DbNull,
        verifiedCustomerId: null,
        verifiedCustomerName: null,
        verifiedOrderId: null,
        verifiedOrderName: null,
      },
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
