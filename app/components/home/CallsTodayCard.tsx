import { BlockStack, Button, Card, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import type { HomeView } from "../../dashboard/home-view.server";
import { CallOutcomeBadge } from "../calls/CallOutcomeBadge";
import { PhoneNumberText } from "../format/PhoneNumberText";
import { Figure } from "./Figure";

export function CallsTodayCard({ calls, receptionist }: { calls: HomeView["calls"]; receptionist: HomeView["receptionist"] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Customer calls today
          </Text>
          <Button variant="plain" url="/app/calls">
            View calls
          </Button>
        </InlineStack>
        {calls.count === 0 ? (
          <BlockStack gap="200">
            <Text as="p" tone="subdued">
              No customer calls today.
            </Text>
            <Text as="p">
              {receptionist.phoneNumber ? (
                <>
                  Share <PhoneNumberText phone={receptionist.phoneNumber} /> with your customers (on your contact page, in order emails): the receptionist
                  answers every call.
                </>
              ) : (
                "Set up the AI receptionist to get a phone number your customers can call."
              )}
            </Text>
          </BlockStack>
        ) : (
          <BlockStack gap="300">
            <InlineGrid columns={2} gap="400">
              <Figure label="Calls" value={calls.count} testId="calls-today-count" />
              <Figure label="Average duration" value={calls.averageDuration ?? "—"} testId="calls-today-average" />
            </InlineGrid>
            <BlockStack gap="100">
              <Text as="span" tone="subdued" variant="bodySm">
                Outcomes
              </Text>
              <InlineStack gap="200" wrap>
                {calls.dispositions.map(({ disposition, count }) => (
                  <InlineStack key={disposition} gap="100" blockAlign="center">
                    <CallOutcomeBadge disposition={disposition === "in-progress" ? null : disposition} status="in-progress" />
                    <Text as="span" fontWeight="semibold">
                      {count}
                    </Text>
                  </InlineStack>
                ))}
              </InlineStack>
            </BlockStack>
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
