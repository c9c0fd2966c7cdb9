// The caller order_lookup verified on a call (an email or postal code that
// matched the order), with links to the customer and the order in the
// Shopify admin. They open in the admin itself, outside the app's frame.
import { Badge, BlockStack, Card, InlineStack, Link, Text } from "@shopify/polaris";

export interface VerifiedCaller {
  name: string | null;
  customerUrl: string | null;
  order: string | null;
  orderUrl: string | null;
}

export function VerifiedCallerCard({ caller }: { caller: VerifiedCaller }) {
  const name = caller.name ?? "The caller";
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {name}
          </Text>
          <Badge tone="success">Verified</Badge>
        </InlineStack>
        <Text as="p">
          {`${name} gave details that match ${caller.order ? `order ${caller.order}` : "their order"}, so the receptionist shared its status.`}
        </Text>
        <InlineStack gap="400">
          {caller.customerUrl && (
            <Link url={caller.customerUrl} target="_top">
              {caller.name ? `View ${caller.name} in Shopify` : "View the customer in Shopify"}
            </Link>
          )}
          {caller.orderUrl && (
            <Link url={caller.orderUrl} target="_top">
              {caller.order ? `View order ${caller.order} in Shopify` : "View the order in Shopify"}
            </Link>
          )}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
