// Wrong verification answers (an email or postal code that does not match
// the order), stored in Postgres so the cap holds for every app instance and
// across calls: a redial or a second server does not reset it. Counted per
// shop and order number, per shop and caller number, and per call (a call
// trying many orders, its caller ID withheld, is capped too) over a sliding
// window.
//
// A factor is counted before it is tested (beginVerificationAttempt): its
// row is written first, pending, and the lookup goes on only if the wrong
// answers and the pending factors, this one included, are within the cap.
// Guesses sent together (the parallel tool calls of one message, deliveries
// arriving at once, on any instance) are therefore never all tested: each
// sees the rows of those before it, and waits its turn when they fill the
// cap. A factor found wrong stays as a failure; one not tested (no such
// order, nothing Shopify lets the app check) or found right is withdrawn.
// The row is keyed by the tool call: Vapi's redelivery of one tool call
// counts once.
import { randomUUID } from "node:crypto";
import { hotPathPool } from "../../db-pool.server";

export const MAX_FAILED_VERIFICATIONS = 5;
export const VERIFICATION_WINDOW_MS = 24 * 60 * 60 * 1000;

/** What a lookup is about: the order number asked for and the number calling (either may be unknown). */
export interface VerificationSubject {
  orderNumber: string | null;
  callerNumber: string | null;
  /** The call asking: its wrong answers count together, whatever orders they were for. */
  callId?: string | null;
}

/** A factor being tested, counted already. */
export interface VerificationAttempt {
  shopId: string;
  subject: VerificationSubject;
  /** The row this delivery wrote; null when an earlier delivery of the same tool call wrote it (it is that delivery's to settle). */
  rowId: string | null;
  /**
   * "locked": the cap of wrong answers is used up, the factor must not be
   * tested; "busy": other factors for the order or caller are being tested
   * and fill the cap, still after waiting; "counted": it may be tested.
   */
  state: "counted" | "locked" | "busy";
}

const since = (now: Date) => new Date(now.getTime() - VERIFICATION_WINDOW_MS);

/** A factor pending for longer than this was left by a process that died while testing it: it counts as wrong. */
const PENDING_MS = 60_000;
/** How long a factor waits for its turn while others for the same order or caller are being tested (a caller is on the line). */
const TURN_WAIT_MS = 3_000;

// The counts in one statement through node-postgres (every order lookup
// asks, before anything else: issue 17). Each key uses its own index. The
// instants are passed as UTC, the way Prisma stores DateTime columns.
const COUNTS_SQL = `
  SELECT count(*) FILTER (WHERE "orderNumber" = $2::text AND NOT live_pending)::int AS "wrongByOrder",
         count(*) FILTER (WHERE "callerNumber" = $3::text AND NOT live_pending)::int AS "wrongByCaller",
         count(*) FILTER (WHERE "orderNumber" = $2::text)::int AS "allByOrder",
         count(*) FILTER (WHERE "callerNumber" = $3::text)::int AS "allByCaller",
         count(*) FILTER (WHERE "vapiCallId" = $6::text AND NOT live_pending)::int AS "wrongByCall",
         count(*) FILTER (WHERE "vapiCallId" = $6::text)::int AS "allByCall"
  FROM (
    SELECT "orderNumber", "callerNumber", "vapiCallId", (pending AND "failedAt" > ($5::timestamptz AT TIME ZONE 'UTC')) AS live_pending
    FROM "VerificationFailure"
    WHERE "shopId" = $1::text AND "failedAt" > ($4::timestamptz AT TIME ZONE 'UTC')
      AND ("orderNumber" = $2::text OR "callerNumber" = $3::text OR "vapiCallId" = $6::text)
  ) AS counted`;

