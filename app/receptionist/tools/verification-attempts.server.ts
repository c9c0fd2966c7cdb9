// Wrong verification answers (an email or postal code that does not match
// the order), stored in Postgres so the cap holds for every app instance and
// across calls: a redial or a second server does not reset it. Counted per
// shop and order number and per shop and caller number over a sliding window.
//
// A factor is counted before it is tested (beginVerificationAttempt): its
// row is written first, and the lookup goes on only if the counts, that row
// included, are within the cap. Guesses sent together (the parallel tool
// calls of one message, deliveries arriving at once, on any instance) are
// therefore never all tested: each sees the rows of those before it. A row
// whose factor was not tested (refused, no such order, nothing Shopify lets
// the app check) or was right is withdrawn; a wrong one stays. The row is
// keyed by the tool call, so Vapi's redelivery of one tool call counts once.
import { randomUUID } from "node:crypto";
import { hotPathPool } from "../../db-pool.server";

export const MAX_FAILED_VERIFICATIONS = 5;
export const VERIFICATION_WINDOW_MS = 24 * 60 * 60 * 1000;

/** What a lookup is about: the order number asked for and the number calling (either may be unknown). */
export interface VerificationSubject {
  orderNumber: string | null;
  callerNumber: string | null;
}

/** A factor being tested, counted already. */
export interface VerificationAttempt {
  shopId: string;
  subject: VerificationSubject;
  /** The row this delivery wrote; null when an earlier delivery of the same tool call wrote it (it is that delivery's to keep). */
  rowId: string | null;
  /** The cap was used up before this attempt: it must not be tested. */
  refused: boolean;
}

const since = (now: Date) => new Date(now.getTime() - VERIFICATION_WINDOW_MS);

// Both counts in one statement through node-postgres (every order lookup
// asks, before anything else: issue 17). Each count uses its own index. The
// window's start is passed as UTC, the way Prisma stores DateTime columns.
const LOCK_COUNTS_SQL = `
  SELECT count(*) FILTER (WHERE "orderNumber" = $2::text)::int AS "byOrder",
         count(*) FILTER (WHERE "callerNumber" = $3::text)::int AS "byCaller"
  FROM "VerificationFailure"
  WHERE "shopId" = $1::text AND "failedAt" > ($4::timestamptz AT TIME ZONE 'UTC')
    AND ("orderNumber" = $2::text OR "callerNumber" = $3::text)`;

const BEGIN_ATTEMPT_SQL = `
  INSERT INTO "VerificationFailure" (id, "shopId", "orderNumber", "callerNumber", "vapiCallId", "toolCallId", "failedAt")
  VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::timestamptz AT TIME ZONE 'UTC')
  ON CONFLICT ("shopId", "vapiCallId", "toolCallId") DO NOTHING
  RETURNING id`;

/** The most wrong answers counted for the order or the caller in the window. */
async function mostFailures(shopId: string, subject: VerificationSubject, now: Date): Promise<number> {
  const { rows } = await hotPathPool().query<{ byOrder: number; byCaller: number }>({
    name: "verification-lock-counts", // prepared once per connection
    text: LOCK_COUNTS_SQL,
    values: [shopId, subject.orderNumber, subject.callerNumber, since(now).toISOString()],
  });
  return Math.max(rows[0].byOrder, rows[0].byCaller);
}

/** Whether the order or the caller has used up its wrong answers in the window. */
export async function isVerificationLocked(shopId: string, subject: VerificationSubject, now = new Date()): Promise<boolean> {
  if (subject.orderNumber === null && subject.callerNumber === null) return false;
  return (await mostFailures(shopId, subject, now)) >= MAX_FAILED_VERIFICATIONS;
}

/** Counts a factor for `subject` before it is tested (see above); `refused` when the cap was already used up. */
export async function beginVerificationAttempt(
  shopId: string,
  subject: VerificationSubject,
  { callId, toolCallId }: { callId: string; toolCallId: string },
  now = new Date(),
): Promise<VerificationAttempt> {
  const { rows } = await hotPathPool().query<{ id: string }>({
    name: "verification-begin-attempt",
    text: BEGIN_ATTEMPT_SQL,
    values: [randomUUID(), shopId, subject.orderNumber, subject.callerNumber, callId, toolCallId, now.toISOString()],
  });
  // This attempt's row is among those counted: more than the cap means the cap was reached before it.
  const refused = (await mostFailures(shopId, subject, now)) > MAX_FAILED_VERIFICATIONS;
  return { shopId, subject, rowId: rows[0]?.id ?? null, refused };
}

/** The attempt's factor was not tested, or was right: it is not a wrong answer. */
export async function withdrawVerificationAttempt(attempt: VerificationAttempt): Promise<void> {
  if (attempt.rowId === null) return;
  await hotPathPool().query({
    name: "verification-withdraw-attempt",
    text: `DELETE FROM "VerificationFailure" WHERE id = $1::text AND "shopId" = $2::text`,
    values: [attempt.rowId, attempt.shopId],
  });
}
