import { Badge, BlockStack, Box, Button, Card, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import type { HomeView } from "../../dashboard/home-view.server";
import { PhoneNumberText } from "../format/PhoneNumberText";
import { Figure } from "./Figure";

export function SchedulesCard({ schedules }: { schedules: HomeView["schedules"] }) {
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Check-in schedules
          </Text>
          <Button variant="plain" url="/app/checkins">
            Manage check-ins
          </Button>
        </InlineStack>
        {schedules.length === 0 ? (
          <BlockStack gap="200">
            <Text as="p" tone="subdued">
              No check-in schedule yet.
            </Text>
            <Text as="p">Choose a number, a time and the days to call; each call&apos;s outcome and any error will show here.</Text>
          </BlockStack>
        ) : (
          schedules.map((schedule, index) => (
            <BlockStack key={schedule.id} gap="300">
              {index > 0 && (
                <div
                  style={{
                    borderTop: "1px solid var(--p-color-border, #e3e3e3)",
                  }}
                />
              )}
              <InlineStack gap="200" blockAlign="center">
                <Text as="h3" variant="headingSm">
                  {schedule.title}
                </Text>
                {schedule.active !== null && <Badge tone={schedule.active ? "success" : undefined}>{schedule.active ? "On" : "Paused"}</Badge>}
              </InlineStack>
              {schedule.person && (
                <Text as="p" fontWeight="semibold">
                  For {schedule.person}
                </Text>
              )}
              <Text as="p" tone="subdued">
                {schedule.phone ? (
                  <>
                    Calls <PhoneNumberText phone={schedule.phone} /> · schedule&apos;s timezone: {schedule.scheduleZone}
                  </>
                ) : (
                  "Calls made before their schedule was deleted"
                )}
              </Text>
              <InlineGrid columns={{ xs: 2, md: 5 }} gap="400">
                <Figure label="All check-ins" value={schedule.total} />
                <Figure label="Success rate" value={schedule.successRate ?? "—"} />
                <Figure label="Completed" value={schedule.completed} />
                <Figure label="Failed" value={schedule.failed} tone={schedule.failed > 0 ? "critical" : undefined} />
                <Figure label="Missed" value={schedule.missed} tone={schedule.missed > 0 ? "caution" : undefined} />
              </InlineGrid>
              {schedule.lastError ? (
                <Box background="bg-surface-critical" padding="300" borderRadius="200">
                  <BlockStack gap="100">
                    <Text as="p" variant="bodySm" tone="subdued">
                      Last error · {schedule.lastError.at}
                    </Text>
                    <Text as="p">{schedule.lastError.message}</Text>
                  </BlockStack>
                </Box>
              ) : (
                <Text as="p" tone="subdued">
                  {schedule.total === 0 ? "No calls placed yet." : "No errors."}
                </Text>
              )}
            </BlockStack>
          ))
        )}
      </BlockStack>
    </Card>
  );
}
