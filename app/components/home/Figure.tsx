import { BlockStack, Text } from "@shopify/polaris";

/** A labelled figure in a grid. */
export function Figure({ label, value, tone, testId }: { label: string; value: string | number; tone?: "critical" | "success" | "caution"; testId?: string }) {
  return (
    <BlockStack gap="100">
      <Text as="span" tone="subdued" variant="bodySm">
        {label}
      </Text>
      <Text as="span" variant="headingLg" tone={tone}>
        <span data-testid={testId}>{value}</span>
      </Text>
    </BlockStack>
  );
}
