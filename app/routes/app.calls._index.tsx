// Calls: every inbound and outbound call of the shop, filterable by
// direction, outcome and date (in the shop's timezone), newest first.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useEffect, useRef } from "react";
import { useLoaderData, useLocation, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import { useLiveStatus } from "../components/useLiveStatus";
import { BlockStack, Box, Card, IndexTable, InlineStack, Page, Pagination, Select, Text, TextField } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { listCalls, parseCallFilters } from "../calls/call-queries.server";
import { DISPOSITIONS } from "../calls/disposition";
import { formatCallTime, formatDuration } from "../calls/format";
import { DispositionBadge } from "../components/DispositionBadge";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shop.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  const filters = parseCallFilters(new URL(request.url).searchParams);
  const { calls, total, page, pages } = await listCalls(shop.id, shop.timezone, filters);
  return json({
    filters,
    total,
    page,
    pages,
    timezone: shop.timezone,
    receptionistNumber: shop.phoneNumber,
    calls: calls.map((call) => ({
      id: call.id,
      direction: call.direction,
      party: call.direction === "inbound" ? call.callerNumber : call.calleeNumber,
      time: formatCallTime(call.startedAt ?? call.createdAt, shop.timezone),
      duration: formatDuration(call.durationSec),
      disposition: call.disposition,
      status: call.status,
      summary: call.summary,
    })),
  });
};

export default function CallsPage() {
  const { calls, filters, total, page, pages, timezone, receptionistNumber } = useLoaderData<typeof loader>();
  useLiveStatus(calls.some((call) => call.status !== "ended"));
  const [searchParams, setSearchParams] = useSearchParams();
  const navigate = useNavigate();
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
    ? { direction: pending.get("direction"), disposition: pending.get("disposition"), from: pending.get("from"), to: pending.get("to") }
    : filters;

  return (
    <Page title="Calls" backAction={{ content: "Home", url: "/app" }}>
      <TitleBar title="Calls" />
      <BlockStack gap="400">
        <Card>
          <InlineStack gap="400" wrap>
            <Select
              label="Direction"
              options={[
                { label: "All", value: "" },
                { label: "Inbound (customers)", value: "inbound" },
                { label: "Outbound (check-ins)", value: "outbound" },
              ]}
              value={shown.direction ?? ""}
              onChange={(value) => setFilter("direction", value)}
            />
            <Select
              label="Outcome"
              options={[{ label: "All", value: "" }, ...DISPOSITIONS.map((value) => ({ label: value, value }))]}
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
                  {filtered
                    ? "Try other filters or a wider date range."
                    : receptionistNumber
                      ? `Calls appear here as soon as customers call ${receptionistNumber}, or when a check-in call is placed.`
                      : "Set up the AI receptionist to get a phone number; calls to it, and check-in calls, appear here."}
                </Text>
              </BlockStack>
            </Box>
          ) : (
            <IndexTable
              resourceName={{ singular: "call", plural: "calls" }}
              itemCount={calls.length}
              selectable={false}
              headings={[{ title: "Direction" }, { title: "Caller / callee" }, { title: `Time (${timezone})` }, { title: "Duration" }, { title: "Outcome" }, { title: "Summary" }]}
            >
              {calls.map((call, index) => (
                <IndexTable.Row id={call.id} key={call.id} position={index} onClick={() => navigate(`/app/calls/${call.id}`)}>
                  <IndexTable.Cell>{call.direction}</IndexTable.Cell>
                  <IndexTable.Cell>{call.party ?? "Unknown"}</IndexTable.Cell>
                  <IndexTable.Cell>{call.time}</IndexTable.Cell>
                  <IndexTable.Cell>{call.duration}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <DispositionBadge disposition={call.disposition} status={call.status} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {/* Bounded, so a long summary ends in an ellipsis instead of running off the card. */}
                    <Box maxWidth="360px">
                      <Text as="span" truncate>
                        {call.summary ?? "—"}
                      </Text>
                    </Box>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
        {total > 0 && (
          <InlineStack align="center" gap="400" blockAlign="center">
            <Pagination hasPrevious={page > 1} onPrevious={() => goToPage(page - 1)} hasNext={page < pages} onNext={() => goToPage(page + 1)} />
            <Text as="span" tone="subdued">
              Page {page} of {pages} · {total} {total === 1 ? "call" : "calls"}
            </Text>
          </InlineStack>
        )}
      </BlockStack>
    </Page>
  );
}