const BEGIN_ATTEMPT_SQL = `
  INSERT INTO "VerificationFailure" (id, "shopId", "orderNumber", "callerNumber", "vapiCallId", "toolCallId", pending, "failedAt")
  VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, true, $7::timestamptz AT TIME ZONE 'UTC')
  ON CONFLICT ("shopId", "vapiCallId", "toolCallId") DO NOTHING
  RETURNING id`;

interface Counts {
  /** Wrong answers (and factors left pending by a crash). */
  wrong: number;
  /** Wrong answers and factors being tested. */
  all: number;
}

async function counts(shopId: string, subject: VerificationSubject, now: Date): Promise<Counts> {
  const { rows } = await hotPathPool().query<{
    wrongByOrder: number;
    wrongByCaller: number;
    wrongByCall: number;
    allByOrder: number;
    allByCaller: number;
    allByCall: number;
  }>({
    name: "verification-counts", // prepared once per connection
    text: COUNTS_SQL,
    values: [
      shopId,
      subject.orderNumber,
      subject.callerNumber,
      since(now).toISOString(),
      new Date(now.getTime() - PENDING_MS).toISOString(),
      subject.callId ?? null,
    ],
  });
  const [row] = rows;
  return {
    wrong: Math.max(row.wrongByOrder, row.wrongByCaller, row.wrongByCall),
    all: Math.max(row.allByOrder, row.allByCaller, row.allByCall),
  };
}

/** Whether the order, the caller or the call has used up its wrong answers in the window. */
export async function isVerificationLocked(shopId: string, subject: VerificationSubject, now = new Date()): Promise<boolean> {
  if (subject.orderNumber === null && subject.callerNumber === null && !subject.callId) return false;
  return (await counts(shopId, subject, now)).wrong >= MAX_FAILED_VERIFICATIONS;
}

/** Counts a factor for `subject` before it is tested (see above), waiting up to TURN_WAIT_MS for its turn. */
export async function beginVerificationAttempt(
  shopId: string,
  subject: VerificationSubject,
  { callId, toolCallId }: { callId: string; toolCallId: string },
  clock: () => Date = () => new Date(),
): Promise<VerificationAttempt> {
  const deadline = clock().getTime() + TURN_WAIT_MS;
  for (;;) {
    const now = clock();
    const { rows } = await hotPathPool().query<{ id: string }>({
      name: "verification-begin-attempt",
      text: BEGIN_ATTEMPT_SQL,
      values: [randomUUID(), shopId, subject.orderNumber, subject.callerNumber, callId, toolCallId, now.toISOString()],
    });
    const attempt: VerificationAttempt = { shopId, subject, rowId: rows[0]?.id ?? null, state: "counted" };
    const counted = await counts(shopId, subject, now);
    if (counted.wrong >= MAX_FAILED_VERIFICATIONS) return { ...attempt, state: "locked" };
    if (counted.all <= MAX_FAILED_VERIFICATIONS) return attempt;
    // Others fill the cap while they are tested: step aside, and try again once some have settled.
    await withdrawVerificationAttempt(attempt);
    if (clock().getTime() >= deadline) return { ...attempt, rowId: null, state: "busy" };
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 150));
  }
}

/** The factor was wrong: it stays counted, as a failure. */
export async function keepVerificationFailure(attempt: VerificationAttempt): Promise<void> {
  if (attempt.rowId === null) return;
  await hotPathPool().query({
    name: "verification-keep-failure",
    text: `UPDATE "VerificationFailure" SET pending = false WHERE id = $1::text AND "shopId" = $2::text`,
    values: [attempt.rowId, attempt.shopId],
  });
}

/** The factor was not tested, or was right: it is not a wrong answer. */
export async function withdrawVerificationAttempt(attempt: VerificationAttempt): Promise<void> {
  if (attempt.rowId === null) return;
  await hotPathPool().query({
    name: "verification-withdraw-attempt",
    text: `DELETE FROM "VerificationFailure" WHERE id = $1::text AND "shopId" = $2::text`,
    values: [attempt.rowId, attempt.shopId],
  });
}
