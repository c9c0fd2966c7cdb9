import { Link } from "@remix-run/react";
import { BlockStack, Card, Text } from "@shopify/polaris";

/** Home's reminder that callers are waiting to hear back. */
export function NewMessagesCard({ count }: { count: number }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Messages
        </Text>
        <Text as="p" variant="headingLg" tone={count > 0 ? "critical" : undefined}>
          <span data-testid="new-messages-count">{count}</span> {count === 1 ? "new message" : "new messages"}
        </Text>
        <Link to={count > 0 ? "/app/messages?status=new" : "/app/messages"}>{count > 0 ? "Call them back" : "Open the inbox"}</Link>
      </BlockStack>
    </Card>
  );
}
