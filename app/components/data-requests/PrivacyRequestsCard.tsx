// Every privacy webhook Shopify sent for the store and how far the app got
// with it. On phones the table is a list of requests.
import { Badge, BlockStack, Card, DataTable, List, Text, useBreakpoints } from "@shopify/polaris";
import type { DataRequestsView } from "../../compliance/data-requests-view.server";

type PrivacyRequest = DataRequestsView["requests"][number];
const STATUS_TONES = { pending: "attention", completed: "success", failed: "critical" } as const;

const requestName = (request: PrivacyRequest) => (request.customer ? `${request.topicLabel}: ${request.customer}` : request.topicLabel);

export function PrivacyRequestsCard({ requests }: { requests: PrivacyRequest[] }) {
  const { smDown } = useBreakpoints();
  const badge = (request: PrivacyRequest) => (
    <Badge key={request.id} tone={STATUS_TONES[request.status]}>
      {request.statusLabel}
    </Badge>
  );
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Privacy requests from Shopify
        </Text>
        {smDown ? (
          <List>
            {requests.map((request) => (
              <List.Item key={request.id}>
                <BlockStack gap="100">
                  <Text as="span" fontWeight="semibold">
                    {requestName(request)}
                  </Text>
                  <span>{badge(request)}</span>
                  <Text as="span" tone="subdued">{`Received ${request.received}${request.completed ? `, completed ${request.completed}` : ""}`}</Text>
                  {request.lastError && <Text as="span" tone="critical">{`Last error: ${request.lastError}`}</Text>}
                </BlockStack>
              </List.Item>
            ))}
          </List>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "text", "numeric", "text", "text"]}
            headings={["Request", "Received", "Status", "Attempts", "Completed", "Last error"]}
            rows={requests.map((request) => [
              requestName(request),
              request.received,
              badge(request),
              request.attempts,
              request.completed ?? "—",
              request.lastError ?? "—",
            ])}
          />
        )}
      </BlockStack>
    </Card>
  );
}
