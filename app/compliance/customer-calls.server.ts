// One customer's call records, for customers/data_request (a report the
// merchant hands on) and customers/redact (anonymised). A call is the
// customer's when its caller or callee is the customer's phone number, or
// when the customer's email was said on it (transcript, summary, message):
// the app stores no other customer identifier.
import { Prisma, type CallSession } from "@prisma/client";
import prisma from "../db.server";
import { normalizeEmail, toE164 } from "../receptionist/tools/verification";
import { deleteCallRecord } from "../receptionist/vapi-resources.server";

export interface CustomerIdentity {
  id: number;
  email?: string | null;
  phone?: string | null;
}

function customerCallsWhere(shopId: string, customer: CustomerIdentity): Prisma.CallSessionWhereInput | null {
  const phone = toE164(customer.phone);
  const email = normalizeEmail(customer.email);
  const said = (field: "transcript" | "summary" | "messageTaken") => ({ [field]: { contains: email, mode: "insensitive" as const } });
  const matches: Prisma.CallSessionWhereInput[] = [
    ...(phone ? [{ callerNumber: phone }, { calleeNumber: phone }] : []),
    ...(email ? [said("transcript"), said("summary"), said("messageTaken")] : []),
  ];
  return matches.length > 0 ? { shopId, OR: matches } : null;
}

function findCustomerCalls(shopId: string, customer: CustomerIdentity): Promise<CallSession[]> {
  const where = customerCallsWhere(shopId, customer);
  return where ? prisma.callSession.findMany({ where, orderBy: { createdAt: "asc" } }) : Promise.resolve([]);
}

/** Everything stored about the customer's calls, as plain JSON. */
export async function customerDataReport(shopId: string, customer: CustomerIdentity) {
  const calls = await findCustomerCalls(shopId, customer);
  return {
    customer: { id: customer.id, email: customer.email ?? null, phone: customer.phone ?? null },
    matchedBy: "phone number (caller or callee) or email said during the call",
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
  };
}

/**
 * Anonymises the customer's calls: the customer's number, what was said and
 * the recording go; the call's time, length, outcome and cost stay for the
 * merchant's statistics. The calls are first deleted at Vapi, which holds
 * its own copy of the recording and transcript: if that fails, the job fails
 * with the rows untouched, so its retry still finds them.
 */
export async function redactCustomerCalls(shopId: string, customer: CustomerIdentity): Promise<number> {
  const calls = await findCustomerCalls(shopId, customer);
  if (calls.length === 0) return 0;
  const ids = calls.map((call) => call.id);
  const phone = toE164(customer.phone);
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
