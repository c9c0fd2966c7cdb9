// One call: outcome, summary, any message the caller left, the transcript
// and the recording.
import type { ReactNode } from "react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Box, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { callDetailView } from "../calls/calls-view.server";
import { CallOutcomeBadge } from "../components/calls/CallOutcomeBadge";
import { VerifiedCallerCard } from "../components/calls/VerifiedCallerCard";
import { PhoneNumberText } from "../components/format/PhoneNumberText";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shop.server";
import { RouteErrorBoundary } from "../components/errors/RouteErrorBoundary";
import { TitledCard } from "../components/layout/TitledCard";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Call, ${data.call.time} · AI Receptionist` : "Call not found · AI Receptionist" },
];

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  const call = await callDetailView(shop, params.id ?? "");
  if (!call) throw new Response("This call does not exist.", { status: 404 });
  return json({ call });
};

export default function CallDetail() {
  const { call } = useLoaderData<typeof loader>();
  const facts: Array<[string, ReactNode]> = [
    ["Direction", call.direction],
    ["From", <PhoneNumberText key="from" phone={call.callerNumber} />],
    ["To", <PhoneNumberText key="to" phone={call.calleeNumber} />],
    ["Time", call.time],
    ["Duration", call.duration],
    // The code stays on hover for support conversations.
    ["Ended because", call.endedReason ? <span title={call.endedReason.code}>{call.endedReason.label}</span> : "—"],
    ["Cost", call.cost ? `$${call.cost}` : "—"],
  ];
  return (
    <Page
      title="Call"
      backAction={{ content: "Calls", url: "/app/calls" }}
      titleMetadata={<CallOutcomeBadge disposition={call.disposition} status={call.status} />}
    >
      <TitleBar title="Call" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {call.verificationLockedAt && (
              <Banner tone="warning" title="Order lookups were locked on this call">
                <p>
                  At {call.verificationLockedAt} the caller had given a wrong email address or postal code too many times, so the receptionist stopped answering
                  about that order and that phone number for 24 hours. If this was your customer, help them directly; if not, someone may be trying to get
                  another customer&apos;s order details.
                </p>
              </Banner>
            )}
            {call.verifiedCaller && <VerifiedCallerCard caller={call.verifiedCaller} />}
            {call.messageTaken && (
              <Banner tone="info" title="The caller left a message">
                <p>{call.messageTaken}</p>
              </Banner>
            )}
            <TitledCard title="Summary">
              <Text as="p">{call.summary ?? "No summary yet: it arrives with Vapi's end-of-call report."}</Text>
            </TitledCard>
            <TitledCard title="Transcript">
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
            </TitledCard>
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
            <TitledCard title="Recording">
              {call.recordingUrl ? (
                // Vapi's recording links can expire; the player shows an error when one has.
                // eslint-disable-next-line jsx-a11y/media-has-caption -- a phone call has no caption track: the transcript above is its text alternative
                <audio controls preload="none" src={call.recordingUrl} style={{ width: "100%" }} />
              ) : (
                <Text as="p" tone="subdued">
                  No recording.
                </Text>
              )}
            </TitledCard>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return (
    <RouteErrorBoundary
      title="Call"
      back={{ content: "Calls", url: "/app/calls" }}
      notFound={{
        title: "Call not found",
        message: "There is no such call in this store. It may have been deleted after a customer asked for their data to be erased.",
      }}
    />
  );
}
