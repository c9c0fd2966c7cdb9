// The hot path of Vapi webhook ingestion for inbound calls: a status update
// or an end-of-call report applied in ONE SQL statement (one round trip,
// through node-postgres), with the guarantees of the transactional path in
// call-records.server.ts:
// - exactly once: the delivery key is inserted by the same statement as the
//   effect (a statement is atomic), ON CONFLICT DO NOTHING makes a second
//   copy a no-op, even one arriving at the same instant;
// - never backwards: a status update moves the record only from a status of
//   lower rank (statusesBefore), in the upsert's own condition;
// - tenant check: the shop must still own the call's assistant or number
//   (OWNS_CALL_SQL), and a call id another shop holds is refused with
//   nothing written: the statement aborts itself (see ABORT below), which
//   rolls back the delivery key with it.
// Outbound calls (check-ins, whose job moves along with the record) and
// reports without an ended reason keep the transactional path.
import { randomUUID } from "node:crypto";
import type { Shop } from "@prisma/client";
import { hotPathPool } from "../db-pool.server";
import { OWNS_CALL_SQL } from "../vapi/call-owner.server";
import { recordingUrlOf, type CallOwnerIds, type EndOfCallReport, type StatusUpdate } from "../vapi/server-messages";
import { dispositionOf, durationSeconds, statusesBefore } from "./disposition";

export type IngestOutcome = "applied" | "duplicate" | "stale" | "foreign" | "not-owner" | "transactional";

// A statement cannot roll itself back, but it can fail: casting this marker
// plus a reason to int raises "invalid input syntax for type integer", which
// aborts the whole statement (delivery key included). CASE evaluates the
// cast only in the case it guards.
const ABORT = "vapi-ingest-abort:";

const toUtc = (value: unknown): string | null => (value ? new Date(value as string | Date).toISOString() : null);

/**
 * The statement around an upsert: its first part (ownership, delivery key)
 * and its verdict are the same for both message types. Named, so each
 * connection parses and plans it once (a prepared statement), not on every
 * message.
 */
function statement(name: string, upsert: string): { name: string; text: string } {
  return {
    name,
    text: `
    WITH owner AS (
      SELECT 1 WHERE NOT $4::boolean
      UNION ALL ${OWNS_CALL_SQL}
    ),
    delivery AS (
      INSERT INTO "WebhookDelivery" (id, source, "deliveryKey", topic, "shopDomain", "receivedAt")
      SELECT $5::text, 'vapi'::"WebhookSource", $6::text, $7::text, $8::text, now() AT TIME ZONE 'UTC' WHERE EXISTS (SELECT 1 FROM owner)
      ON CONFLICT (source, "deliveryKey") DO NOTHING
      RETURNING 1
    ),
    session AS (${upsert}),
    verdict AS (
      SELECT
        EXISTS (SELECT 1 FROM owner) AS owned,
        EXISTS (SELECT 1 FROM delivery) AS delivered,
        (SELECT inserted FROM session) AS inserted,
        (SELECT CASE WHEN "shopId" <> $1::text THEN 'foreign' WHEN direction <> 'inbound' THEN 'outbound' ELSE 'own' END
           FROM "CallSession" WHERE "vapiCallId" = $9::text) AS holder
    )
    SELECT owned, delivered, inserted, holder,
      CASE WHEN delivered AND inserted IS NULL AND holder IS DISTINCT FROM 'own'
        THEN ('${ABORT}' || coalesce(holder, 'race'))::int END AS aborted
    FROM verdict`,
  };
}

// $10 session id, $11 caller, $12 callee, $13 insert status, $14 statuses it may move from,
// $15 new status, $16 startedAt (in-progress only), $17 endedReason, $18 disposition (ended with a reason only).
const STATUS_UPDATE_SQL = statement(
  "vapi-ingest-status-update",
  `
  INSERT INTO "CallSession" AS c (id, "shopId", "vapiCallId", direction, status, "callerNumber", "calleeNumber", "startedAt", "endedReason", disposition, "createdAt", "updatedAt")
  SELECT $10::text, $1::text, $9::text, 'inbound'::"CallDirection", $13::text, $11::text, $12::text,
    CASE WHEN $13::text = $15::text THEN $16::timestamptz AT TIME ZONE 'UTC' END,
    CASE WHEN $13::text = $15::text THEN $17::text END,
    CASE WHEN $13::text = $15::text THEN $18::text END,
    now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
  FROM delivery
  ON CONFLICT ("vapiCallId") DO UPDATE SET
    status = $15::text,
    "startedAt" = coalesce($16::timestamptz AT TIME ZONE 'UTC', c."startedAt"),
    "endedReason" = coalesce($17::text, c."endedReason"),
    disposition = CASE WHEN $17::text IS NULL THEN c.disposition ELSE $18::text END,
    "updatedAt" = now() AT TIME ZONE 'UTC'
  WHERE c."shopId" = $1::text AND c.direction = 'inbound' AND c.status = ANY ($14::text[])
  RETURNING (xmax = 0) AS inserted`,
);

