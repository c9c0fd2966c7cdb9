import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { DateTime } from "luxon";
import type { ScheduleView } from "../../checkins/checkins-view.server";

const inBrowserZone = (iso: string) => DateTime.fromISO(iso).toFormat("ccc, LLL d, yyyy, h:mm a ZZZZ");

/** The schedule's next calls in its own zone, and in the browser's (computed after hydration, so both renders match). */
export function NextCallsCard({ calls, timezone, active }: { calls: ScheduleView["nextCalls"]; timezone: string; active: boolean }) {
  const [browser, setBrowser] = useState<{ zone: string; times: string[] } | null>(null);
  useEffect(() => {
    setBrowser({ zone: Intl.DateTimeFormat().resolvedOptions().timeZone, times: calls.map((call) => inBrowserZone(call.iso)) });
  }, [calls]);

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Next calls
        </Text>
        {!active && (
          <Text as="p" tone="subdued">
            Calls are paused: these are the times they would be placed once turned on.
          </Text>
        )}
        <DataTable
          columnContentTypes={["text", "text", "text"]}
          headings={[`Schedule time (${timezone})`, `Your time${browser ? ` (${browser.zone})` : ""}`, "What happens"]}
          rows={calls.map((call, index) => [call.scheduleTime, browser?.times[index] ?? "…", call.label])}
        />
      </BlockStack>
    </Card>
  );
}
