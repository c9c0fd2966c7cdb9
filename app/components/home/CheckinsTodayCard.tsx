import { BlockStack, Button, Card, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import type { HomeView } from "../../dashboard/home-view.server";
import { Figure } from "./Figure";

export function CheckinsTodayCard({ checkins, hasSchedule }: { checkins: HomeView["checkins"]; hasSchedule: boolean }) {
  const count = (status: string) => checkins.counts.find((entry) => entry.status === status)?.count ?? 0;
  // Queued jobs are still to be placed: shown as scheduled, as the merchant sees no difference.
  const figures = [
    { label: "Scheduled", value: count("queued") + count("scheduled") },
    { label: "Started", value: count("started") },
    {
      label: "Completed",
      value: count("completed"),
      tone: count("completed") > 0 ? ("success" as const) : undefined,
    },
    {
      label: "Failed",
      value: count("failed"),
      tone: count("failed") > 0 ? ("critical" as const) : undefined,
    },
    {
      label: "Missed",
      value: count("missed"),
      tone: count("missed") > 0 ? ("caution" as const) : undefined,
    },
    { label: "Canceled", value: count("canceled") },
  ];
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Check-in calls today
          </Text>
          <Button variant="plain" url="/app/checkins">
            {hasSchedule ? "View check-ins" : "Set up"}
          </Button>
        </InlineStack>
        {checkins.total === 0 ? (
          <BlockStack gap="200">
            <Text as="p" tone="subdued">
              {hasSchedule ? "No check-in call is scheduled for today." : "No check-in calls yet."}
            </Text>
            <Text as="p">
              {hasSchedule
                ? "Calls on your schedule's days show up here with how they went."
                : "Schedule a daily or weekly call to your own number, and your AI receptionist will check in with you."}
            </Text>
            {!hasSchedule && (
              <InlineStack>
                <Button url="/app/checkins">Create a check-in schedule</Button>
              </InlineStack>
            )}
          </BlockStack>
        ) : (
          <InlineGrid columns={3} gap="400">
            {figures.map((figure) => (
              <Figure key={figure.label} {...figure} testId={`checkins-today-${figure.label.toLowerCase()}`} />
            ))}
          </InlineGrid>
        )}
      </BlockStack>
    </Card>
  );
}
