// The Messages inbox: what callers asked the team to call back about, newest
// first, filtered by state (new, called back, resolved), one click to mark.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { BlockStack, Layout, Page, Tabs } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { z } from "zod";
import { MessagesList } from "../components/messages/MessagesList";
import { inboxView } from "../messages/inbox-view.server";
import { MESSAGE_STATUSES, STATUS_LABELS, statusFilter } from "../messages/message-status";
import { setMessageStatus } from "../messages/messages.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shop.server";
import { RouteErrorBoundary } from "../components/errors/RouteErrorBoundary";

export const meta: MetaFunction = () => [{ title: "Messages · AI Receptionist" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  return json(await inboxView(shop, statusFilter(new URL(request.url).searchParams.get("status"))));
};

const MarkSchema = z.object({ intent: z.literal("mark"), id: z.string().min(1).max(100), status: z.enum(MESSAGE_STATUSES as [string, ...string[]]) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  const parsed = MarkSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ ok: false, message: "Choose a message and a state." }, { status: 400 });
  const changed = await setMessageStatus(shop.id, parsed.data.id, statusFilter(parsed.data.status)!);
  return changed ? json({ ok: true }) : json({ ok: false, message: "That message does not exist." }, { status: 404 });
};

const TABS = [null, ...MESSAGE_STATUSES] as const;

export default function MessagesPage() {
  const view = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const tabs = TABS.map((status) => ({
    id: status ?? "all",
    content: status ? (status === "new" ? `New (${view.newCount})` : STATUS_LABELS[status]) : "All",
  }));
  return (
    <Page title="Messages">
      <TitleBar title="Messages" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Tabs
              tabs={tabs}
              selected={Math.max(0, TABS.indexOf(view.filter))}
              onSelect={(index) => navigate(TABS[index] ? `/app/messages?status=${TABS[index]}` : "/app/messages")}
            />
            <MessagesList messages={view.messages} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Messages" back={{ content: "Home", url: "/app" }} />;
}
