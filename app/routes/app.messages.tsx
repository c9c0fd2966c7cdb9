// The Messages inbox: what callers asked the team to call back about, newest
// first, filtered by state (new, called back, resolved), one click to mark.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { BlockStack, InlineStack, Layout, Page, Pagination, Tabs, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { z } from "zod";
import { MessagesList } from "../components/messages/MessagesList";
import { PageParamSchema } from "../http/page-param";
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
  const { searchParams } = new URL(request.url);
  return json(await inboxView(shop, statusFilter(searchParams.get("status")), PageParamSchema.parse(searchParams.get("page") ?? undefined)));
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

/** The inbox filtered by a state (null: all), at a page. */
function messagesUrl(status: (typeof TABS)[number], page: number): string {
  const params = new URLSearchParams();
  if (status) params.set("status", status);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/app/messages?${query}` : "/app/messages";
}

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
            <Tabs tabs={tabs} selected={Math.max(0, TABS.indexOf(view.filter))} onSelect={(index) => navigate(messagesUrl(TABS[index], 1))} />
            <MessagesList messages={view.messages} />
            {view.pages > 1 && (
              <InlineStack gap="300" blockAlign="center" wrap>
                <Pagination
                  hasPrevious={view.page > 1}
                  onPrevious={() => navigate(messagesUrl(view.filter, view.page - 1))}
                  hasNext={view.page < view.pages}
                  onNext={() => navigate(messagesUrl(view.filter, view.page + 1))}
                />
                <Text as="span" tone="subdued">
                  Page {view.page} of {view.pages} · {view.total} messages
                </Text>
              </InlineStack>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Messages" back={{ content: "Home", url: "/app" }} />;
}
