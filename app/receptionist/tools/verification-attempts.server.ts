// Wrong verification answers (an email or postal code that does not match
// the order), stored in Postgres so the cap holds for every app instance and
// across calls: a redial or a second server does not reset it. Counted per
// shop and order number and per shop and caller number over a sliding window.
import prisma from "../../db.server";
import { hotPathPool } from "../../db-pool.server";

export const MAX_FAILED_VERIFICATIONS = 5;
export const VERIFICATION_WINDOW_MS = 24 * 60 * 60 * 1000;

/** What a lookup is about: the order number asked for and the number calling (either may be unknown). */
export interface VerificationSubject {
  orderNumber: string | null;
  callerNumber: string | null;
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

/** Whether the order or the caller has used up its wrong answers in the window. */
export async function isVerificationLocked(shopId: string, subject: VerificationSubject, now = new Date()): Promise<boolean> {
  if (subject.orderNumber === null && subject.callerNumber === null) return false;
  const { rows } = await hotPathPool().query<{ byOrder: number; byCaller: number }>({
    name: "verification-lock-counts", // prepared once per connection
    text: LOCK_COUNTS_SQL,
    values: [shopId, subject.orderNumber, subject.callerNumber, since(now).toISOString()],
  });
  return rows[0].byOrder >= MAX_FAILED_VERIFICATIONS || rows[0].byCaller >= MAX_FAILED_VERIFICATIONS;
}

/** Records one wrong answer; true when it locks the order or the caller. */
export async function recordVerificationFailure(shopId: string, subject: VerificationSubject, callId: string, now = new Date()): Promise<boolean> {
  await prisma.verificationFailure.create({ data: { shopId, ...subject, vapiCallId: callId, failedAt: now } });
  return isVerificationLocked(shopId, subject, now);
}
