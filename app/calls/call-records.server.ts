// Call records from Vapi's status updates and end-of-call reports, inbound
// and outbound alike. Each delivery is applied at most once (a unique
// delivery key, inserted in the same transaction as its effect, so even two
// copies arriving at the same instant apply once), and a call's status never
// moves backwards (a late "in-progress" after the report changes nothing).
// Every read and write is keyed by the shop as well as the call id: a call id
// another shop already holds is refused and logged, never merged.
import { randomUUID } from "node:crypto";
import { Prisma, type CallSession, type Shop } from "@prisma/client";
import prisma from "../db.server";
import { hotPathPool } from "../db-pool.server";
import { logger } from "../observability/logger.server";
import { applyOutboundCallEvent, type OutboundCallEvent } from "../checkins/job-control.server";
import { recordingUrlOf, type CallOwnerIds, type EndOfCallReport, type StatusUpdate, type VapiCall } from "../vapi/server-messages";
import { stillOwnsCall } from "../vapi/call-owner.server";
import { ingestEndOfCallReport, ingestStatusUpdate, type IngestOutcome } from "./call-ingest.server";
import { dispositionOf, durationSeconds, statusesBefore, type Disposition } from "./disposition";

/**
 * "foreign": the call id belongs to another shop's record; "not-owner": the
 * shop no longer owns the call's assistant or number. Nothing was written.
 */
export type RecordOutcome = "applied" | "duplicate" | "stale" | "foreign" | "not-owner";

type Tx = Prisma.TransactionClient;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * The deduplication key of a delivery: the same message twice has the same
 * key. It starts with the shop, so another shop's message with the same call
 * id can never pass for (and so suppress) this shop's.
 */
export function deliveryKey(shop: Pick<Shop, "id">, message: StatusUpdate | EndOfCallReport): string {
  const call = `${shop.id}:${message.call.id}`;
  return message.type === "status-update" ? `${call}:status-update:${message.status}` : `${call}:end-of-call-report`;
}

/** Thrown inside a delivery's transaction, so its delivery key is rolled back with it. */
class ForeignCallError extends Error {}

function direction(call: VapiCall): "inbound" | "outbound" {
  return call.type === "outboundPhoneCall" ? "outbound" : "inbound";
}

/** Who called whom: the customer is the caller of an inbound call and the callee of an outbound one. */
function parties(shop: Shop, message: StatusUpdate | EndOfCallReport) {
  const customer = message.call.customer?.number ?? message.customer?.number ?? null;
  const shopNumber = message.phoneNumber?.number ?? shop.phoneNumber;
  return direction(message.call) === "inbound" ? { callerNumber: customer, calleeNumber: shopNumber } : { callerNumber: shopNumber, calleeNumber: customer };
}

/**
 * Runs `apply` once per delivery key. A concurrent first delivery of another
 * message for the same call can make the row's creation collide: the whole
 * transaction is then retried, and sees the row.
 */
async function once(shop: Shop, key: string, topic: string, apply: (tx: Tx) => Promise<RecordOutcome>): Promise<RecordOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(async (tx) => {
        await tx.webhookDelivery.create({ data: { source: "vapi", deliveryKey: key, topic, shopDomain: shop.domain } });
        return apply(tx);
      });
    } catch (error) {
      if (error instanceof ForeignCallError) {
        logger.warn(`Vapi ${topic} refused: its call id belongs to another shop's call record`, { shop: shop.domain, callId: error.message });
        return "foreign";
      }
      if (!isUniqueViolation(error)) throw error;
      const delivered = await prisma.webhookDelivery.findUnique({ where: { source_deliveryKey: { source: "vapi", deliveryKey: key } } });
      if (delivered) return "duplicate";
      if (attempt >= 3) throw error;
    }
  }
}

async function createOrGet(tx: Tx, shop: Shop, message: StatusUpdate | EndOfCallReport): Promise<CallSession> {
  // vapiCallId is unique across shops, so a lookup by shop alone would miss
  // (and then collide with) another shop's row: read it, and refuse it.
  const existing = await tx.callSession.findUnique({ where: { vapiCallId: message.call.id } });
  if (existing && existing.shopId !== shop.id) throw new ForeignCallError(message.call.id);
  if (existing) return existing;
  return tx.callSession.create({
    data: {
      shopId: shop.id,
      vapiCallId: message.call.id,
      direction: direction(message.call),
      status: "queued",
      ...parties(shop, message),
    },
  });
}

