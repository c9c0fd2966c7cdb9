// One check-in call of one schedule: when, its outcome, the briefing it
// carried, the call's summary, the notes the person asked for, and a link
// to the call record (transcript, recording).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { jobView } from "../checkins/checkins-view.server";
import { JOB_TONES } from "../components/checkins/JobHistoryCard";
import { RouteErrorBoundary } from "../components/errors/RouteErrorBoundary";
import { useLiveStatus } from "../components/useLiveStatus";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shop.server";
import { TitledCard } from "../components/layout/TitledCard";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Check-in call, ${data.scheduledTime}` : "Check-in call"} · AI Receptionist` },
];

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  const job = await jobView(shop, params.id ?? "", params.jobId ?? "");
  if (!job) throw new Response("This check-in call does not exist.", { status: 404 });
  return json(job);
};

export default function CheckinJob() {
  const job = useLoaderData<typeof loader>();
  useLiveStatus(job.status === "queued" || job.status === "scheduled" || job.status === "started");
  return (
    <Page
      title={`Check-in call to ${job.person}`}
      subtitle={`${job.scheduledTime} (the schedule's zone, ${job.timezone})`}
      titleMetadata={<Badge tone={JOB_TONES[job.status]}>{job.statusLabel}</Badge>}
      backAction={{ content: job.person, url: `/app/checkins/${job.scheduleId}` }}
    >
      <TitleBar title="Check-in call" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <TitledCard title="Outcome">
              <Text as="p">{job.outcome ?? job.statusLabel}</Text>
              {job.details && (
                <Text as="p" tone="subdued">
                  {job.details}
                </Text>
              )}
              <Text as="p">{job.summary ?? "No summary yet: it arrives when the call ends."}</Text>
              {job.callId && (
                <div>
                  <Button url={`/app/calls/${job.callId}`}>Open the call record (transcript, recording)</Button>
                </div>
              )}
            </TitledCard>
            <TitledCard title="Notes taken">
              {job.notes.length === 0 ? (
                <Text as="p" tone="subdued">
                  No notes on this call.
                </Text>
              ) : (
                <ul>
                  {job.notes.map((note) => (
                    <li key={note.id}>
                      {note.text}{" "}
                      <Text as="span" tone="subdued" variant="bodySm">
                        ({note.at})
                      </Text>
                    </li>
                  ))}
                </ul>
              )}
            </TitledCard>
            <TitledCard title="Briefing">
              <Text as="p">{job.briefing ?? "The briefing is written when the call is placed."}</Text>
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
      title="Check-in call"
      back={{ content: "Check-in calls", url: "/app/checkins" }}
      notFound={{ title: "Check-in call not found", message: "This check-in call does not exist." }}
    />
  );
}
