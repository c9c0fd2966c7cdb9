import { Badge, BlockStack, Button, Card, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import type { HomeView } from "../../dashboard/home-view.server";
import { PhoneNumberText } from "../format/PhoneNumberText";

export function ReceptionistCard({ receptionist }: { receptionist: HomeView["receptionist"] }) {
  const active = receptionist.status === "active";
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
            {receptionist.status === "failed"
              ? `Setting up the receptionist did not finish${
                  receptionist.lastErrorMessage ? `: ${receptionist.lastErrorMessage}` : "."
                } Try again from its page.`
              : "Give your store a phone number answered by an AI receptionist that knows your products and orders."}
          </Text>
        )}
        <InlineStack gap="200">
          <Button url="/app/receptionist" variant={active ? undefined : "primary"}>
            {active ? "Manage receptionist" : receptionist.status === "failed" ? "Finish setting up" : "Set up AI receptionist"}
          </Button>
          {receptionist.lastCall && <Button url="/app/calls">View calls</Button>}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