/**
 * Inbound calls take the one-statement path (call-ingest.server.ts); a call
 * that turns out to be outbound, and outbound calls, take the transaction.
 */
function settled(outcome: IngestOutcome, shop: Shop, message: StatusUpdate | EndOfCallReport): RecordOutcome | null {
  if (outcome === "transactional") return null;
  if (outcome === "foreign")
    logger.warn(`Vapi ${message.type} refused: its call id belongs to another shop's call record`, { shop: shop.domain, callId: message.call.id });
  return outcome;
}

/** `owner`: the ids the webhook resolved the shop by, re-checked as the message is stored (null: not a webhook). */
export async function recordStatusUpdate(shop: Shop, message: StatusUpdate, owner: CallOwnerIds | null = null): Promise<RecordOutcome> {
  if (direction(message.call) === "inbound") {
    const outcome = settled(await ingestStatusUpdate(shop, owner, deliveryKey(shop, message), message, parties(shop, message)), shop, message);
    if (outcome) return outcome;
  }
  if (owner && !(await stillOwnsCall(shop.id, owner))) return "not-owner";
  return once(shop, deliveryKey(shop, message), message.type, async (tx) => {
    const session = await createOrGet(tx, shop, message);
    const ended = message.status === "ended";
    const { count } = await tx.callSession.updateMany({
      where: { id: session.id, shopId: shop.id, status: { in: statusesBefore(message.status) } },
      data: {
        status: message.status,
        ...(message.status === "in-progress" ? { startedAt: message.call.startedAt ?? new Date() } : {}),
        ...(ended && message.endedReason ? { endedReason: message.endedReason, disposition: dispositionOf(message.endedReason) } : {}),
      },
    });
    if (count === 0) return "stale";
    if (session.direction === "outbound" && (message.status === "in-progress" || (ended && message.endedReason))) {
      await followOutboundCall(
        tx,
        shop,
        session,
        message.call,
        message.status === "in-progress" ? { kind: "started" } : endedEvent(message.endedReason ?? null),
      );
    }
    return "applied";
  });
}

/** The end-of-call report is final: it completes the record whatever came before. */
export async function recordEndOfCallReport(shop: Shop, message: EndOfCallReport, owner: CallOwnerIds | null = null): Promise<RecordOutcome> {
  const { endedReason } = message;
  // A report that does not say when the call started gets its duration from the start an earlier status update
  // stored: the transactional path below reads the record first.
  const startKnown = Boolean(message.startedAt ?? message.call.startedAt);
  if (direction(message.call) === "inbound" && endedReason && startKnown) {
    const key = deliveryKey(shop, message);
    const ingested = await ingestEndOfCallReport(
      shop,
      owner,
      key,
      { ...message, endedReason },
      parties(shop, message),
      messageFromSummary(message.analysis?.summary),
    );
    const outcome = settled(ingested, shop, message);
    if (outcome) return outcome;
  }
  if (owner && !(await stillOwnsCall(shop.id, owner))) return "not-owner";
  return once(shop, deliveryKey(shop, message), message.type, async (tx) => {
    const session = await createOrGet(tx, shop, message);
    const startedAt = message.startedAt ?? message.call.startedAt ?? session.startedAt;
    const endedAt = message.endedAt ?? message.call.endedAt;
    const endedReason = message.endedReason ?? session.endedReason;
    const { callerNumber, calleeNumber } = parties(shop, message);
    await tx.callSession.updateMany({
      where: { id: session.id, shopId: shop.id },
      data: {
        status: "ended",
        endedReason,
        disposition: dispositionOf(endedReason),
        startedAt,
        endedAt: endedAt ?? null,
        durationSec: durationSeconds(startedAt, endedAt),
        cost: message.cost ?? null,
        summary: message.analysis?.summary ?? null,
        transcript: message.artifact?.transcript ?? null,
        recordingUrl: recordingUrlOf(message),
        messageTaken: messageFromSummary(message.analysis?.summary),
        // A report that does not name a party keeps the number an earlier message stored.
        callerNumber: callerNumber ?? session.callerNumber,
        calleeNumber: calleeNumber ?? session.calleeNumber,
      },
    });
    if (session.direction === "outbound") await followOutboundCall(tx, shop, session, message.call, endedEvent(endedReason ?? null));
    return "applied";
  });
}

