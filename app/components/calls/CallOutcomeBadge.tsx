import { Badge } from "@shopify/polaris";
import { label } from "../../formatting/labels";

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
export function CallOutcomeBadge({ disposition, status }: { disposition: string | null; status: string }) {
  if (!disposition) return <Badge tone="attention">{label("callStatus", status)}</Badge>;
  return <Badge tone={TONES[disposition]}>{label("disposition", disposition)}</Badge>;
}
