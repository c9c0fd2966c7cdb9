// Home: what happened today and what is failing. The receptionist's state,
// today's check-ins and customer calls (the shop's local day), the last 7
// days, and each check-in schedule's record. Every figure comes from the
// shared query module (dashboard/figures.server.ts) that the calls and
// check-in pages use too, shaped by dashboard/home-view.server.ts.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useNavigation } from "@remix-run/react";
import { BlockStack, Box, Layout, Page, Text } from "@shopify/polaris";
import { useLiveStatus } from "../components/useLiveStatus";
import { TitleBar } from "@shopify/app-bridge-react";
import { CallsTodayCard } from "../components/home/CallsTodayCard";
import { CheckinsTodayCard } from "../components/home/CheckinsTodayCard";
import { DashboardSkeleton } from "../components/home/DashboardSkeleton";
import { ReceptionistCard } from "../components/home/ReceptionistCard";
import { SchedulesCard } from "../components/home/SchedulesCard";
import { WeekCard } from "../components/home/WeekCard";
import { homeView } from "../dashboard/home-view.server";
import { newMessageCount } from "../messages/messages.server";
import { NewMessagesCard } from "../components/messages/NewMessagesCard";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shop.server";
import { RouteErrorBoundary } from "../components/errors/RouteErrorBoundary";

export const meta: MetaFunction = () => [{ title: "Home · AI Receptionist" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  return json({ ...(await homeView(shop)), newMessages: await newMessageCount(shop.id) });
};

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Home() {
  const data = useLoaderData<typeof loader>();
  useLiveStatus(
    data.checkins.counts.some(({ status, count }) => count > 0 && ["queued", "scheduled", "started"].includes(status)) ||
      data.calls.dispositions.some(({ disposition }) => disposition === "in-progress"),
  );
  const navigation = useNavigation();
  // Reloading the home page (the nav's Home while on it, a revalidation): placeholders instead of stale figures.
  const loading = navigation.state === "loading" && navigation.location.pathname.replace(/\/$/, "") === "/app";
  return (
    // The shop's name is the page's heading, written out (Polaris' Page title would repeat it in a hidden status line).
    <Page>
      <TitleBar title="AI Receptionist" />
      <BlockStack gap="400">
        {/* Off the screen's edge on phones, where Polaris pages have no side padding. */}
        <Box paddingInline={{ xs: "400", sm: "0" }} paddingBlockStart={{ xs: "400", sm: "0" }}>
          <BlockStack gap="100">
            <Text as="h1" variant="headingLg">
              {data.shopName}
            </Text>
            <Text as="p" tone="subdued">
              Today is {data.today} ({data.timezone}, {data.zoneName})
            </Text>
          </BlockStack>
        </Box>
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
      <Layout.Section>
        <NewMessagesCard count={data.newMessages} />
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
        <Box paddingBlockEnd="400" paddingInline={{ xs: "400", sm: "0" }}>
          <Text as="p" tone="subdued">
            Days and times are in your store&apos;s timezone ({data.timezone}), except each schedule&apos;s call time, which is in the timezone named beside it.
          </Text>
        </Box>
      </Layout.Section>
    </Layout>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Home" back={{ content: "Calls", url: "/app/calls" }} />;
}
