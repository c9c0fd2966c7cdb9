import { Badge, BlockStack, Button, Card, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import type { HomeView } from "../../dashboard/home-view.server";
import { PhoneNumberText } from "../format/PhoneNumberText";

// While a setup runs the card follows it: no second "Set up" button.
const ACTION_LABELS = {
  active: "Manage receptionist",
  provisioning: "View setup progress",
  failed: "Finish setting up",
  not_provisioned: "Set up AI receptionist",
} as const;

export function ReceptionistCard({ receptionist }: { receptionist: HomeView["receptionist"] }) {
  const badge = {
    active: <Badge tone="success">Active</Badge>,
    provisioning: <Badge tone="attention">Setting up</Badge>,
    failed: <Badge tone="critical">Setup failed</Badge>,
    not_provisioned: <Badge>Not set up</Badge>,
  }[receptionist.status];
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            AI receptionist
          </Text>
          {badge}
        </InlineStack>
        {receptionist.phoneNumber ? (
          <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
            <BlockStack gap="100">
              <Text as="p" tone="subdued">
                Phone number
              </Text>
              <Text as="p" variant="headingLg" fontWeight="semibold">
                <PhoneNumberText phone={receptionist.phoneNumber} testId="home-receptionist-number" />
              </Text>
            </BlockStack>
            <BlockStack gap="100">
              <Text as="p" tone="subdued">
                Last customer call
              </Text>
              <Text as="p" variant="headingLg" fontWeight="semibold">
                {receptionist.lastCall ?? "None yet"}
              </Text>
            </BlockStack>
          </InlineGrid>
        ) : (
          <Text as="p">
            {
              {
                failed: `Setting up the receptionist did not finish${receptionist.lastErrorMessage ? `: ${receptionist.lastErrorMessage}` : "."} Try again from its page.`,
                provisioning: "Your receptionist is being set up: its assistant, then its phone number. This usually takes under a minute.",
                active: "",
                not_provisioned: "Give your store a phone number answered by an AI receptionist that knows your products and orders.",
              }[receptionist.status]
            }
          </Text>
        )}
        <InlineStack gap="200">
          <Button url="/app/receptionist" variant={receptionist.status === "not_provisioned" || receptionist.status === "failed" ? "primary" : undefined}>
            {ACTION_LABELS[receptionist.status]}
          </Button>
          {receptionist.lastCall && <Button url="/app/calls">View calls</Button>}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
