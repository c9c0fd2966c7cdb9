// One call: outcome, summary, any message the caller left, the transcript
// and the recording.
import type { ReactNode } from "react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Box, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { getCall } from "../calls/call-queries.server";
import { formatCallTime, formatDuration } from "../calls/format";
import { DispositionBadge } from "../components/DispositionBadge";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shop.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  const call = await getCall(shop.id, params.id ?? "");
  if (!call) throw new Response("This call does not exist.", { status: 404 });
  return json({
    call: {
      direction: call.direction,
      callerNumber: call.callerNumber,
      calleeNumber: call.calleeNumber,
      time: formatCallTime(call.startedAt ?? call.createdAt, shop.timezone),
      duration: formatDuration(call.durationSec),
      disposition: call.disposition,
      status: call.status,
      endedReason: call.endedReason,
      cost: call.cost === null ? null : Number(call.cost).toFixed(2),
      summary: call.summary,
      messageTaken: call.messageTaken,
      transcript: call.transcript,
      recordingUrl: call.recordingUrl,
    },
  });
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {children}
      </BlockStack>
    </Card>
  );
}

export default function CallDetail() {
  const { call } = useLoaderData<typeof loader>();
  const facts: Array<[string, string]> = [
    ["Direction", call.direction],
    ["From", call.callerNumber ?? "Unknown"],
    ["To", call.calleeNumber ?? "Unknown"],
    ["Time", call.time],
    ["Duration", call.duration],
    ["Ended because", call.endedReason ?? "—"],
    ["Cost", call.cost ? `$${call.cost}` : "—"],
  ];
  return (
    <Page title="Call" backAction={{ content: "Calls", url: "/app/calls" }} titleMetadata={<DispositionBadge disposition={call.disposition} status={call.status} />}>
      <TitleBar title="Call" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {call.messageTaken && (
              <Banner tone="info" title="The caller left a message">
                <p>{call.messageTaken}</p>
              </Banner>
            )}
            <Section title="Summary">
              <Text as="p">{call.summary ?? "No summary yet: it arrives with Vapi's end-of-call report."}</Text>
            </Section>
            <Section title="Transcript">
              {call.transcript ? (
                <Box as="div">
                  {call.transcript.split("\n").map((line, index) => (
                    <Text as="p" key={index}>
                      {line}
                    </Text>
                  ))}
                </Box>
              ) : (
                <Text as="p" tone="subdued">
                  No transcript.
                </Text>
              )}
            </Section>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <InlineGrid columns={2} gap="200">
                {facts.map(([label, value]) => (
                  <BlockStack key={label} gap="050">
                    <Text as="span" tone="subdued">
                      {label}
                    </Text>
                    <Text as="span">{value}</Text>
                  </BlockStack>
                ))}
              </InlineGrid>
            </Card>
            <Section title="Recording">
              {call.recordingUrl ? (
                // Vapi's recording links can expire; the player shows an error when one has.
                // eslint-disable-next-line jsx-a11y/media-has-caption -- a phone call has no caption track: the transcript above is its text alternative
                <audio controls preload="none" src={call.recordingUrl} style={{ width: "100%" }} />
              ) : (
                <Text as="p" tone="subdued">
                  No recording.
                </Text>
              )}
            </Section>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
