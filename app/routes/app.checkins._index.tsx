// The "Check-in calls" page: the shop's schedules, one per person (next
// call, last outcome, on/off); each opens its own page.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, EmptyState, Layout, Page } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { schedulesListView } from "../checkins/checkins-view.server";
import { ReceptionistRequiredBanner } from "../components/checkins/ReceptionistRequiredBanner";
import { SchedulesTable } from "../components/checkins/SchedulesTable";
import { RouteErrorBoundary } from "../components/errors/RouteErrorBoundary";
import { useLiveStatus } from "../components/useLiveStatus";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shop.server";

export const meta: MetaFunction = () => [{ title: "Check-in calls · AI Receptionist" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  return json(await schedulesListView(shop));
};

export default function CheckinsList() {
  const view = useLoaderData<typeof loader>();
  // A call in progress changes "last outcome": the list follows by itself.
  useLiveStatus(view.schedules.some((schedule) => schedule.active));
  return (
    <Page title="Check-in calls" backAction={{ content: "Home", url: "/app" }} primaryAction={{ content: "Add schedule", url: "/app/checkins/new" }}>
      <TitleBar title="Check-in calls" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {!view.receptionistActive && <ReceptionistRequiredBanner />}
            <Card padding="0">
              {view.schedules.length === 0 ? (
                <EmptyState heading="No check-in schedule yet" action={{ content: "Add schedule", url: "/app/checkins/new" }} image="">
                  <p>Each person who wants a briefing call (owner, manager, weekend staff) gets a schedule of their own.</p>
                </EmptyState>
              ) : (
                <SchedulesTable schedules={view.schedules} />
              )}
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Check-in calls" back={{ content: "Home", url: "/app" }} />;
}
