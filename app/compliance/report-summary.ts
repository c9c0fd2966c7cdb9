// A data-request report as a merchant reads it before sending it on (pure):
// how many calls the app stores about the customer, of which kind, when,
// and what each holds (summary, transcript, recording, a message), in the
// store's zone and the store's phone format. The JSON itself is what the
// merchant downloads and sends; this only says what is in it.
import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { countOf, label } from "../formatting/labels";
import { formatPhone } from "../formatting/phone";
import { formatDuration, formatInstant } from "../formatting/time";

// The shape customerDataReport (customer-calls.server.ts) stores.
const StoredCall = z.object({
  direction: z.string(),
  callerNumber: z.string().nullable(),
  calleeNumber: z.string().nullable(),
  startedAt: z.string().nullable(),
  durationSec: z.number().nullable(),
  disposition: z.string().nullable(),
  summary: z.string().nullable(),
  transcript: z.string().nullable(),
  recordingUrl: z.string().nullable(),
  messageTaken: z.string().nullable(),
});
const StoredReport = z.object({
  customer: z.object({ id: z.number(), email: z.string().nullable(), phone: z.string().nullable() }),
  calls: z.array(StoredCall),
});

const CONTENTS = [
  ["summary", "summary", "summaries"],
  ["transcript", "transcript", "transcripts"],
  ["recordingUrl", "recording", "recordings"],
  ["messageTaken", "message", "messages"],
] as const;

export interface ReportSummary {
  email: string | null;
  phone: ReturnType<typeof formatPhone>;
  /** "2 calls: 1 customer call, 1 check-in call", or that nothing is stored. */
  headline: string;
  /** "2 summaries, 1 transcript, 1 recording", or null when the calls hold none. */
  contents: string | null;
  calls: Array<{ time: string; kind: string; outcome: string; duration: string; holds: string }>;
}

/** null when the stored JSON is not a report this app wrote (the download still gives it whole). */
export function summarizeReport(stored: unknown, zone: string, country: CountryCode): ReportSummary | null {
  const parsed = StoredReport.safeParse(stored);
  if (!parsed.success) return null;
  const { customer, calls } = parsed.data;
  const byKind = new Map<string, number>();
  for (const call of calls) byKind.set(call.direction, (byKind.get(call.direction) ?? 0) + 1);
  const kinds = [...byKind].map(([direction, count]) => countOf(count, label("direction", direction).toLowerCase()));
  const contents = CONTENTS.map(([field, singular, plural]) => ({ count: calls.filter((call) => call[field]).length, singular, plural }))
    .filter(({ count }) => count > 0)
    .map(({ count, singular, plural }) => countOf(count, singular, plural));
  return {
    email: customer.email,
    phone: formatPhone(customer.phone, country),
    headline: calls.length === 0 ? "No calls: the app stores nothing else about this customer." : `${countOf(calls.length, "call")}: ${kinds.join(", ")}`,
    contents: contents.length > 0 ? contents.join(", ") : null,
    calls: calls.map((call) => ({
      time: call.startedAt ? formatInstant(call.startedAt, zone) : "Time not recorded",
      kind: label("direction", call.direction),
      outcome: call.disposition ? label("disposition", call.disposition) : "No outcome recorded",
      duration: formatDuration(call.durationSec),
      holds: CONTENTS.filter(([field]) => call[field])
        .map(([, singular]) => singular)
        .join(", "),
    })),
  };
}
