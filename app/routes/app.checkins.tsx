// The "Check-in calls" page: the shop's call schedule (number, zone, time,
// cadence, voice, consent), its next calls, and its job history with stats.
// Saving, pausing, deleting and canceling go through this route's action.
import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  DataTable,
  FormLayout,
  InlineStack,
  Layout,
  Modal,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { DateTime } from "luxon";
import { callNow, cancelJob, PENDING } from "../checkins/job-control.server";
import type { NextCallState } from "../checkins/next-calls";
import { CADENCES, CONSENT_LABEL, checkinFormValues, type CheckinErrors } from "../checkins/settings-input";
import { canonicalTimeZone, timeZoneOptions } from "../checkins/timezones";
import { deleteSettings, getSettings, jobStats, listJobs, toggleSettings, upcomingCalls, upsertSettings } from "../checkins/settings.server";
import type { ListedJobStatus } from "../dashboard/figures.server";
import { logger, newCorrelationId, withCorrelationId } from "../observability/logger.server";
import { useLiveStatus } from "../components/useLiveStatus";
import { VOICES } from "../receptionist/voices";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shop.server";

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const CADENCE_LABELS: Record<(typeof CADENCES)[number], string> = {
  daily: "Every day",
  weekdays: "Weekdays (Monday to Friday)",
  weekends: "Weekends (Saturday and Sunday)",
  custom: "Custom days",
};
const STATUS_TONES: Record<ListedJobStatus, "info" | "attention" | "success" | "critical" | "warning" | undefined> = {
  queued: undefined,
  scheduled: "info",
  started: "attention",
  completed: "success",
  failed: "critical",
  canceled: undefined,
  missed: "warning",
};
const DEFAULT_TIME = "09:00";

/** An instant for people: "Mon, Mar 9, 2026, 9:00 AM EDT", in `zone` (the browser's zone when omitted). */
function formatInstant(iso: string, zone?: string): string {
  return DateTime.fromISO(iso, zone ? { zone } : {}).toFormat("ccc, LLL d, yyyy, h:mm a ZZZZ");
}

/** What each "Next calls" row promises, in words; `time` is the call's local time ("9:00 AM"). */
function nextCallLabel(state: NextCallState, time: string, today: boolean): string {
  const day = today ? "today" : "this day";
  switch (state) {
    case "planned":
      return "Planned";
    case "calling":
      return "Calling now";
    case "called":
      return `Already called at ${time}: no other call ${day}`;
    case "failed":
      return `The call at ${time} failed: no other call ${day}`;
    case "missed":
      return `Missed at ${time}: no other call ${day}`;
    case "canceled":
      return "Canceled by you";
    case "skipped":
      return `Skipped: ${time} had already passed when the schedule was saved`;
    case "paused":
      return "Paused: not called unless you turn calls on";
  }
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  const settings = await getSettings(shop.id);
  const now = new Date();
  const [jobs, stats, upcoming] = await Promise.all([listJobs(shop.id), jobStats(shop.id), settings ? upcomingCalls(settings, 5, now) : []]);
  const zone = settings?.timezone ?? canonicalTimeZone(shop.timezone) ?? "UTC";
  const today = DateTime.fromJSDate(now, { zone }).toISODate();
  return json({
    receptionistActive: shop.receptionistStatus === "active",
    // Changes whenever the saved schedule does: the form starts over from it.
    version: settings?.updatedAt.toISOString() ?? "none",
    saved: settings !== null,
    form: {
      phone: settings?.phoneE164 ?? "",
      timezone: zone,
      timeOfDay: settings?.timeOfDay ?? DEFAULT_TIME,
      cadence: settings?.cadence ?? "daily",
      daysOfWeek: settings?.daysOfWeek ?? [],
      active: settings?.active ?? false,
      consent: Boolean(settings?.consentAt),
      voiceId: settings?.voiceId ?? "",
    },
    // The list the server accepts (timezones.ts); a schedule saved before those rules keeps its zone on show.
    timezones: [...new Set([...timeZoneOptions(), zone])].sort(),
    voices: VOICES.map(({ name, label }) => ({ name, label })),
    nextCalls: upcoming.map((call) => ({
      iso: call.at.toISOString(),
      scheduleTime: formatInstant(call.at.toISOString(), zone),
      state: call.state,
      label: nextCallLabel(call.state, DateTime.fromJSDate(call.at, { zone }).toFormat("h:mm a"), call.localDate === today),
    })),
    jobs: jobs.map((job) => ({
      id: job.id,
      scheduledTime: formatInstant(job.scheduledForUtc.toISOString(), zone),
      status: job.status as ListedJobStatus,
      attempts: job.attempts,
      details: job.errorMessage,
      // Still to happen (or happening), or a future date decided already (canceled by you).
      upcoming: job.status === "queued" || job.status === "scheduled" || job.status === "started" || job.scheduledForUtc > now,
      // A placed call can be canceled only while Vapi has not started it (the action checks).
      cancelable: PENDING.includes(job.status),
      callable: job.status === "failed" || job.status === "missed",
    })),
    stats,
    // Something can still change by itself: the page revalidates (useLiveStatus).
    live: jobs.some((job) => job.status === "queued" || job.status === "scheduled" || job.status === "started"),
  });
};

