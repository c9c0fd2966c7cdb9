// Vapi's call statuses and ended reasons, turned into what a merchant reads
// (pure).

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
  return STATUS_RANK[status] ?? -1;
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
  const known = BY_REASON[endedReason];
  if (known) return known;
  if (endedReason.includes("forward") || endedReason.includes("transfer")) return "transferred";
  // call.start.error-*, pipeline-error-*, *-fault, twilio-failed-*, ...
  if (/error|fault|failed|unavailable|misconfigured/.test(endedReason)) return "failed";
  // customer-ended-call, assistant-ended-call, silence-timed-out, exceeded-max-duration, ...
  return "completed";
}

/** Whole seconds between two ISO instants; null when either is missing or they are out of order. */
export function durationSeconds(startedAt: string | null | undefined, endedAt: string | null | undefined): number | null {
  if (!startedAt || !endedAt) return null;
  const ms = Date.parse(endedAt) - Date.parse(startedAt);
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms / 1000) : null;
}
