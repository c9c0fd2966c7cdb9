import { Badge } from "@shopify/polaris";

const TONES: Record<string, "success" | "warning" | "critical" | "info" | undefined> = {
  completed: "success",
  transferred: "info",
  voicemail: "warning",
  "no-answer": "warning",
  busy: "warning",
  canceled: undefined,
  failed: "critical",
};

/** A call's outcome, or its live status while it is not over. */
export function DispositionBadge({ disposition, status }: { disposition: string | null; status: string }) {
  if (!disposition) return <Badge tone="attention">{status === "ended" ? "ended" : status}</Badge>;
  return <Badge tone={TONES[disposition]}>{disposition}</Badge>;
}
