import { Badge, BlockStack, Box, Button, Card, DataTable, InlineStack, Link, Text, useBreakpoints } from "@shopify/polaris";
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

function JobLink({ job, scheduleId }: { job: JobRow; scheduleId: string }) {
  return (
    <Link url={`/app/checkins/${scheduleId}/jobs/${job.id}`} removeUnderline>
      {job.scheduledTime}
    </Link>
  );
}

function JobStatus({ job }: { job: JobRow }) {
  return <Badge tone={JOB_TONES[job.status]}>{job.statusLabel}</Badge>;
}

/** Cancel a planned call, call a failed or missed one now, or open the call's record. */
function JobAction({ job, actions }: { job: JobRow; actions: JobActions }) {
  if (job.cancelable) {
    return (
      <Button size="slim" loading={actions.cancelingJob === job.id} onClick={() => actions.onCancel(job.id)}>
        Cancel
      </Button>
    );
  }
  if (job.callable) {
    // Disabled while the first click is in flight; the server makes a second one a no-op anyway.
    return (
      <Button size="slim" loading={actions.callingJob === job.id} disabled={actions.callingJob !== undefined} onClick={() => actions.onCallNow(job.id)}>
        Call now
      </Button>
    );
  }
  if (job.callId) return <Link url={`/app/calls/${job.callId}`}>Call record</Link>;
  return <>—</>;
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
  const { smDown } = useBreakpoints();
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {title}
      </Text>
      {jobs.length === 0 ? (
        <Text as="p" tone="subdued">
          {title === "Upcoming" ? "No call is planned." : "No call has happened yet."}
        </Text>
      ) : smDown ? (
        // A phone: one block per call, so the status and the action stay on screen (no sideways-scrolling table).
        <BlockStack gap="200" as="ul">
          {jobs.map((job) => (
            <Box as="li" key={job.id} paddingBlockEnd="200" borderBlockEndWidth="025" borderColor="border">
              <BlockStack gap="100">
                <InlineStack gap="200" align="space-between" blockAlign="center">
                  <JobLink job={job} scheduleId={scheduleId} />
                  <JobStatus job={job} />
                </InlineStack>
                <Text as="span" tone="subdued">
                  Attempts: {job.attempts}
                </Text>
                <JobDetails job={job} />
                <InlineStack>
                  <JobAction job={job} actions={actions} />
                </InlineStack>
              </BlockStack>
            </Box>
          ))}
        </BlockStack>
      ) : (
        <DataTable
          columnContentTypes={["text", "text", "numeric", "text", "text"]}
          headings={[`Scheduled (${timezone})`, "Status", "Attempts", "Outcome and notes", "Actions"]}
          rows={jobs.map((job) => [
            <JobLink key="job" job={job} scheduleId={scheduleId} />,
            <JobStatus key="status" job={job} />,
            job.attempts,
            <JobDetails key="details" job={job} />,
            <JobAction key="action" job={job} actions={actions} />,
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
            <JobTable title="Upcoming" jobs={upcoming} scheduleId={scheduleId} timezone={view.zone} actions={actions} />
            <JobTable title="Past" jobs={past} scheduleId={scheduleId} timezone={view.zone} actions={actions} />
          </>
        )}
      </BlockStack>
    </Card>
  );
}
