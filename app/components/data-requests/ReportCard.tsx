// One customer's data report: who asked, when it was gathered, what the app
// stores about them, and the two things the merchant does with it: download
// the JSON to send to the customer, and mark it as sent.
import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, InlineStack, List, Text } from "@shopify/polaris";
import type { DataRequestsView } from "../../compliance/data-requests-view.server";
import { FailureBanner } from "../forms/FailureBanner";
import { useFocusOnFailure } from "../forms/useFocusOnFailure";
import { PhoneNumberText } from "../format/PhoneNumberText";
import { downloadReport } from "./downloadReport";

type Report = DataRequestsView["reports"][number];
export type MarkSentResult = { ok: true } | { ok: false; message: string };

export function ReportCard({ report }: { report: Report }) {
  const markSent = useFetcher<MarkSentResult>();
  const [downloadError, setDownloadError] = useState<{ message: string } | null>(null);
  const markFailure = markSent.state === "idle" && markSent.data && !markSent.data.ok ? markSent.data : null;
  const failure = downloadError ?? markFailure;
  const bannerRef = useFocusOnFailure(failure);
  const { summary } = report;
  const who = report.customerName ?? summary?.email ?? "A customer";

  useEffect(() => {
    if (markSent.state === "idle" && markSent.data?.ok) window.shopify?.toast.show("Marked as sent");
  }, [markSent.state, markSent.data]);

  const download = async () => {
    setDownloadError(null);
    try {
      await downloadReport(`/app/data-requests/${report.id}/download`);
    } catch (error) {
      setDownloadError({ message: error instanceof Error && !(error instanceof TypeError) ? error.message : "The download got no answer. Try again." });
    }
  };

  return (
    <div data-testid="data-report">
      <Card>
        <BlockStack gap="300">
          <InlineStack gap="200" blockAlign="center" align="space-between">
            <Text as="h2" variant="headingMd">
              {who}
            </Text>
            {report.sentAt ? <Badge tone="success">{`Sent ${report.sentAt}`}</Badge> : <Badge tone="attention">Not sent yet</Badge>}
          </InlineStack>
          <BlockStack gap="100">
            {summary?.email && <Text as="p">Email: {summary.email}</Text>}
            {summary?.phone && (
              <Text as="p">
                Phone: <PhoneNumberText phone={summary.phone} />
              </Text>
            )}
            <Text as="p" tone="subdued">
              Gathered {report.gatheredAt}
            </Text>
          </BlockStack>
          {failure && (
            <FailureBanner title={downloadError ? "The report could not be downloaded" : "The report could not be marked as sent"} focusRef={bannerRef}>
              <p>{failure.message}</p>
            </FailureBanner>
          )}
          <Box>
            <BlockStack gap="200">
              <Text as="h3" variant="headingSm">
                What the app stores about this customer
              </Text>
              {summary ? (
                <>
                  <Text as="p">
                    {summary.headline}
                    {summary.contents ? `, holding ${summary.contents}.` : ""}
                  </Text>
                  {summary.calls.length > 0 && (
                    <List type="bullet">
                      {summary.calls.map((call, index) => (
                        <List.Item key={index}>
                          {`${call.kind}, ${call.time}: ${call.outcome}, ${call.duration}`}
                          {call.holds ? ` (${call.holds})` : ""}
                        </List.Item>
                      ))}
                    </List>
                  )}
                </>
              ) : (
                <Text as="p">This report has a form the page cannot summarise. Download it to read it whole.</Text>
              )}
            </BlockStack>
          </Box>
          <InlineStack gap="200" align="end">
            <Button onClick={download} accessibilityLabel={`Download JSON for ${who}`}>
              Download JSON
            </Button>
            {!report.sentAt && (
              <Button
                variant="primary"
                loading={markSent.state !== "idle"}
                onClick={() => markSent.submit({ intent: "markSent", reportId: report.id }, { method: "POST" })}
                accessibilityLabel={`Mark as sent: the report for ${who}`}
              >
                Mark as sent
              </Button>
            )}
          </InlineStack>
        </BlockStack>
      </Card>
    </div>
  );
}
