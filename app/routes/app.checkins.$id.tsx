// One check-in schedule (or a new one at /app/checkins/new): the person's
// form with the save bar and a leave guard, calls on/off, next calls and
// the call history. Saving, pausing, deleting and canceling go through this
// route's action; an id of another shop's schedule is a 404.
import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, type ShouldRevalidateFunction } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, Modal, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { scheduleView } from "../checkins/checkins-view.server";
import { runScheduleIntent, type ScheduleActionResult, type ScheduleIntent } from "../checkins/schedule-actions.server";
import { JobHistoryCard } from "../components/checkins/JobHistoryCard";
import { NextCallsCard } from "../components/checkins/NextCallsCard";
import { ReceptionistRequiredBanner } from "../components/checkins/ReceptionistRequiredBanner";
import { invalidFieldIds, ScheduleForm, scheduleFormData } from "../components/checkins/ScheduleForm";
import { RouteErrorBoundary } from "../components/errors/RouteErrorBoundary";
import { FailureBanner } from "../components/forms/FailureBanner";
import { FormSaveBar } from "../components/forms/FormSaveBar";
import { LeaveGuard } from "../components/forms/LeaveGuard";
import { useFocusOnFailure } from "../components/forms/useFocusOnFailure";
import { useFormDraft } from "../components/forms/useFormDraft";
import { useLiveStatus } from "../components/useLiveStatus";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shop.server";

const NEW = "new";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Check-in schedule"} · Check-in calls · AI Receptionist` }];

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  const view = await scheduleView(shop, params.id === NEW ? null : (params.id ?? ""));
  if (!view) throw new Response("This check-in schedule does not exist.", { status: 404 });
  return json(view);
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  const result = await runScheduleIntent(shop, params.id === NEW ? null : (params.id ?? ""), await request.formData());
  return json<ScheduleActionResult>(result.body, { status: result.status });
};

// A deleted schedule has no page to reload: the page leaves for the list instead.
// A delete refused halfway (calls paused, a placed call not withdrawn) reloads, so the page shows the pause.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, actionResult, defaultShouldRevalidate }) =>
  formData?.get("intent") === "delete" ? !(actionResult as ScheduleActionResult | undefined)?.ok : defaultShouldRevalidate;

const TOASTS: Record<ScheduleIntent, string> = {
  save: "Saved",
  toggle: "Calls updated",
  delete: "Schedule deleted",
  "cancel-job": "Call canceled",
  "call-now": "Calling now",
};

