// The calls list: each row opens its call through a real link (the row's
// primary link, so it is reachable with Tab and Enter and opens in a new tab
// with Cmd/Ctrl), and on small screens a condensed row that stacks the same
// facts instead of a table wider than the phone.
import { BlockStack, Box, IndexTable, InlineStack, Link, Text, useBreakpoints } from "@shopify/polaris";
import type { DisplayPhone } from "../../formatting/phone";
import { PhoneNumberText } from "../format/PhoneNumberText";
import { CallOutcomeBadge } from "./CallOutcomeBadge";

export interface CallRow {
  id: string;
  direction: string;
  party: DisplayPhone | null;
  /** The verified caller's name, when order_lookup verified them. */
  partyName: string | null;
  time: string;
  duration: string;
  disposition: string | null;
  status: string;
  summary: string | null;
}

function CallLink({ call }: { call: CallRow }) {
  return (
    <Link
      url={`/app/calls/${call.id}`}
      dataPrimaryLink
      removeUnderline
      monochrome
      accessibilityLabel={`${call.direction}, ${call.partyName ? `${call.partyName}, ` : ""}${call.party?.display ?? "unknown number"}, ${call.time}`}
    >
      <Text as="span" fontWeight="semibold">
        {call.partyName ?? <PhoneNumberText phone={call.party} />}
      </Text>
      {call.partyName && call.party && (
        <Text as="span" tone="subdued">
          {" "}
          <PhoneNumberText phone={call.party} />
        </Text>
      )}
    </Link>
  );
}

export function CallsTable({ calls }: { calls: CallRow[] }) {
  const { smDown } = useBreakpoints();
  return (
    <IndexTable
      condensed={smDown}
      resourceName={{ singular: "call", plural: "calls" }}
      itemCount={calls.length}
      selectable={false}
      headings={[{ title: "Direction" }, { title: "Caller / callee" }, { title: "Time" }, { title: "Duration" }, { title: "Outcome" }, { title: "Summary" }]}
    >
      {calls.map((call, index) =>
        smDown ? (
          <IndexTable.Row id={call.id} key={call.id} position={index}>
            <Box padding="300">
              <BlockStack gap="100">
                <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
                  <CallLink call={call} />
                  <CallOutcomeBadge disposition={call.disposition} status={call.status} />
                </InlineStack>
                <Text as="span" tone="subdued" variant="bodySm">
                  {call.direction} · {call.time} · {call.duration}
                </Text>
                {call.summary && (
                  <Text as="span" truncate>
                    {call.summary}
                  </Text>
                )}
              </BlockStack>
            </Box>
          </IndexTable.Row>
        ) : (
          <IndexTable.Row id={call.id} key={call.id} position={index}>
            <IndexTable.Cell>{call.direction}</IndexTable.Cell>
            <IndexTable.Cell>
              <CallLink call={call} />
            </IndexTable.Cell>
            <IndexTable.Cell>{call.time}</IndexTable.Cell>
            <IndexTable.Cell>{call.duration}</IndexTable.Cell>
            <IndexTable.Cell>
              <CallOutcomeBadge disposition={call.disposition} status={call.status} />
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
        ),
      )}
    </IndexTable>
  );
}
