// `npm run worker`: the process that plans and places check-in calls. Run it
// beside the web process (any number of instances: the planner's writes and
// the dispatcher's claim are conditional, so no call is placed twice). In
// the sandbox and in development it starts with the app.
import type { PgBoss } from "pg-boss";
import { reconcileCalls } from "../calls/reconciliation.server";
import { dispatchCallJob } from "../checkins/dispatcher.server";
import { runComplianceRequest } from "../compliance/compliance-work.server";
import { runKnowledgeRefresh, scheduleCredentialUpdates, scheduleDailyKnowledgeRefreshes } from "../receptionist/knowledge-refresh.server";
import { sweepStaleJobs } from "../checkins/job-control.server";
import { planDueSchedules } from "../checkins/planner.server";
import { env } from "../env.server";
import { endLogs, logger, newCorrelationId, withCorrelationId } from "../observability/logger.server";
import { flushSentry, initSentry } from "../observability/sentry.server";
import { isMainModule, STOP_DEADLINE_MS, stopOnSignals } from "../process/lifecycle";
import { startHeartbeat } from "./heartbeat.server";
import { releaseShopResources } from "../shops/uninstall.server";
import { pruneOldRecords } from "../retention/prune.server";
import { runStorefrontSync } from "../storefront/storefront-number.server";
import { unauthenticated } from "../shopify.server";
import { startStrandedRunWatch, superviseProvisioning } from "../receptionist/provisioning-job.server";
import {
  QUEUES,
  startQueue,
  type CompliancePayload,
  type DispatchPayload,
  type KnowledgePayload,
  type ProvisioningPayload,
  type ShopShutdownPayload,
  type StorefrontSyncPayload,
} from "./queue.server";

/** Every 5 minutes, in UTC: occurrences are computed by the planner, not by cron (DST). */
export const PLAN_CRON = "*/5 * * * *";
/** Daily at 03:17 UTC (a quiet hour, off the round minute). */
export const PRUNE_CRON = "17 3 * * *";

/**
 * How long a stopping worker lets in-flight jobs finish (a dispatch waiting
 * on Vapi's POST /call); pg-boss then fails the rest and aborts their
 * signals, so no new attempt starts. Within the process's stop deadline.
 */
const WORKER_DRAIN_MS = STOP_DEADLINE_MS - 3_000;
/** Daily at 04:41 UTC: every receptionist's knowledge (policies, the prompt's open/closed timeline). */
export const KNOWLEDGE_DAILY_CRON = "41 4 * * *";
/** Every minute: unconfirmed placements are resolved soon; stale calls once they are old enough. */
export const RECONCILE_CRON = "* * * * *";

