// Privacy requests: every compliance webhook with its status (received,
// attempts, last error, completed), and the customers' data requests
// (customers/data_request): what the app stores about each requesting
// customer, gathered by the worker, for the merchant to send on. A later
// customers/redact deletes the report.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, EmptyState, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { dataRequestsView } from "../compliance/data-requests-view.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shop.server";
import { RouteErrorBoundary } from "../components/errors/RouteErrorBoundary";

export const meta: MetaFunction = () => [{ title: "Customer data requests · AI Receptionist" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  return json(await dataRequestsView(shop));
};

const TOPIC_LABELS: Record<string, string> = {
  "customers/data_request": "Data request",
  "customers/redact": "Customer erasure",
  "shop/redact": "Shop erasure",
};
const STATUS_LABELS = { pending: "In progress", completed: "Completed", failed: "Failed: needs attention" } as const;
const STATUS_TONES = { pending: "attention", completed: "success", failed: "critical" } as const;

export default function DataRequestsPage() {
  const { reports, requests } = useLoaderData<typeof loader>();
  return (
    <Page title="Customer data requests" backAction={{ content: "Home", url: "/app" }}>
      <TitleBar title="Customer data requests" />
      <Layout>
        {requests.length > 0 && (
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Privacy requests from Shopify
                </Text>
                <DataTable
                  columnContentTypes={["text", "text", "text", "numeric", "text", "text"]}
                  headings={["Request", "Received", "Status", "Attempts", "Completed", "Last error"]}
                  rows={requests.map((request) => [
                    `${TOPIC_LABELS[request.topic] ?? request.topic}${request.customerId ? ` (customer ${request.customerId})` : ""}`,
                    request.received,
                    <Badge key={request.id} tone={STATUS_TONES[request.status]}>
                      {STATUS_LABELS[request.status]}
                    </Badge>,
                    request.attempts,
                    request.completed ?? "",
                    request.lastError ?? "",
                  ])}
                />
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
        <Layout.Section>
          {reports.length === 0 ? (
            <Card>
              <EmptyState heading="No data requests" image="https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png">
                <p>When a customer asks for their data, what this app stores about them (their calls) appears here for you to send them.</p>
              </EmptyState>
            </Card>
          ) : (
            <BlockStack gap="400">
              {reports.map((report) => (
                <Card key={report.id}>
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">
                      Customer {report.customerId}
                      {report.dataRequestId ? ` (request ${report.dataRequestId})` : ""}
                    </Text>
                    <Text as="p" tone="subdued">
                      Gathered {report.gatheredAt}
                    </Text>
                    <pre style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{report.json}</pre>
                  </BlockStack>
                </Card>
              ))}
            </BlockStack>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Customer data requests" back={{ content: "Home", url: "/app" }} />;
}
