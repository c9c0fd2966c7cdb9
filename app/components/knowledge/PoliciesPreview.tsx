import { BlockStack, Box, Card, Text } from "@shopify/polaris";
import type { StoreInfoView } from "../../knowledge/store-info-view.server";

/** The policies as the receptionist reads them (from Shopify, at the last refresh). */
export function PoliciesPreview({ view }: { view: Pick<StoreInfoView, "policies" | "shipsTo" | "policiesFetched"> }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Policies from Shopify
        </Text>
        <Text as="p" tone="subdued">
          {view.policiesFetched
            ? `Read from Shopify ${view.policiesFetched}. Edit them in Shopify under Settings > Policies, then refresh.`
            : "Not read from Shopify yet: refresh, or they are read at the first call that needs them."}
        </Text>
        <Text as="p">{view.shipsTo.length ? `Ships to: ${view.shipsTo.join(", ")}` : "No shipping countries known."}</Text>
        {view.policies.length === 0 && <Text as="p">No policies published.</Text>}
        {view.policies.map((policy) => (
          <Box key={policy.type}>
            <Text as="h3" variant="headingSm">
              {policy.title}
            </Text>
            <Text as="p">{policy.excerpt}</Text>
          </Box>
        ))}
      </BlockStack>
    </Card>
  );
}
