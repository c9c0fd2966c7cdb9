// The "Store info" page: opening hours and the FAQ the receptionist answers
// from (saved, then the assistant is updated), and a preview of the policies
// it reads from Shopify, with "Refresh now".
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { FailureBanner } from "../components/forms/FailureBanner";
import { FormSaveBar } from "../components/forms/FormSaveBar";
import { LeaveGuard } from "../components/forms/LeaveGuard";
import { useFocusOnFailure } from "../components/forms/useFocusOnFailure";
import { useFormDraft } from "../components/forms/useFormDraft";
import { FaqEditor } from "../components/knowledge/FaqEditor";
import { OpeningHoursEditor } from "../components/knowledge/OpeningHoursEditor";
import { PoliciesPreview } from "../components/knowledge/PoliciesPreview";
import { parseStoreInfoForm, storeInfoView } from "../knowledge/store-info-view.server";
import { loadStoreKnowledge, saveMerchantKnowledge } from "../knowledge/store-knowledge.server";
import { logger } from "../observability/logger.server";
import { refreshKnowledge } from "../receptionist/knowledge-refresh.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shop.server";
import { AppError } from "../vapi/errors";
import { RouteErrorBoundary } from "../components/errors/RouteErrorBoundary";

export const meta: MetaFunction = () => [{ title: "Store info · AI Receptionist" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  return json(storeInfoView(shop, await loadStoreKnowledge(shop.id)));
};

type ActionResult = { ok: true; intent: string; warning?: string } | { ok: false; message: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "save") {
    const parsed = parseStoreInfoForm(form);
    if (!parsed.ok) return json<ActionResult>({ ok: false, message: parsed.message }, { status: 400 });
    await saveMerchantKnowledge(shop.id, parsed.edits);
  } else if (form.intent !== "refresh") {
    return json<ActionResult>({ ok: false, message: "Unknown action." }, { status: 400 });
  }
  if (shop.receptionistStatus !== "active") return json<ActionResult>({ ok: true, intent: String(form.intent) });
  try {
    await refreshKnowledge(shop, admin);
    return json<ActionResult>({ ok: true, intent: String(form.intent) });
  } catch (error) {
    const failure =
      error instanceof AppError ? error : new AppError("SHOP_DATA_UNAVAILABLE", "The receptionist could not be updated. Try Refresh now in a moment.");
    logger.warn(`Store info ${String(form.intent)}: the assistant was not updated (${failure.code})`, { shop: shop.domain, error });
    return json<ActionResult>({ ok: true, intent: String(form.intent), warning: `Saved, but ${failure.message}` });
  }
};

export default function StoreInfoPage() {
  const view = useLoaderData<typeof loader>();
  const save = useFetcher<ActionResult>();
  const refresh = useFetcher<ActionResult>();
  const draft = useFormDraft({ hoursSet: view.hoursSet, openingHours: view.openingHours, faq: view.faq });
  const failure = save.data && !save.data.ok ? save.data : null;
  const bannerRef = useFocusOnFailure(failure);
  const submit = () =>
    save.submit(
      {
        intent: "save",
        hoursSet: String(draft.values.hoursSet),
        openingHours: JSON.stringify(draft.values.openingHours),
        faq: JSON.stringify(draft.values.faq),
      },
      { method: "post" },
    );
  const warning = [save.data, refresh.data].find((data) => data?.ok && data.warning);

  return (
    <Page
      title="Store info"
      primaryAction={{ content: "Save", onAction: submit, loading: save.state !== "idle", disabled: !draft.dirty }}
      secondaryActions={
        view.canRefresh
          ? [{ content: "Refresh now", loading: refresh.state !== "idle", onAction: () => refresh.submit({ intent: "refresh" }, { method: "post" }) }]
          : []
      }
    >
      <TitleBar title="Store info" />
      <FormSaveBar id="store-info-save-bar" dirty={draft.dirty} saving={save.state !== "idle"} onSave={submit} onDiscard={draft.discard} />
      <LeaveGuard dirty={draft.dirty} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {failure && (
              <FailureBanner title="Not saved" focusRef={bannerRef}>
                <Text as="p">{failure.message}</Text>
              </FailureBanner>
            )}
            {warning?.ok && <Banner tone="warning">{warning.warning}</Banner>}
            {view.statusNow && <Banner tone="info">{view.statusNow}</Banner>}
            <OpeningHoursEditor
              hoursSet={draft.values.hoursSet}
              hours={draft.values.openingHours}
              onChange={(hours, hoursSet) => {
                draft.setField("openingHours", hours);
                draft.setField("hoursSet", hoursSet);
              }}
            />
            <FaqEditor faq={draft.values.faq} onChange={(faq) => draft.setField("faq", faq)} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <PoliciesPreview view={view} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Store info" back={{ content: "Home", url: "/app" }} />;
}