type Intent = "save" | "toggle" | "delete" | "cancel-job" | "call-now";
type ActionResult = { ok: true; intent: Intent } | { ok: false; intent: Intent; message: string; fields?: CheckinErrors };

const reply = (result: ActionResult, status = 200) => json<ActionResult>(result, { status });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  return withCorrelationId(newCorrelationId(), async () => {
    const shop = await requireShop(admin, session.shop);
    const form = await request.formData();
    const intent = String(form.get("intent")) as Intent;
    try {
      switch (intent) {
        case "save": {
          const saved = await upsertSettings(shop.id, checkinFormValues(form));
          if (!saved.ok) return reply({ ok: false, intent, message: saved.message, fields: saved.errors }, 400);
          logger.info("Check-in schedule saved", { shop: shop.domain, active: saved.settings.active });
          return reply({ ok: true, intent });
        }
        case "toggle": {
          const toggled = await toggleSettings(shop.id, form.get("active") === "true");
          return toggled.ok ? reply({ ok: true, intent }) : reply({ ok: false, intent, message: toggled.message }, 400);
        }
        case "delete": {
          const deleted = await deleteSettings(shop.id);
          return deleted ? reply({ ok: true, intent }) : reply({ ok: false, intent, message: "There is no schedule to delete." }, 404);
        }
        case "cancel-job": {
          const canceled = await cancelJob(shop.id, String(form.get("jobId") ?? ""));
          if (canceled === "canceled") return reply({ ok: true, intent });
          const message =
            canceled === "already-started"
              ? "This call has already started, so it cannot be canceled."
              : "This call is no longer pending, so it cannot be canceled.";
          return reply({ ok: false, intent, message }, canceled === "already-started" ? 409 : 404);
        }
        case "call-now": {
          const outcome = await callNow(shop.id, String(form.get("jobId") ?? ""));
          if (outcome === "queued") return reply({ ok: true, intent });
          const message =
            outcome === "paused" ? "Calls are paused: turn calls on to place this call." : "This call is not failed or missed (it may be placing already).";
          return reply({ ok: false, intent, message }, 409);
        }
        default:
          return reply({ ok: false, intent, message: "Unknown action." }, 400);
      }
    } catch (error) {
      logger.error(`Check-in ${intent} failed`, { shop: shop.domain, error });
      return reply({ ok: false, intent, message: "Something went wrong. Please try again." }, 500);
    }
  });
};

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

const TOASTS: Record<Intent, string> = {
  save: "Saved",
  toggle: "Calls updated",
  delete: "Schedule deleted",
  "cancel-job": "Call canceled",
  "call-now": "Calling now",
};

