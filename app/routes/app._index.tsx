// Home: what happened today and what is failing. The receptionist's state,
// today's check-ins and customer calls (the shop's local day), the last 7
// days, and each check-in schedule's record. Every figure comes from the
// shared query module (dashboard/figures.server.ts) that the calls and
// check-in pages use too; times are formatted here, in the shop's timezone.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useNavigation } from "@remix-run/react";
import { useLiveStatus } from "../components/useLiveStatus";
import { Badge, BlockStack, Box, Button, Card, InlineGrid, InlineStack, Layout, Page, SkeletonBodyText, SkeletonDisplayText, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { DateTime } from "luxon";
import { formatCallTime, formatDuration } from "../calls/format";
import { DISPOSITIONS } from "../calls/disposition";
import { DispositionBadge } from "../components/DispositionBadge";
import { dashboardFigures, JOB_STATUSES } from "../dashboard/figures.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shop.server";

const CADENCES: Record<string, string> = {
  daily: "Every day",
  weekdays: "Weekdays",
  weekends: "Weekends",
  custom: "Custom days",
};
const DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function percent(rate: number | null): string | null {
  return rate === null ? null : `${Math.round(rate * 100)}%`;
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  const figures = await dashboardFigures(shop);
  const zone = figures.timezone;
  const { receptionist, checkinsToday, inboundCallsToday } = figures;
  const dispositionOrder = [...DISPOSITIONS, "in-progress"];
  return json({
    shopName: shop.name,
    timezone: zone,
    today: DateTime.fromJSDate(figures.today.start, { zone }).toFormat("cccc, LLLL d"),
    receptionist: {
      status: receptionist.status,
      phoneNumber: receptionist.phoneNumber,
      lastErrorMessage: receptionist.lastErrorMessage,
      lastCall: receptionist.lastInboundCallAt ? formatCallTime(receptionist.lastInboundCallAt, zone) : null,
    },
    checkins: {
      total: checkinsToday.total,
      counts: JOB_STATUSES.map((status) => ({
        status,
        count: checkinsToday.counts[status],
      })),
    },
    calls: {
      count: inboundCallsToday.count,
      averageDuration: inboundCallsToday.averageDurationSec === null ? null : formatDuration(Math.round(inboundCallsToday.averageDurationSec)),
      dispositions: Object.entries(inboundCallsToday.byDisposition)
        .sort(([a], [b]) => dispositionOrder.indexOf(a) - dispositionOrder.indexOf(b))
        .map(([disposition, count]) => ({ disposition, count })),
    },
    week: figures.last7Days.map((day) => {
      const date = DateTime.fromISO(day.localDate);
      return {
        ...day,
        day: date.toFormat("ccc"),
        date: date.toFormat("LLL d"),
      };
    }),
    schedules: figures.schedules.map((schedule) => ({
      id: schedule.callSettingsId ?? "deleted",
      title: schedule.schedule
        ? `${
            schedule.schedule.cadence === "custom" ? schedule.schedule.daysOfWeek.map((day) => DAY_NAMES[day]).join(", ") : CADENCES[schedule.schedule.cadence]
          } at ${schedule.schedule.timeOfDay}`
        : "Deleted schedules",
      detail: schedule.schedule ? `Calls ${schedule.schedule.phoneE164} · ${schedule.schedule.timezone}` : "Calls made before their schedule was deleted",
      active: schedule.schedule?.active ?? null,
      total: schedule.total,
      completed: schedule.counts.completed,
      failed: schedule.counts.failed,
      missed: schedule.counts.missed,
      successRate: percent(schedule.successRate),
      lastError: schedule.lastError
        ? {
            message: schedule.lastError.message,
            at: formatCallTime(schedule.lastError.at, zone),
          }
        : null,
    })),
  });
};

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Home() {
  const data = useLoaderData<typeof loader>();
  useLiveStatus(data.checkins.counts.some(({ status, count }) => count > 0 && ["queued", "scheduled", "started"].includes(status)) || data.calls.dispositions.some(({ disposition }) => disposition === "in-progress"));
  const navigation = useNavigation();
  // Reloading the home page (the nav's Home while on it, a revalidation): placeholders instead of stale figures.
  const loading = navigation.state === "loading" && navigation.location.pathname.replace(/\/$/, "") === "/app";
  return (
    // The shop's name is the page's heading, written out (Polaris' Page title would repeat it in a hidden status line).
    <Page>
      <TitleBar title="AI Receptionist" />
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h1" variant="headingLg">
            {data.shopName}
          </Text>
          <Text as="p" tone="subdued">
            Today is {data.today} ({data.timezone})
          </Text>
        </BlockStack>
        {loading ? <DashboardSkeleton /> : <Dashboard data={data} />}
      </BlockStack>
    </Page>
  );
}

function Dashboard({ data }: { data: Data }) {
  return (
    <Layout>
      <Layout.Section>
        <ReceptionistCard receptionist={data.receptionist} />
      </Layout.Section>
      <Layout.Section variant="oneHalf">
        <CheckinsTodayCard checkins={data.checkins} hasSchedule={data.schedules.some((schedule) => schedule.active !== null)} />
      </Layout.Section>
      <Layout.Section variant="oneHalf">
        <CallsTodayCard calls={data.calls} receptionist={data.receptionist} />
      </Layout.Section>
      <Layout.Section>
        <WeekCard week={data.week} />
      </Layout.Section>
      <Layout.Section>
        <SchedulesCard schedules={data.schedules} />
      </Layout.Section>
      <Layout.Section>
        <Box paddingBlockEnd="400">
          <Text as="p" tone="subdued">
            Days and times are in your store&apos;s timezone ({data.timezone}).
          </Text>
        </Box>
      </Layout.Section>
    </Layout>
  );
}

function ReceptionistCard({ receptionist }: { receptionist: Data["receptionist"] }) {
  const active = receptionist.status === "active";
  const badge = {
    active: <Badge tone="success">Active</Badge>,
    provisioning: <Badge tone="attention">Setting up</Badge>,
    failed: <Badge tone="critical">Setup failed</Badge>,
    not_provisioned: <Badge>Not set up</Badge>,
  }[receptionist.status];
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            AI receptionist
          </Text>
          {badge}
        </InlineStack>
        {receptionist.phoneNumber ? (
          <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
            <BlockStack gap="100">
              <Text as="p" tone="subdued">
                Phone number
              </Text>
              <Text as="p" variant="headingLg" fontWeight="semibold">
                <span data-testid="home-receptionist-number">{receptionist.phoneNumber}</span>
              </Text>
            </BlockStack>
            <BlockStack gap="100">
              <Text as="p" tone="subdued">
                Last customer call
              </Text>
              <Text as="p" variant="headingLg" fontWeight="semibold">
                {receptionist.lastCall ?? "None yet"}
              </Text>
            </BlockStack>
          </InlineGrid>
        ) : (
          <Text as="p">
            {receptionist.status === "failed"
              ? `Setting up the receptionist did not finish${
                  receptionist.lastErrorMessage ? `: ${receptionist.lastErrorMessage}` : "."
                } Try again from its page.`
              : "Give your store a phone number answered by an AI receptionist that knows your products and orders."}
          </Text>
        )}
        <InlineStack gap="200">
          <Button url="/app/receptionist" variant={active ? undefined : "primary"}>
            {active ? "Manage receptionist" : receptionist.status === "failed" ? "Finish setting up" : "Set up AI receptionist"}
          </Button>
          {receptionist.lastCall && <Button url="/app/calls">View calls</Button>}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

/** A labelled figure in a grid. */
function Figure({ label, value, tone, testId }: { label: string; value: string | number; tone?: "critical" | "success" | "caution"; testId?: string }) {
  return (
    <BlockStack gap="100">
      <Text as="span" tone="subdued" variant="bodySm">
        {label}
      </Text>
      <Text as="span" variant="headingLg" tone={tone}>
        <span data-testid={testId}>{value}</span>
      </Text>
    </BlockStack>
  );
}

function CheckinsTodayCard({ checkins, hasSchedule }: { checkins: Data["checkins"]; hasSchedule: boolean }) {
  const count = (status: string) => checkins.counts.find((entry) => entry.status === status)?.count ?? 0;
  // Queued jobs are still to be placed: shown as scheduled, as the merchant sees no difference.
  const figures = [
    { label: "Scheduled", value: count("queued") + count("scheduled") },
    { label: "Started", value: count("started") },
    {
      label: "Completed",
      value: count("completed"),
      tone: count("completed") > 0 ? ("success" as const) : undefined,
    },
    {
      label: "Failed",
      value: count("failed"),
      tone: count("failed") > 0 ? ("critical" as const) : undefined,
    },
    {
      label: "Missed",
      value: count("missed"),
      tone: count("missed") > 0 ? ("caution" as const) : undefined,
    },
    { label: "Canceled", value: count("canceled") },
  ];
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Check-in calls today
          </Text>
          <Button variant="plain" url="/app/checkins">
            {hasSchedule ? "View check-ins" : "Set up"}
          </Button>
        </InlineStack>
        {checkins.total === 0 ? (
          <BlockStack gap="200">
            <Text as="p" tone="subdued">
              {hasSchedule ? "No check-in call is scheduled for today." : "No check-in calls yet."}
            </Text>
            <Text as="p">
              {hasSchedule
                ? "Calls on your schedule's days show up here with how they went."
                : "Schedule a daily or weekly call to your own number, and your AI receptionist will check in with you."}
            </Text>
            {!hasSchedule && (
              <InlineStack>
                <Button url="/app/checkins">Create a check-in schedule</Button>
              </InlineStack>
            )}
          </BlockStack>
        ) : (
          <InlineGrid columns={3} gap="400">
            {figures.map((figure) => (
              <Figure key={figure.label} {...figure} testId={`checkins-today-${figure.label.toLowerCase()}`} />
            ))}
          </InlineGrid>
        )}
      </BlockStack>
    </Card>
  );
}

function CallsTodayCard({ calls, receptionist }: { calls: Data["calls"]; receptionist: Data["receptionist"] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Customer calls today
          </Text>
          <Button variant="plain" url="/app/calls">
            View calls
          </Button>
        </InlineStack>
        {calls.count === 0 ? (
          <BlockStack gap="200">
            <Text as="p" tone="subdued">
              No customer calls today.
            </Text>
            <Text as="p">
              {receptionist.phoneNumber
                ? `Share ${receptionist.phoneNumber} with your customers (on your contact page, in order emails): the receptionist answers every call.`
                : "Set up the AI receptionist to get a phone number your customers can call."}
            </Text>
          </BlockStack>
        ) : (
          <BlockStack gap="300">
            <InlineGrid columns={2} gap="400">
              <Figure label="Calls" value={calls.count} testId="calls-today-count" />
              <Figure label="Average duration" value={calls.averageDuration ?? "—"} testId="calls-today-average" />
            </InlineGrid>
            <BlockStack gap="100">
              <Text as="span" tone="subdued" variant="bodySm">
                Outcomes
              </Text>
              <InlineStack gap="200" wrap>
                {calls.dispositions.map(({ disposition, count }) => (
                  <InlineStack key={disposition} gap="100" blockAlign="center">
                    <DispositionBadge disposition={disposition === "in-progress" ? null : disposition} status="in progress" />
                    <Text as="span" fontWeight="semibold">
                      {count}
                    </Text>
                  </InlineStack>
                ))}
              </InlineStack>
            </BlockStack>
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}

const COLORS = {
  calls: "var(--p-color-bg-fill-info, #91d0ff)",
  completed: "var(--p-color-bg-fill-success, #29845a)",
  failed: "var(--p-color-bg-fill-critical, #e51c00)",
};

/** Seven days as bars: customer calls, and check-ins stacked by outcome (plain divs). */
function WeekCard({ week }: { week: Data["week"] }) {
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
              gridTemplateColumns: "repeat(7, 1fr)",
              gap: "8px",
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
                      gap: "4px",
                    }}
                  >
                    <Bar value={day.inboundCalls} height={bar(day.inboundCalls)} color={COLORS.calls} />
                    <div
                      style={{
                        display: "flex",
                        flexDirection: "column",
                        alignItems: "center",
                        width: "22px",
                      }}
                    >
                      <Text as="span" variant="bodySm" tone="subdued">
                        {day.checkinsCompleted + failed || "\u00a0"}
                      </Text>
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
                    </div>
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

function Bar({ value, height, color }: { value: number; height: number; color: string }) {
  return (
    <div
      style={{
        display: "flex",
        flexDirection: "column",
        alignItems: "center",
        width: "22px",
      }}
    >
      <Text as="span" variant="bodySm" tone="subdued">
        {value || "\u00a0"}
      </Text>
      <div
        style={{
          width: "100%",
          height,
          background: value > 0 ? color : "var(--p-color-border, #e3e3e3)",
          borderRadius: "3px 3px 0 0",
        }}
      />
    </div>
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

function SchedulesCard({ schedules }: { schedules: Data["schedules"] }) {
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Check-in schedules
          </Text>
          <Button variant="plain" url="/app/checkins">
            Manage check-ins
          </Button>
        </InlineStack>
        {schedules.length === 0 ? (
          <BlockStack gap="200">
            <Text as="p" tone="subdued">
              No check-in schedule yet.
            </Text>
            <Text as="p">Choose a number, a time and the days to call; each call&apos;s outcome and any error will show here.</Text>
          </BlockStack>
        ) : (
          schedules.map((schedule, index) => (
            <BlockStack key={schedule.id} gap="300">
              {index > 0 && (
                <div
                  style={{
                    borderTop: "1px solid var(--p-color-border, #e3e3e3)",
                  }}
                />
              )}
              <InlineStack gap="200" blockAlign="center">
                <Text as="h3" variant="headingSm">
                  {schedule.title}
                </Text>
                {schedule.active !== null && <Badge tone={schedule.active ? "success" : undefined}>{schedule.active ? "On" : "Paused"}</Badge>}
              </InlineStack>
              <Text as="p" tone="subdued">
                {schedule.detail}
              </Text>
              <InlineGrid columns={{ xs: 2, md: 5 }} gap="400">
                <Figure label="All check-ins" value={schedule.total} />
                <Figure label="Success rate" value={schedule.successRate ?? "—"} />
                <Figure label="Completed" value={schedule.completed} />
                <Figure label="Failed" value={schedule.failed} tone={schedule.failed > 0 ? "critical" : undefined} />
                <Figure label="Missed" value={schedule.missed} tone={schedule.missed > 0 ? "caution" : undefined} />
              </InlineGrid>
              {schedule.lastError ? (
                <Box background="bg-surface-critical" padding="300" borderRadius="200">
                  <BlockStack gap="100">
                    <Text as="p" variant="bodySm" tone="subdued">
                      Last error · {schedule.lastError.at}
                    </Text>
                    <Text as="p">{schedule.lastError.message}</Text>
                  </BlockStack>
                </Box>
              ) : (
                <Text as="p" tone="subdued">
                  {schedule.total === 0 ? "No calls placed yet." : "No errors."}
                </Text>
              )}
            </BlockStack>
          ))
        )}
      </BlockStack>
    </Card>
  );
}

function SkeletonCard({ lines = 3 }: { lines?: number }) {
  return (
    <Card>
      <BlockStack gap="400">
        <SkeletonDisplayText size="small" />
        <SkeletonBodyText lines={lines} />
      </BlockStack>
    </Card>
  );
}

function DashboardSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the dashboard">
      <Layout>
        <Layout.Section>
          <SkeletonCard lines={2} />
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <SkeletonCard />
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <SkeletonCard />
        </Layout.Section>
        <Layout.Section>
          <SkeletonCard lines={6} />
        </Layout.Section>
        <Layout.Section>
          <SkeletonCard lines={4} />
        </Layout.Section>
      </Layout>
    </div>
  );
}
