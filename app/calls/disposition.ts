// Vapi's call statuses and ended reasons, turned into what a merchant reads
// (pure).
import { ownEntry } from "../own-entry";

/** How far along a call is; a status never moves back to a lower rank. */
const STATUS_RANK: Record<string, number> = {
  scheduled: 0,
  queued: 1,
  ringing: 2,
  "in-progress": 3,
  forwarding: 4,
  ended: 5,
};

export function statusRank(status: string): number {
  return ownEntry(STATUS_RANK, status) ?? -1;
}

/** The statuses a call in `status` may still move from (strictly lower rank). */
export function statusesBefore(status: string): string[] {
  const rank = statusRank(status);
  return Object.keys(STATUS_RANK).filter((candidate) => STATUS_RANK[candidate] < rank);
}

export type Disposition = "completed" | "no-answer" | "busy" | "voicemail" | "transferred" | "canceled" | "failed";

export const DISPOSITIONS: readonly Disposition[] = ["completed", "no-answer", "busy", "voicemail", "transferred", "canceled", "failed"];

const BY_REASON: Record<string, Disposition> = {
  "customer-did-not-answer": "no-answer",
  "customer-busy": "busy",
  voicemail: "voicemail",
  "assistant-forwarded-call": "transferred",
  "manually-canceled": "canceled",
  "scheduled-call-deleted": "canceled",
};

/** The merchant-facing outcome of a call from Vapi's endedReason. */
export function dispositionOf(endedReason: string | null | undefined): Disposition {
  if (!endedReason) return "failed";
  const known = ownEntry(BY_REASON, endedReason);
  if (known) return known;
  if (endedReason.includes("forward") || endedReason.includes("transfer")) return "transferred";
  // call.start.error-*, pipeline-error-*, *-fault, twilio-failed-*, ...
  if (/error|fault|failed|unavailable|misconfigured/.test(endedReason)) return "failed";
  // customer-ended-call, assistant-ended-call, silence-timed-out, exceeded-max-duration, ...
  return "completed";
}

/** Vapi ends any call after 12 hours at most (maxDurationSeconds). */
const MAX_CALL_MS = 12 * 60 * 60 * 1000;

/** Whole seconds between two instants; null when either is missing, they are out of order, or too far apart. */
export function durationSeconds(startedAt: string | Date | null | undefined, endedAt: string | Date | null | undefined): number | null {
  if (!startedAt || !endedAt) return null;
  const ms = new Date(endedAt).getTime() - new Date(startedAt).getTime();
  // Longer than any call can last: the timestamps are wrong (and the int4 column could not hold it).
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_CALL_MS ? Math.round(ms / 1000) : null;
}