export default function CheckinsPage() {
  const data = useLoaderData<typeof loader>();
  useLiveStatus(data.live);
  const action = useFetcher<ActionResult>();
  const result = action.state === "idle" ? action.data : undefined;
  const [confirmDelete, setConfirmDelete] = useState(false);

  useEffect(() => {
    if (result?.ok) window.shopify?.toast.show(TOASTS[result.intent]);
    if (result?.intent === "delete") setConfirmDelete(false);
  }, [result]);

  const submit = (values: Record<string, string> | URLSearchParams) => action.submit(values, { method: "POST" });
  const busy = (intent: Intent) => action.state !== "idle" && action.formData?.get("intent") === intent;
  const failure = result && !result.ok ? result : undefined;

  return (
    <Page title="Check-in calls" backAction={{ content: "Home", url: "/app" }}>
      <TitleBar title="Check-in calls" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {!data.receptionistActive && (
              <Banner
                tone="warning"
                title="Check-in calls are placed from your receptionist's number"
                action={{ content: "Set up AI receptionist", url: "/app/receptionist" }}
              >
                <p>Set up the AI receptionist first; until it is live, no check-in call can be placed.</p>
              </Banner>
            )}
            {failure && (
              <Banner tone="critical" title={failure.intent === "save" ? "The schedule was not saved" : "That did not work"}>
                {failure.fields ? (
                  <ul>
                    {Object.values(failure.fields).map((message) => (
                      <li key={message}>{message}</li>
                    ))}
                  </ul>
                ) : (
                  <p>{failure.message}</p>
                )}
              </Banner>
            )}
            {data.saved && (
              <StatusCard
                active={data.form.active}
                toggling={busy("toggle")}
                onToggle={() => submit({ intent: "toggle", active: String(!data.form.active) })}
              />
            )}
            <ScheduleForm
              key={data.version}
              data={data}
              errors={failure?.fields}
              saving={busy("save")}
              onSave={(values) => submit(values)}
              onDelete={() => setConfirmDelete(true)}
            />
            {data.saved && <NextCalls calls={data.nextCalls} timezone={data.form.timezone} active={data.form.active} />}
            <JobHistory
              data={data}
              cancelingJob={busy("cancel-job") ? String(action.formData?.get("jobId")) : undefined}
              onCancel={(jobId) => submit({ intent: "cancel-job", jobId })}
              callingJob={busy("call-now") ? String(action.formData?.get("jobId")) : undefined}
              onCallNow={(jobId) => submit({ intent: "call-now", jobId })}
            />
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
          <Text as="p">Pending calls are canceled. Past calls stay in the history below.</Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

function StatusCard({ active, toggling, onToggle }: { active: boolean; toggling: boolean; onToggle: () => void }) {
  return (
    <Card>
      <InlineStack align="space-between" blockAlign="center">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Calls
          </Text>
          <Badge tone={active ? "success" : undefined}>{active ? "On" : "Paused"}</Badge>
        </InlineStack>
        <Button loading={toggling} onClick={onToggle}>
          {active ? "Pause calls" : "Turn calls on"}
        </Button>
      </InlineStack>
    </Card>
  );
}

function ScheduleForm({
  data,
  errors,
  saving,
  onSave,
  onDelete,
}: {
  data: LoaderData;
  errors?: CheckinErrors;
  saving: boolean;
  onSave: (values: URLSearchParams) => void;
  onDelete: () => void;
}) {
  const [values, setValues] = useState(data.form);
  const set =
    <K extends keyof typeof values>(field: K) =>
    (value: (typeof values)[K]) =>
      setValues((current) => ({ ...current, [field]: value }));

  const save = () => {
    const form = new URLSearchParams({
      intent: "save",
      phone: values.phone,
      timezone: values.timezone,
      timeOfDay: values.timeOfDay,
      cadence: values.cadence,
      active: String(values.active),
      consent: String(values.consent),
      voiceId: values.voiceId,
    });
    // One entry per day, as checkboxes post them.
    if (values.cadence === "custom") for (const day of values.daysOfWeek) form.append("daysOfWeek", String(day));
    onSave(form);
  };

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Schedule
        </Text>
        <FormLayout>
          <TextField
            label="Phone number to call"
            type="tel"
            value={values.phone}
            onChange={set("phone")}
            placeholder="(212) 555-0123"
            helpText="US numbers can omit +1; other countries need their + code."
            autoComplete="tel"
            error={errors?.phone}
          />
          <FormLayout.Group>
            <Select
              label="Time zone"
              options={data.timezones}
              value={values.timezone}
              onChange={set("timezone")}
              helpText="Calls follow this zone's clock, including daylight saving time."
              error={errors?.timezone}
            />
            <TextField
              label="Time of day"
              value={values.timeOfDay}
              onChange={set("timeOfDay")}
              placeholder={DEFAULT_TIME}
              helpText="24-hour clock, in the time zone on the left."
              autoComplete="off"
              error={errors?.timeOfDay}
            />
          </FormLayout.Group>
          <Select
            label="Cadence"
            options={CADENCES.map((cadence) => ({ label: CADENCE_LABELS[cadence], value: cadence }))}
            value={values.cadence}
            onChange={(value) => set("cadence")(value as (typeof CADENCES)[number])}
            error={errors?.cadence}
          />
          {values.cadence === "custom" && (
            <ChoiceList
              title="Days"
              allowMultiple
              choices={DAYS.map((label, day) => ({ label, value: String(day) }))}
              selected={values.daysOfWeek.map(String)}
              onChange={(selected) => set("daysOfWeek")(selected.map(Number))}
              error={errors?.daysOfWeek}
            />
          )}
          <Select
            label="Voice"
            options={[{ label: "The receptionist's voice", value: "" }, ...data.voices.map((voice) => ({ label: voice.label, value: voice.name }))]}
            value={values.voiceId}
            onChange={set("voiceId")}
            error={errors?.voiceId}
          />
          <Checkbox label={CONSENT_LABEL} checked={values.consent} onChange={set("consent")} error={errors?.consent} />
          <Checkbox label="Place calls on this schedule" checked={values.active} onChange={set("active")} error={errors?.active} />
        </FormLayout>
        <InlineStack align={data.saved ? "space-between" : "end"}>
          {data.saved && (
            <Button tone="critical" variant="plain" onClick={onDelete}>
              Delete schedule
            </Button>
          )}
          <Button variant="primary" loading={saving} onClick={save}>
            Save
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function NextCalls({ calls, timezone, active }: { calls: LoaderData["nextCalls"]; timezone: string; active: boolean }) {
  // The browser's zone is known only on the client: computed after hydration, so server and client first render the same markup.
  const [browser, setBrowser] = useState<{ zone: string; times: string[] } | null>(null);
  useEffect(() => {
    setBrowser({ zone: Intl.DateTimeFormat().resolvedOptions().timeZone, times: calls.map((call) => formatInstant(call.iso)) });
  }, [calls]);

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Next calls
        </Text>
        {!active && (
          <Text as="p" tone="subdued">
            Calls are paused: these are the times they would be placed once turned on.
          </Text>
        )}
        <DataTable
          columnContentTypes={["text", "text", "text"]}
          headings={[`Schedule time (${timezone})`, `Your time${browser ? ` (${browser.zone})` : ""}`, "What happens"]}
          rows={calls.map((call, index) => [call.scheduleTime, browser?.times[index] ?? "…", call.label])}
        />
      </BlockStack>
    </Card>
  );
}

function JobHistory({
  data,
  cancelingJob,
  onCancel,
  callingJob,
  onCallNow,
}: {
  data: LoaderData;
  cancelingJob?: string;
  onCancel: (jobId: string) => void;
  callingJob?: string;
  onCallNow: (jobId: string) => void;
}) {
  const { stats, jobs } = data;
  const upcoming = jobs.filter((job) => job.upcoming);
  const past = jobs.filter((job) => !job.upcoming);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Call history
        </Text>
        {stats.total > 0 && (
          <InlineStack gap="300" wrap>
            {(Object.keys(stats.counts) as ListedJobStatus[]).map((status) => (
              <Text as="span" key={status}>
                {status}: <b>{stats.counts[status]}</b>
              </Text>
            ))}
            <Text as="span">
              Success rate: <b>{stats.successRate === null ? "—" : `${Math.round(stats.successRate * 100)}%`}</b>
            </Text>
          </InlineStack>
        )}
        {jobs.length === 0 ? (
          <Text as="p" tone="subdued">
            No check-in calls yet.
          </Text>
        ) : (
          <>
            <JobTable title="Upcoming" jobs={upcoming} timezone={data.form.timezone} cancelingJob={cancelingJob} onCancel={onCancel} />
            <JobTable title="Past" jobs={past} timezone={data.form.timezone} callingJob={callingJob} onCallNow={onCallNow} />
          </>
        )}
      </BlockStack>
    </Card>
  );
}

function JobTable({
  title,
  jobs,
  timezone,
  cancelingJob,
  onCancel,
  callingJob,
  onCallNow,
}: {
  title: string;
  jobs: LoaderData["jobs"];
  timezone: string;
  cancelingJob?: string;
  onCancel?: (jobId: string) => void;
  callingJob?: string;
  onCallNow?: (jobId: string) => void;
}) {
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {title}
      </Text>
      {jobs.length === 0 ? (
        <Text as="p" tone="subdued">
          {title === "Upcoming" ? "No call is planned." : "No call has happened yet."}
        </Text>
      ) : (
        <DataTable
          columnContentTypes={["text", "text", "numeric", "text", "text"]}
          headings={[`Scheduled (${timezone})`, "Status", "Attempts", "Details", ""]}
          rows={jobs.map((job) => [
            job.scheduledTime,
            <Badge key="status" tone={STATUS_TONES[job.status]}>
              {job.status}
            </Badge>,
            job.attempts,
            job.details ?? "",
            onCancel && job.cancelable ? (
              <Button key="cancel" size="slim" loading={cancelingJob === job.id} onClick={() => onCancel(job.id)}>
                Cancel
              </Button>
            ) : onCallNow && job.callable ? (
              // Disabled while the first click is in flight; the server makes a second one a no-op anyway.
              <Button key="call-now" size="slim" loading={callingJob === job.id} disabled={callingJob !== undefined} onClick={() => onCallNow(job.id)}>
                Call now
              </Button>
            ) : (
              ""
            ),
          ])}
        />
      )}
    </BlockStack>
  );
}
