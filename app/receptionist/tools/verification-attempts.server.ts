// Wrong verification answers (an email or postal code that does not match
// the order), stored in Postgres so the cap holds for every app instance and
// across calls: a redial or a second server does not reset it. Counted per
// shop and order number and per shop and caller number over a sliding window.
import prisma from "../../db.server";

export const MAX_FAILED_VERIFICATIONS = 5;
export const VERIFICATION_WINDOW_MS = 24 * 60 * 60 * 1000;

/** What a lookup is about: the order number asked for and the number calling (either may be unknown). */
export interface VerificationSubject {
  orderNumber: string | null;
  callerNumber: string | null;
}

const since = (now: Date) => new Date(now.getTime() - VERIFICATION_WINDOW_MS);

/** Whether the order or the caller has used up its wrong answers in the window. */
export async function isVerificationLocked(shopId: string, subject: VerificationSubject, now = new Date()): Promise<boolean> {
  const counts = await Promise.all(
    (["orderNumber", "callerNumber"] as const)
      .filter((key) => subject[key] !== null)
      .map((key) => prisma.verificationFailure.count({ where: { shopId, [key]: subject[key], failedAt: { gt: since(now) } } })),
  );
  return counts.some((count) => count >= MAX_FAILED_VERIFICATIONS);
}

/** Records one wrong answer; true when it locks the order or the caller. */
export async function recordVerificationFailure(shopId: string, subject: VerificationSubject, callId: string, now = new Date()): Promise<boolean> {
  await prisma.verificationFailure.create({ data: { shopId, ...subject, vapiCallId: callId, failedAt: now } });
  return isVerificationLocked(shopId, subject, now);
}