function endedEvent(endedReason: string | null): { kind: "ended"; disposition: Disposition; endedReason: string | null } {
  return { kind: "ended", disposition: dispositionOf(endedReason), endedReason };
}

/** An outbound call is a check-in: move its job along and link the record to it. */
async function followOutboundCall(tx: Tx, shop: Shop, session: CallSession, call: VapiCall, event: OutboundCallEvent) {
  const metadataJobId = call.assistantOverrides?.metadata?.callJobId;
  const jobId = await applyOutboundCallEvent(tx, shop.id, session.vapiCallId, event, typeof metadataJobId === "string" ? metadataJobId : null);
  if (jobId && session.callJobId !== jobId) await tx.callSession.updateMany({ where: { id: session.id, shopId: shop.id }, data: { callJobId: jobId } });
}

/**
 * The message a caller left (outside opening hours, or for the team): the
 * assistant's summary ends with "Message: <name>; <number>; <reason>"
 * (assistant-config.ts analysisPlan).
 */
export function messageFromSummary(summary: string | null | undefined): string | null {
  const line = summary?.split("\n").find((candidate) => /^\s*message:/i.test(candidate));
  const message = line?.replace(/^\s*message:\s*/i, "").trim();
  return message ? message : null;
}

/**
 * Marks a call on which order lookups were refused for too many wrong
 * verification answers, so the merchant sees it. Tool calls can come before
 * any status update: the record is then created. Another shop's call id is
 * left alone.
 */
export async function flagVerificationLock(shop: Pick<Shop, "id">, callId: string, callerNumber: string | null, now = new Date()): Promise<void> {
  await noteOnCallRecord(shop, callId, callerNumber, { verificationLockedAt: now });
}

type CallNote = Partial<Pick<CallSession, "verificationLockedAt" | "verifiedCustomerId" | "verifiedCustomerName" | "verifiedOrderId" | "verifiedOrderName">>;

/** The columns a note may write, each as its SQL parameter (the timestamp passed as UTC, as Prisma stores it). */
const NOTE_COLUMNS: Record<keyof CallNote, (parameter: string) => string> = {
  verificationLockedAt: (parameter) => `(${parameter}::timestamptz AT TIME ZONE 'UTC')`,
  verifiedCustomerId: (parameter) => `${parameter}::text`,
  verifiedCustomerName: (parameter) => `${parameter}::text`,
  verifiedOrderId: (parameter) => `${parameter}::text`,
  verifiedOrderName: (parameter) => `${parameter}::text`,
};

/**
 * What a tool learnt during a call, written on its record (created if no
 * status update came yet; another shop's call id is left alone). One upsert
 * through node-postgres: order lookups write it while the caller waits.
 */
export async function noteOnCallRecord(shop: Pick<Shop, "id">, callId: string, callerNumber: string | null, data: CallNote): Promise<void> {
  const known = Object.keys(NOTE_COLUMNS) as Array<keyof CallNote>;
  const columns = known.filter((column) => data[column] !== undefined);
  if (columns.length === 0) return;
  const values = columns.map((column) => {
    const value = data[column];
    return value instanceof Date ? value.toISOString() : value;
  });
  const quoted = columns.map((column) => `"${column}"`);
  await hotPathPool().query({
    // Prepared once per connection and set of columns (named by their positions: PostgreSQL keeps 63 characters of a name).
    name: `call-note-${columns.map((column) => known.indexOf(column)).join("")}`,
    text: `
      INSERT INTO "CallSession" AS c (id, "shopId", "vapiCallId", direction, status, "callerNumber", ${quoted.join(", ")}, "createdAt", "updatedAt")
      VALUES ($1::text, $2::text, $3::text, 'inbound'::"CallDirection", 'queued', $4::text,
        ${columns.map((column, index) => NOTE_COLUMNS[column](`$${index + 5}`)).join(", ")}, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
      ON CONFLICT ("vapiCallId") DO UPDATE SET ${quoted.map((column) => `${column} = EXCLUDED.${column}`).join(", ")}, "updatedAt" = now() AT TIME ZONE 'UTC'
      WHERE c."shopId" = $2::text`,
    values: [randomUUID(), shop.id, callId, callerNumber, ...values],
  });
}
