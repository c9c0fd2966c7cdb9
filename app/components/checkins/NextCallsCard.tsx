import { BlockStack, Box, Card, DataTable, Text, useBreakpoints } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { DateTime } from "luxon";
import type { ScheduleView } from "../../checkins/checkins-view.server";

const inBrowserZone = (iso: string) => DateTime.fromISO(iso).toFormat("ccc, LLL d, yyyy, h:mm a ZZZZ");

/** The schedule's next calls in its own zone, and in the browser's (computed after hydration, so both renders match). */
export function NextCallsCard({
  calls,
  timezone,
  active,
  receptionistActive,
}: {
  calls: ScheduleView["nextCalls"];
  timezone: string;
  active: boolean;
  receptionistActive: boolean;
}) {
  const [browser, setBrowser] = useState<{ zone: string; times: string[] } | null>(null);
  const { smDown } = useBreakpoints();
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
        {active && !receptionistActive && (
          <Text as="p" tone="critical">
            None of these calls can be placed until the AI receptionist is live: each fails when its time comes.
          </Text>
        )}
        {smDown ? (
          // A phone: one block per call instead of a table scrolled sideways.
          <BlockStack gap="200" as="ul">
            {calls.map((call, index) => (
              <Box as="li" key={call.iso} paddingBlockEnd="200" borderBlockEndWidth="025" borderColor="border">
                <BlockStack gap="050">
                  <Text as="span" fontWeight="semibold">
                    {call.scheduleTime} ({timezone})
                  </Text>
                  {browser && (
                    <Text as="span" tone="subdued">
                      Your time: {browser.times[index]}
                    </Text>
                  )}
                  <Text as="span">{call.label}</Text>
                </BlockStack>
              </Box>
            ))}
          </BlockStack>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "text"]}
            headings={[`Schedule time (${timezone})`, `Your time${browser ? ` (${browser.zone})` : ""}`, "What happens"]}
            rows={calls.map((call, index) => [call.scheduleTime, browser?.times[index] ?? "…", call.label])}
          />
        )}
      </BlockStack>
    </Card>
  );
}
