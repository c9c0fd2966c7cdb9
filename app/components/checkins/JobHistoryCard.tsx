import { Badge, BlockStack, Button, Card, DataTable, InlineStack, Link, Text } from "@shopify/polaris";
import type { JobRow, ScheduleView } from "../../checkins/checkins-view.server";

export const JOB_TONES: Record<string, "info" | "attention" | "success" | "critical" | "warning" | undefined> = {
  scheduled: "info",
  started: "attention",
  completed: "success",
  failed: "critical",
  missed: "warning",
};

export interface JobActions {
  cancelingJob?: string;
  onCancel: (jobId: string) => void;
  callingJob?: string;
  onCallNow: (jobId: string) => void;
}

/** What a past call brought back: Vapi's summary and the notes taken, or why it did not happen. */
function JobDetails({ job }: { job: JobRow }) {
  return (
    <BlockStack gap="100">
      {job.summary && <Text as="span">{job.summary}</Text>}
      {job.notes.map((note) => (
        <Text as="span" key={note}>
          Note: {note}
        </Text>
      ))}
      {job.details && (
        <Text as="span" tone="subdued">
          {job.details}
        </Text>
      )}
    </BlockStack>
  );
}

function JobTable({
  title,
  jobs,
  scheduleId,
  timezone,
  actions,
}: {
  title: string;
  jobs: JobRow[];
  scheduleId: string;
  timezone: string;
  actions: JobActions;
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
          headings={[`Scheduled (${timezone})`, "Status", "Attempts", "Outcome and notes", "Actions"]}
          rows={jobs.map((job) => [
            <Link key="job" url={`/app/checkins/${scheduleId}/jobs/${job.id}`} removeUnderline>
              {job.scheduledTime}
            </Link>,
            <Badge key="status" tone={JOB_TONES[job.status]}>
              {job.statusLabel}
            </Badge>,
            job.attempts,
            <JobDetails key="details" job={job} />,
            job.cancelable ? (
              <Button key="cancel" size="slim" loading={actions.cancelingJob === job.id} onClick={() => actions.onCancel(job.id)}>
                Cancel
              </Button>
            ) : job.callable ? (
              // Disabled while the first click is in flight; the server makes a second one a no-op anyway.
              <Button
                key="call-now"
                size="slim"
                loading={actions.callingJob === job.id}
                disabled={actions.callingJob !== undefined}
                onClick={() => actions.onCallNow(job.id)}
              >
                Call now
              </Button>
            ) : job.callId ? (
              <Link key="call" url={`/app/calls/${job.callId}`}>
                Call record
              </Link>
            ) : (
              "—"
            ),
          ])}
        />
      )}
    </BlockStack>
  );
}

/** This schedule's calls: statistics, then upcoming and past jobs. */
export function JobHistoryCard({ view, actions }: { view: ScheduleView; actions: JobActions }) {
  const { stats, jobs } = view;
  const upcoming = jobs.filter((job) => job.upcoming);
  const past = jobs.filter((job) => !job.upcoming);
  const scheduleId = view.id ?? "";
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Call history
        </Text>
        {stats && stats.total > 0 && (
          <InlineStack gap="300" wrap>
            {stats.counts.map(({ status, label, count }) => (
              <Text as="span" key={status}>
                {label}: <b>{count}</b>
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
            <JobTable title="Upcoming" jobs={upcoming} scheduleId={scheduleId} timezone={view.form.timezone} actions={actions} />
            <JobTable title="Past" jobs={past} scheduleId={scheduleId} timezone={view.form.timezone} actions={actions} />
          </>
        )}
      </BlockStack>
    </Card>
  );
}