export default function SchedulePage() {
  const view = useLoaderData<typeof loader>();
  useLiveStatus(view.live);
  const navigate = useNavigate();
  const draft = useFormDraft(view.form);
  const action = useFetcher<ScheduleActionResult>();
  const result = action.state === "idle" ? action.data : undefined;
  const failure = result && !result.ok ? result : undefined;
  const bannerRef = useFocusOnFailure(failure, invalidFieldIds(failure?.fields));
  const [confirmDelete, setConfirmDelete] = useState(false);
  // Where the page goes after a create or a delete: nothing is left unsaved then.
  const [leaveTo, setLeaveTo] = useState<string | null>(null);
  const busy = (intent: ScheduleIntent) => action.state !== "idle" && action.formData?.get("intent") === intent;
  const submit = (values: Record<string, string> | URLSearchParams) => action.submit(values, { method: "POST" });

  useEffect(() => {
    if (result?.intent === "delete" && !result.ok) {
      // A refused delete paused the calls: its banner is on the page, not behind the dialog, and the form shows the pause.
      setConfirmDelete(false);
      if (result.active !== undefined) draft.setField("active", result.active);
    }
    if (!result?.ok) return;
    window.shopify?.toast.show(TOASTS[result.intent]);
    // Paused or resumed: the edits stay, only the on/off value follows the saved one.
    if (result.intent === "toggle" && result.active !== undefined) draft.setField("active", result.active);
    if (result.intent === "delete") setLeaveTo("/app/checkins");
    if (result.intent === "save" && view.id === null && result.scheduleId) setLeaveTo(`/app/checkins/${result.scheduleId}`);
    // Only a new result acts; draft and view are read as they are then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result]);

  useEffect(() => {
    if (leaveTo) navigate(leaveTo, { replace: true });
  }, [leaveTo, navigate]);

  // The on/off value the edits started from, not the one a revalidation loaded since (staleOnOff).
  const save = () => submit(scheduleFormData(draft.values, draft.origin));
  const saved = view.id !== null;
  return (
    <Page title={view.title} backAction={{ content: "Check-in calls", url: "/app/checkins" }}>
      <TitleBar title={view.title} />
      <FormSaveBar id="checkin-save-bar" dirty={draft.dirty} saving={busy("save")} onSave={save} onDiscard={draft.discard} />
      <LeaveGuard dirty={draft.dirty && !busy("save") && leaveTo === null} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {failure && (
              <FailureBanner title={failure.intent === "save" ? "The schedule was not saved" : "That did not work"} focusRef={bannerRef}>
                {failure.fields ? (
                  <ul>
                    {Object.values(failure.fields).map((message) => (
                      <li key={message}>{message}</li>
                    ))}
                  </ul>
                ) : (
                  <p>{failure.message}</p>
                )}
              </FailureBanner>
            )}
            {!view.receptionistActive && <ReceptionistRequiredBanner />}
            {view.problem && (
              <Banner tone="critical" title="No calls until this schedule is corrected">
                <p>{view.problem}</p>
              </Banner>
            )}
            {saved && (
              <Card>
                <InlineStack align="space-between" blockAlign="center">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="h2" variant="headingMd">
                      Calls
                    </Text>
                    <Badge tone={view.form.active ? "success" : undefined}>{view.form.active ? "On" : "Paused"}</Badge>
                  </InlineStack>
                  <Button loading={busy("toggle")} onClick={() => submit({ intent: "toggle", active: String(!view.form.active) })}>
                    {view.form.active ? "Pause calls" : "Turn calls on"}
                  </Button>
                </InlineStack>
              </Card>
            )}
            <ScheduleForm
              view={view}
              draft={draft}
              errors={failure?.fields}
              saving={busy("save")}
              onSave={save}
              onDelete={saved ? () => setConfirmDelete(true) : undefined}
            />
            {saved && <NextCallsCard calls={view.nextCalls} timezone={view.zone} active={view.form.active} receptionistActive={view.receptionistActive} />}
            {saved && (
              <JobHistoryCard
                view={view}
                actions={{
                  cancelingJob: busy("cancel-job") ? String(action.formData?.get("jobId")) : undefined,
                  onCancel: (jobId) => submit({ intent: "cancel-job", jobId }),
                  callingJob: busy("call-now") ? String(action.formData?.get("jobId")) : undefined,
                  onCallNow: (jobId) => submit({ intent: "call-now", jobId }),
                }}
              />
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
      <Modal
        open={confirmDelete}
        onClose={() => !busy("delete") && setConfirmDelete(false)}
        title="Delete the check-in schedule?"
        primaryAction={{ content: "Delete", destructive: true, loading: busy("delete"), onAction: () => submit({ intent: "delete" }) }}
        secondaryActions={[{ content: "Keep it", disabled: busy("delete"), onAction: () => setConfirmDelete(false) }]}
      >
        <Modal.Section>
          <Text as="p">Pending calls are canceled. Past calls stay in the statistics on home.</Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

export function ErrorBoundary() {
  return (
    <RouteErrorBoundary
      title="Check-in schedule"
      back={{ content: "Check-in calls", url: "/app/checkins" }}
      notFound={{ title: "Schedule not found", message: "This check-in schedule does not exist, or it was deleted." }}
    />
  );
}
