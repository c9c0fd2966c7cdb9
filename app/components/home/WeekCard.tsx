import type { ReactNode } from "react";
import { BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import type { HomeView } from "../../dashboard/home-view.server";

const COLORS = {
  calls: "var(--p-color-bg-fill-info, #91d0ff)",
  completed: "var(--p-color-bg-fill-success, #29845a)",
  failed: "var(--p-color-bg-fill-critical, #e51c00)",
};

/** Seven days as bars: customer calls, and check-ins stacked by outcome (plain divs). */
export function WeekCard({ week }: { week: HomeView["week"] }) {
  const max = Math.max(1, ...week.map((day) => Math.max(day.inboundCalls, day.checkinsCompleted + day.checkinsFailed + day.checkinsMissed)));
  const empty = week.every((day) => day.inboundCalls + day.checkinsCompleted + day.checkinsFailed + day.checkinsMissed === 0);
  const HEIGHT = 120;
  const bar = (value: number) => (value === 0 ? 2 : Math.max(4, Math.round((value / max) * HEIGHT)));
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" wrap>
          <Text as="h2" variant="headingMd">
            Last 7 days
          </Text>
          <InlineStack gap="300">
            <Legend color={COLORS.calls} label="Customer calls" />
            <Legend color={COLORS.completed} label="Check-ins completed" />
            <Legend color={COLORS.failed} label="Check-ins failed or missed" />
          </InlineStack>
        </InlineStack>
        {empty ? (
          <Text as="p" tone="subdued">
            Nothing in the last 7 days yet: customer calls and check-in calls will be charted here day by day.
          </Text>
        ) : (
          <div
            role="list"
            aria-label="Last 7 days"
            style={{
              display: "grid",
              // minmax(0, 1fr): a column may shrink below its bars' natural width, so the week fits a phone.
              gridTemplateColumns: "repeat(7, minmax(0, 1fr))",
              gap: "4px",
              alignItems: "end",
            }}
          >
            {week.map((day) => {
              const failed = day.checkinsFailed + day.checkinsMissed;
              const label = `${day.day} ${day.date}: ${day.inboundCalls} customer ${day.inboundCalls === 1 ? "call" : "calls"}, ${
                day.checkinsCompleted
              } check-ins completed, ${failed} failed or missed`;
              return (
                <div role="listitem" key={day.localDate} aria-label={label} title={label} data-testid={`day-${day.localDate}`}>
                  <div
                    style={{
                      height: HEIGHT + 20,
                      display: "flex",
                      alignItems: "flex-end",
                      justifyContent: "center",
                      gap: "2px",
                    }}
                  >
                    <Bar value={day.inboundCalls} height={bar(day.inboundCalls)} color={COLORS.calls} />
                    <BarColumn total={day.checkinsCompleted + failed}>
                      {failed > 0 && (
                        <div
                          style={{
                            width: "100%",
                            height: bar(failed),
                            background: COLORS.failed,
                            borderRadius: "3px 3px 0 0",
                          }}
                        />
                      )}
                      <div
                        style={{
                          width: "100%",
                          height: day.checkinsCompleted > 0 || failed === 0 ? bar(day.checkinsCompleted) : 0,
                          background: day.checkinsCompleted > 0 ? COLORS.completed : "var(--p-color-border, #e3e3e3)",
                          borderRadius: failed > 0 ? 0 : "3px 3px 0 0",
                        }}
                      />
                    </BarColumn>
                  </div>
                  <div
                    style={{
                      textAlign: "center",
                      borderTop: "1px solid var(--p-color-border, #e3e3e3)",
                      paddingTop: "4px",
                    }}
                  >
                    <Text as="p" variant="bodySm" fontWeight="semibold">
                      {day.day}
                    </Text>
                    <Text as="p" variant="bodySm" tone="subdued">
                      {day.date}
                    </Text>
                  </div>
                </div>
              );
            })}
          </div>
        )}
      </BlockStack>
    </Card>
  );
}

/** A bar's column: its total above, the bar (or stacked segments) below; it shrinks on narrow screens. */
function BarColumn({ total, children }: { total: number; children: ReactNode }) {
  return (
    <div style={{ display: "flex", flexDirection: "column", alignItems: "center", flex: "0 1 22px", minWidth: 0 }}>
      <Text as="span" variant="bodySm" tone="subdued">
        {total || "\u00a0"}
      </Text>
      {children}
    </div>
  );
}

function Bar({ value, height, color }: { value: number; height: number; color: string }) {
  return (
    <BarColumn total={value}>
      <div
        style={{
          width: "100%",
          height,
          background: value > 0 ? color : "var(--p-color-border, #e3e3e3)",
          borderRadius: "3px 3px 0 0",
        }}
      />
    </BarColumn>
  );
}

function Legend({ color, label }: { color: string; label: string }) {
  return (
    <InlineStack gap="100" blockAlign="center">
      <span
        aria-hidden
        style={{
          display: "inline-block",
          width: 10,
          height: 10,
          borderRadius: 2,
          background: color,
        }}
      />
      <Text as="span" variant="bodySm" tone="subdued">
        {label}
      </Text>
    </InlineStack>
  );
}