// $10 session id, $11 caller, $12 callee, $13 endedReason, $14 disposition, $15 startedAt, $16 endedAt,
// $17 durationSec, $18 cost, $19 summary, $20 transcript, $21 recordingUrl, $22 messageTaken.
const END_OF_CALL_REPORT_SQL = statement(
  "vapi-ingest-end-of-call-report",
  `
  INSERT INTO "CallSession" AS c (id, "shopId", "vapiCallId", direction, status, "callerNumber", "calleeNumber", "endedReason", disposition,
    "startedAt", "endedAt", "durationSec", cost, summary, transcript, "recordingUrl", "messageTaken", "createdAt", "updatedAt")
  SELECT $10::text, $1::text, $9::text, 'inbound'::"CallDirection", 'ended', $11::text, $12::text, $13::text, $14::text,
    $15::timestamptz AT TIME ZONE 'UTC', $16::timestamptz AT TIME ZONE 'UTC', $17::int, $18::numeric, $19::text, $20::text, $21::text, $22::text,
    now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
  FROM delivery
  ON CONFLICT ("vapiCallId") DO UPDATE SET
    status = 'ended', "endedReason" = $13::text, disposition = $14::text,
    "startedAt" = coalesce($15::timestamptz AT TIME ZONE 'UTC', c."startedAt"), "endedAt" = $16::timestamptz AT TIME ZONE 'UTC',
    "durationSec" = $17::int, cost = $18::numeric, summary = $19::text, transcript = $20::text, "recordingUrl" = $21::text,
    "messageTaken" = $22::text, "updatedAt" = now() AT TIME ZONE 'UTC',
    -- A report that does not name a party keeps the number an earlier message stored.
    "callerNumber" = coalesce($11::text, c."callerNumber"), "calleeNumber" = coalesce($12::text, c."calleeNumber")
  WHERE c."shopId" = $1::text AND c.direction = 'inbound'
  RETURNING (xmax = 0) AS inserted`,
);

interface Verdict {
  owned: boolean;
  delivered: boolean;
  inserted: boolean | null;
  holder: string | null;
}

/** The parameters every message shares ($1-$9). */
function common(shop: Pick<Shop, "id" | "domain">, owner: CallOwnerIds | null, key: string, topic: string, callId: string) {
  return [shop.id, owner?.assistantId ?? null, owner?.phoneNumberId ?? null, owner !== null, randomUUID(), key, topic, shop.domain, callId];
}

async function run(statement: { name: string; text: string }, params: unknown[]): Promise<Verdict | "foreign" | "transactional"> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { rows } = await hotPathPool().query<Verdict>({ ...statement, values: params });
      return rows[0];
    } catch (error) {
      const reason = error instanceof Error && error.message.includes(ABORT) ? error.message.split(ABORT)[1] : null;
      if (reason?.startsWith("foreign")) return "foreign";
      if (reason?.startsWith("outbound")) return "transactional";
      // "race": the record was created by a concurrent first delivery after this
      // statement's snapshot; run again, it is visible now.
      if (!reason?.startsWith("race") || attempt >= 3) throw error;
    }
  }
}

function outcomeOf(verdict: Verdict, moves: boolean): IngestOutcome {
  if (!verdict.owned) return "not-owner";
  if (!verdict.delivered) return "duplicate";
  if (verdict.inserted === null) return "stale";
  return verdict.inserted && !moves ? "stale" : "applied";
}

export interface Parties {
  callerNumber: string | null;
  calleeNumber: string | null;
}

/**
 * Applies an inbound call's status update; `owner` is what the call was
 * resolved by (null: no ownership check, e.g. reconciliation).
 */
export async function ingestStatusUpdate(
  shop: Pick<Shop, "id" | "domain">,
  owner: CallOwnerIds | null,
  key: string,
  message: StatusUpdate,
  parties: Parties,
): Promise<IngestOutcome> {
  const before = statusesBefore(message.status);
  // A new record starts "queued" and moves on only if the status ranks above it.
  const moves = before.includes("queued");
  const ended = message.status === "ended" && message.endedReason;
  const verdict = await run(STATUS_UPDATE_SQL, [
    ...common(shop, owner, key, message.type, message.call.id),
    randomUUID(),
    parties.callerNumber,
    parties.calleeNumber,
    moves ? message.status : "queued",
    before,
    message.status,
    message.status === "in-progress" ? (toUtc(message.call.startedAt) ?? new Date().toISOString()) : null,
    ended ? message.endedReason : null,
    ended ? dispositionOf(message.endedReason) : null,
  ]);
  return typeof verdict === "string" ? verdict : outcomeOf(verdict, moves);
}

/** Applies an inbound call's end-of-call report (one with an ended reason: the record is completed from the report alone). */
export async function ingestEndOfCallReport(
  shop: Pick<Shop, "id" | "domain">,
  owner: CallOwnerIds | null,
  key: string,
  message: EndOfCallReport & { endedReason: string },
  parties: Parties,
  messageTaken: string | null,
): Promise<IngestOutcome> {
  const startedAt = message.startedAt ?? message.call.startedAt;
  const endedAt = message.endedAt ?? message.call.endedAt;
  const verdict = await run(END_OF_CALL_REPORT_SQL, [
    ...common(shop, owner, key, message.type, message.call.id),
    randomUUID(),
    parties.callerNumber,
    parties.calleeNumber,
    message.endedReason,
    dispositionOf(message.endedReason),
    toUtc(startedAt),
    toUtc(endedAt),
    durationSeconds(startedAt, endedAt),
    message.cost ?? null,
    message.analysis?.summary ?? null,
    message.artifact?.transcript ?? null,
    recordingUrlOf(message),
    messageTaken,
  ]);
  return typeof verdict === "string" ? verdict : outcomeOf(verdict, true);
}
