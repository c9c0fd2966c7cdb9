// Calls: every inbound and outbound call of the shop, filterable by
// direction, outcome and date (in the shop's timezone), newest first.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useEffect, useRef } from "react";
import { useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { BlockStack, Box, Card, InlineStack, Page, Pagination, Select, Text, TextField } from "@shopify/polaris";
import { useLiveStatus } from "../components/useLiveStatus";
import { TitleBar } from "@shopify/app-bridge-react";
import { parseCallFilters } from "../calls/call-queries.server";
import { callsListView } from "../calls/calls-view.server";
import { DISPOSITIONS } from "../calls/disposition";
import { CallsTable } from "../components/calls/CallsTable";
import { PhoneNumberText } from "../components/format/PhoneNumberText";
import { labelOptions } from "../formatting/labels";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shop.server";
import { RouteErrorBoundary } from "../components/errors/RouteErrorBoundary";

export const meta: MetaFunction = () => [{ title: "Calls · AI Receptionist" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  const filters = parseCallFilters(new URL(request.url).searchParams);
  return json(await callsListView(shop, filters));
};

export default function CallsPage() {
  const { calls, filters, total, page, pages, receptionistNumber } = useLoaderData<typeof loader>();
  useLiveStatus(calls.some((call) => call.status !== "ended"));
  const [searchParams, setSearchParams] = useSearchParams();
  const location = useLocation();
  const navigation = useNavigation();
  const filtered = Boolean(filters.direction || filters.disposition || filters.from || filters.to);

  // A change made while the previous one is still loading builds on that
  // one, not on the URL still shown (which would undo it).
  const latest = useRef(searchParams);
  useEffect(() => {
    latest.current = searchParams;
  }, [searchParams]);
  const update = (change: (next: URLSearchParams) => void) => {
    const next = new URLSearchParams(latest.current);
    change(next);
    latest.current = next;
    setSearchParams(next);
  };
  const setFilter = (name: string, value: string) =>
    update((next) => {
      if (value) next.set(name, value);
      else next.delete(name);
      next.delete("page");
    });
  const goToPage = (target: number) => update((next) => next.set("page", String(target)));
  // The controls show the filters being loaded, not the previous ones.
  const pending = navigation.location?.pathname === location.pathname ? new URLSearchParams(navigation.location.search) : null;
  const shown = pending
    ? {
        direction: pending.get("direction"),
        disposition: pending.get("disposition"),
        from: pending.get("from"),
        to: pending.get("to"),
      }
    : filters;

  return (
    <Page title="Calls" backAction={{ content: "Home", url: "/app" }}>
      <TitleBar title="Calls" />
      <BlockStack gap="400">
        <Card>
          <InlineStack gap="400" wrap>
            <Select
              label="Direction"
              options={[{ label: "All", value: "" }, ...labelOptions("direction", ["inbound", "outbound"])]}
              value={shown.direction ?? ""}
              onChange={(value) => setFilter("direction", value)}
            />
            <Select
              label="Outcome"
              options={[{ label: "All", value: "" }, ...labelOptions("disposition", DISPOSITIONS)]}
              value={shown.disposition ?? ""}
              onChange={(value) => setFilter("disposition", value)}
            />
            <TextField label="From" type="date" value={shown.from ?? ""} onChange={(value) => setFilter("from", value)} autoComplete="off" />
            <TextField label="To" type="date" value={shown.to ?? ""} onChange={(value) => setFilter("to", value)} autoComplete="off" />
          </InlineStack>
        </Card>
        <Card padding="0">
          {calls.length === 0 ? (
            // Not Polaris' EmptyState: without an illustration it shows a
            // loading placeholder over a greyed-out heading.
            <Box padding="800">
              <BlockStack gap="200" inlineAlign="center">
                <Text as="h2" variant="headingMd" alignment="center">
                  {filtered ? "No calls match these filters" : "No calls yet"}
                </Text>
                <Text as="p" tone="subdued" alignment="center">
                  {filtered ? (
                    "Try other filters or a wider date range."
                  ) : receptionistNumber ? (
                    <>
                      Calls appear here as soon as customers call <PhoneNumberText phone={receptionistNumber} />, or when a check-in call is placed.
                    </>
                  ) : (
                    "Set up the AI receptionist to get a phone number; calls to it, and check-in calls, appear here."
                  )}
                </Text>
              </BlockStack>
            </Box>
          ) : (
            <CallsTable calls={calls} />
          )}
        </Card>
        {total > 0 && (
          // Off the screen's edge on phones, where Polaris pages have no side padding.
          <Box paddingInline={{ xs: "400", sm: "0" }} paddingBlockEnd="400">
            <InlineStack align="center" gap="400" blockAlign="center">
              <Pagination hasPrevious={page > 1} onPrevious={() => goToPage(page - 1)} hasNext={page < pages} onNext={() => goToPage(page + 1)} />
              <Text as="span" tone="subdued">
                Page {page} of {pages} · {total} {total === 1 ? "call" : "calls"}
              </Text>
            </InlineStack>
          </Box>
        )}
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Calls" back={{ content: "Home", url: "/app" }} />;
}
