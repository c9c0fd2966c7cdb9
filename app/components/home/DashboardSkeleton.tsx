import { BlockStack, Card, Layout, SkeletonBodyText, SkeletonDisplayText } from "@shopify/polaris";

function SkeletonCard({ lines = 3 }: { lines?: number }) {
  return (
    <Card>
      <BlockStack gap="400">
        <SkeletonDisplayText size="small" />
        <SkeletonBodyText lines={lines} />
      </BlockStack>
    </Card>
  );
}

export function DashboardSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the dashboard">
      <Layout>
        <Layout.Section>
          <SkeletonCard lines={2} />
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <SkeletonCard />
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <SkeletonCard />
        </Layout.Section>
        <Layout.Section>
          <SkeletonCard lines={6} />
        </Layout.Section>
        <Layout.Section>
          <SkeletonCard lines={4} />
        </Layout.Section>
      </Layout>
    </div>
  );
}