export async function startWorker(): Promise<{ boss: PgBoss; stop: () => Promise<void> }> {
  initSentry();
  const boss = await startQueue({ schedule: true, supervise: true });
  await boss.schedule(QUEUES.plan, PLAN_CRON, null, { tz: "UTC" });
  await boss.schedule(QUEUES.prune, PRUNE_CRON, null, { tz: "UTC" });
  await boss.schedule(QUEUES.reconcile, RECONCILE_CRON, null, { tz: "UTC" });
  await boss.schedule(QUEUES.knowledgeDaily, KNOWLEDGE_DAILY_CRON, null, { tz: "UTC" });
  await boss.work(QUEUES.knowledgeDaily, async () =>
    withCorrelationId(`knowledge-daily-${newCorrelationId()}`, async () => {
      logger.info("Daily knowledge refresh scheduled", { shops: await scheduleDailyKnowledgeRefreshes() });
    }),
  );

  await boss.work(QUEUES.plan, async () =>
    withCorrelationId(`plan-${newCorrelationId()}`, async () => {
      let planned: Awaited<ReturnType<typeof planDueSchedules>> | undefined;
      try {
        planned = await planDueSchedules();
      } finally {
        // Also when planning failed: jobs whose dispatch was lost still end as missed, not "planned".
        const swept = await sweepStaleJobs();
        if (planned) logger.info("Planner tick", { ...planned, ...swept });
      }
    }),
  );

  await boss.work(QUEUES.reconcile, async () =>
    withCorrelationId(`reconcile-${newCorrelationId()}`, async () => {
      await reconcileCalls();
    }),
  );

  // One dispatch per fetch, each with its own deadline and heartbeat; short
  // polling keeps calls on time. The handlers wait for one of the global
  // call slots (call-slots.server.ts), so the cap holds across workers. A
  // throw (a database error) fails and retries only that dispatch.
  await boss.work<DispatchPayload>(
    QUEUES.dispatch,
    { batchSize: 1, localConcurrency: env.CHECKIN_MAX_CONCURRENT_CALLS, pollingIntervalSeconds: 0.5 },
    async ([job]) =>
      withCorrelationId(`dispatch-${job.data.callJobId.slice(-8)}`, async () => {
        const outcome = await dispatchCallJob(job.data.callJobId, { signal: job.signal });
        logger.info(`Dispatch: ${outcome}`, { callJobId: job.data.callJobId });
      }),
  );

  // One job per fetch (the default batch): a throw fails and retries only that job.
  await boss.work<CompliancePayload>(QUEUES.compliance, async ([job]) =>
    withCorrelationId(`compliance-${job.id.slice(-8)}`, () => runComplianceRequest(job.data)),
  );
  await boss.work<KnowledgePayload>(QUEUES.knowledge, async ([job]) =>
    withCorrelationId(`knowledge-${job.id.slice(-8)}`, async () => {
      const outcome = await runKnowledgeRefresh(job.data);
      logger.info(`Knowledge refresh: ${outcome}`, { shop: job.data.shopDomain });
    }),
  );

  await boss.work<ShopShutdownPayload>(QUEUES.shopShutdown, async ([job]) =>
    withCorrelationId(`shutdown-${job.id.slice(-8)}`, () => releaseShopResources(job.data)),
  );

  await boss.work<ProvisioningPayload>(QUEUES.provisioning, async ([job]) =>
    withCorrelationId(`provision-${job.id.slice(-8)}`, async () => {
      const outcome = await superviseProvisioning(job.data);
      logger.info(`Provisioning watchdog: ${outcome}`, { shopId: job.data.shopId });
    }),
  );
  const stopStrandedRunWatch = startStrandedRunWatch();
  await boss.work<StorefrontSyncPayload>(QUEUES.storefront, async ([job]) =>
    withCorrelationId(`storefront-${job.id.slice(-8)}`, async () => {
      const outcome = await runStorefrontSync(job.data, async (domain) => (await unauthenticated.admin(domain)).admin);
      logger.info(`Storefront sync: ${outcome}`, { shop: job.data.shopDomain });
    }),
  );
  await boss.work(QUEUES.prune, async () => withCorrelationId(`prune-${newCorrelationId()}`, () => pruneOldRecords()));

  // A cron run is lost while no instance is up (pg-boss #557): plan at start.
  await planDueSchedules();
  // HMAC turned on (or its credential changed) since assistants were last updated: they get it now, not at 04:41.
  const credentialUpdates = await scheduleCredentialUpdates();
  if (credentialUpdates > 0) logger.info("Assistants queued for an update with the webhook credential", { shops: credentialUpdates });
  const stopHeartbeat = startHeartbeat();
  logger.info("Worker started");
  return {
    boss,
    stop: async () => {
      stopStrandedRunWatch();
      await stopHeartbeat();
      await boss.stop({ graceful: true, timeout: WORKER_DRAIN_MS });
      await flushSentry();
    },
  };
}

// Run directly (npm run worker, or build/worker.js), not when imported by the tests.
if (isMainModule(import.meta.url)) {
  const worker = await startWorker();
  stopOnSignals({ name: "worker", stop: worker.stop, log: (message) => logger.info(message), flush: endLogs });
}
