// Privacy requests: every compliance webhook with its status, and the
// customers' data requests (customers/data_request): what the app stores
// about each requesting customer, gathered by the worker, for the merchant
// to download, send on and mark as sent. A later customers/redact deletes
// the report. View model: compliance/data-requests-view.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, type ClientActionFunctionArgs } from "@remix-run/react";
import { BlockStack, Card, EmptyState, Layout, Page } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { markReportSent } from "../compliance/data-reports.server";
import { dataRequestsView } from "../compliance/data-requests-view.server";
import { PrivacyRequestsCard } from "../components/data-requests/PrivacyRequestsCard";
import { ReportCard, type MarkSentResult } from "../components/data-requests/ReportCard";
import { RouteErrorBoundary } from "../components/errors/RouteErrorBoundary";
import { NO_ANSWER_MESSAGE, orNoAnswer } from "../http/no-answer";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shop.server";

export const meta: MetaFunction = () => [{ title: "Customer data requests · AI Receptionist" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  return json(await dataRequestsView(shop));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  const form = await request.formData();
  if (form.get("intent") !== "markSent") return json<MarkSentResult>({ ok: false, message: "Unknown action." }, { status: 400 });
  // Marking a report already sent again is not an error: the first time stays.
  const outcome = await markReportSent(shop.id, form.get("reportId"));
  if (outcome === "not_found")
    return json<MarkSentResult>({ ok: false, message: "This report no longer exists: it was deleted when the customer was erased." }, { status: 404 });
  return json<MarkSentResult>({ ok: true });
};

export const clientAction = ({ serverAction }: ClientActionFunctionArgs) =>
  orNoAnswer(async () => (await serverAction()) as MarkSentResult, { ok: false, message: NO_ANSWER_MESSAGE } as MarkSentResult);

export default function DataRequestsPage() {
  const { reports, requests } = useLoaderData<typeof loader>();
  return (
    <Page title="Customer data requests" backAction={{ content: "Home", url: "/app" }}>
      <TitleBar title="Customer data requests" />
      <Layout>
        {requests.length > 0 && (
          <Layout.Section>
            <PrivacyRequestsCard requests={requests} />
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
                <ReportCard key={report.id} report={report} />
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
