// What merchants read for the app's enums (pure): call directions, outcomes,
// live call statuses, Vapi's ended reasons, check-in job states and cadences, from one
// table. A value the table does not know (Vapi adds ended reasons often) gets
// a readable fallback instead of the raw slug.
import { dispositionOf } from "../calls/disposition";
import { ownEntry } from "../own-entry";

export type LabelKind = "direction" | "disposition" | "callStatus" | "endedReason" | "jobStatus" | "cadence" | "privacyTopic" | "privacyStatus";

const LABELS: Record<LabelKind, Record<string, string>> = {
  direction: {
    inbound: "Customer call",
    outbound: "Check-in call",
  },
  disposition: {
    completed: "Completed",
    "no-answer": "No answer",
    busy: "Line busy",
    voicemail: "Voicemail",
    transferred: "Transferred",
    canceled: "Canceled",
    failed: "Failed",
  },
  callStatus: {
    scheduled: "Scheduled",
    queued: "Queued",
    ringing: "Ringing",
    "in-progress": "In progress",
    forwarding: "Forwarding",
    ended: "Ended",
  },
  endedReason: {
    "customer-ended-call": "The caller hung up",
    "assistant-ended-call": "The receptionist ended the call",
    "assistant-said-end-call-phrase": "The receptionist ended the call",
    "silence-timed-out": "Nobody spoke for too long",
    "exceeded-max-duration": "The call reached its time limit",
    "customer-did-not-answer": "Nobody answered",
    "customer-busy": "The line was busy",
    voicemail: "Reached voicemail",
    "assistant-forwarded-call": "Forwarded to your number",
    "manually-canceled": "Canceled",
    "scheduled-call-deleted": "Canceled",
  },
  jobStatus: {
    queued: "Waiting",
    scheduled: "Scheduled",
    started: "Calling",
    completed: "Completed",
    failed: "Failed",
    canceled: "Canceled",
    missed: "Missed",
  },
  cadence: {
    daily: "Every day",
    weekdays: "Weekdays",
    weekends: "Weekends",
    custom: "Custom days",
  },
  // Shopify's privacy webhooks (ComplianceRequest.topic) and how far the app got with each.
  privacyTopic: {
    "customers/data_request": "Customer data request",
    "customers/redact": "Customer erasure",
    "shop/redact": "Store erasure",
  },
  privacyStatus: {
    pending: "In progress",
    completed: "Completed",
    failed: "Failed: needs attention",
  },
};

/** "1 call", "3 calls", "0 messages": a count with its noun. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** "no-answer" -> "No answer", "call.start.error-x" -> "Call start error x", "orders/redact" -> "Orders redact". */
function sentenceFromSlug(value: string): string {
  const words = value
    .replace(/[._/-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : "Unknown";
}

/** The merchant-facing label of an enum value; unknown values read as a sentence. */
export function label(kind: LabelKind, value: string): string {
  const known = ownEntry(LABELS[kind], value);
  if (known) return known;
  // Vapi's hundreds of failure reasons (pipeline-error-*, call.in-progress.error-*) name vendors and internals.
  if (kind === "endedReason" && dispositionOf(value) === "failed") return "A technical problem ended the call";
  if (kind === "endedReason" && dispositionOf(value) === "transferred") return "Forwarded to another number";
  return sentenceFromSlug(value);
}

/** The options of a filter over the known values of one kind, in table order. */
export function labelOptions(kind: LabelKind, values: readonly string[]): Array<{ label: string; value: string }> {
  return values.map((value) => ({ label: label(kind, value), value }));
}
