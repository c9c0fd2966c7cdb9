// The job queue (pg-boss, in the app's own PostgreSQL). Web instances only
// send; worker processes (app/jobs/worker.ts) also run the cron and the
// handlers.
import { PgBoss } from "pg-boss";
import { env } from "../env.server";
import { logger } from "../observability/logger.server";
import { isStopping, onShutdown } from "../process/lifecycle";

export const QUEUES = {
  /** The planner's tick: plans every schedule's coming horizon. */
  plan: "checkins-plan",
  /** One check-in call to place, at its time. */
  dispatch: "checkins-dispatch",
  /** Calls whose final webhook never came, brought up to date from GET /call (calls/reconciliation.server.ts). */
  reconcile: "calls-reconcile",
  /** A compliance webhook's work (data request, customer or shop redaction). */
  compliance: "shopify-compliance",
  /** Rebuilds one shop's assistant from its products, a while after they changed. */
  knowledge: "receptionist-knowledge",
  /** Daily: a knowledge refresh for every receptionist (policies have no webhook; the open/closed timeline moves ahead). */
  knowledgeDaily: "receptionist-knowledge-daily",
  /** After app/uninstalled: the shop's Vapi work (withdraw calls, release the number and assistant). */
  shopShutdown: "shop-shutdown",
  /** A shop's provisioning watchdog: resumes a run whose process died, releases stray Vapi resources. */
  provisioning: "receptionist-provisioning",
  /** Daily: delivery records and finished jobs older than 30 days are deleted. */
  prune: "retention-prune",
  /** Retries the storefront's "Call us" metafield after a failed sync. */
  storefront: "storefront-sync",
} as const;

export interface DispatchPayload {
  callJobId: string;
}

export interface KnowledgePayload {
  shopDomain: string;
}

export interface CompliancePayload {
  /** The ComplianceRequest row: the job itself names no customer. */
  requestId: string;
}

/**
 * Shopify allows 30 days for a privacy request: 60 s doubling up to 6 h
 * apart (about 8.5 h for the first 9 retries), then every 6 h, is about 30
 * days over 128 attempts.
 */
const COMPLIANCE_RETRY = { retryLimit: 127, retryDelay: 60, retryBackoff: true, retryDelayMax: 6 * 60 * 60 } as const;
export const COMPLIANCE_MAX_ATTEMPTS = COMPLIANCE_RETRY.retryLimit + 1;

export interface StorefrontSyncPayload {
  shopDomain: string;
}

export interface ShopShutdownPayload {
  shopDomain: string;
}

export interface ProvisioningPayload {
  shopId: string;
}

let started: Promise<PgBoss> | undefined;
let stopsOnShutdown = false;

/** A started pg-boss for sending (no cron, no maintenance): one per process. A start that failed is tried again by the next caller. */
export function jobQueue(): Promise<PgBoss> {
  if (!started) {
    const starting = startQueue({ schedule: false, supervise: false });
    starting.catch(() => {
      if (started === starting) started = undefined;
    });
    started = starting;
    if (!stopsOnShutdown) {
      stopsOnShutdown = true;
      onShutdown("job queue", stopJobQueue);
    }
  }
  return started;
}

/**
 * Each dispatch is its own job with its own deadline (one step of the
 * dispatcher: at most a POST /call and the lookup after a timeout). A worker
 * that dies stops its heartbeat: within about 20 s (heartbeat, then the
 * supervisor's pass) pg-boss retries the job on another worker, which takes
 * over the claim (the dispatcher's lease makes a second placement impossible).
 */
export function dispatchQueueOptions() {
  return {
    retryLimit: 20,
    retryDelay: 1,
    heartbeatSeconds: 10,
    expireInSeconds: Math.ceil(env.VAPI_TIMEOUT_SECONDS * 2 + env.CHECKIN_PLACEMENT_LOOKUP_SECONDS + 60),
  };
}

/** How often a worker's pg-boss looks for dead workers' jobs (missed heartbeats, expiries). */
const SUPERVISE_SECONDS = 10;

let closedWhileStopping = false;

/**
 * The database ended or broke pg-boss's connection (a restart, a failover, an administrator): pg-boss connects
 * again by itself. A refused password, a missing database or a full server does not mend itself: an error.
 */
export function databaseWentAway(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: string };
  return ["57P01", "57P02", "57P03", "ECONNRESET", "EPIPE"].includes(code ?? "") || /Connection terminated/.test(error.message);
}

export async function startQueue(options: { schedule: boolean; supervise: boolean }): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: env.DATABASE_URL,
    ...options,
    ...(options.supervise ? { superviseIntervalSeconds: SUPERVISE_SECONDS, monitorIntervalSeconds: SUPERVISE_SECONDS } : {}),
  });
  boss.on("error", (error) => {
    if (!databaseWentAway(error)) return logger.error("Job queue error", { error });
    // A database restart or failover ends pg-boss's connections and it connects again by itself; Ctrl+C stops the
    // sandbox's embedded database with the app (one process group), so there it comes with every stop.
    const { code, message } = error as Error & { code?: string };
    if (isStopping()) {
      // Once: every connection of the pool says the same.
      if (!closedWhileStopping) logger.info("Job queue: the database closed its connections while stopping", { code });
      closedWhileStopping = true;
    } else logger.warn("Job queue: lost its database connection; it reconnects", { code, error: message });
  });
  try {
    await startAndCreateQueues(boss);
  } catch (error) {
    // Nothing of a failed start stays open (its connections).
    await boss.stop({ graceful: false, close: true }).catch(() => undefined);
    throw error;
  }
  return boss;
}

async function startAndCreateQueues(boss: PgBoss): Promise<void> {
  await boss.start();
  // Idempotent; sending to a queue that does not exist throws.
  await boss.createQueue(QUEUES.plan);
  await boss.createQueue(QUEUES.reconcile);
  // createQueue leaves an existing queue as it is: the update brings a queue
  // made by an earlier version to these options.
  await boss.createQueue(QUEUES.dispatch, dispatchQueueOptions());
  await boss.updateQueue(QUEUES.dispatch, dispatchQueueOptions());
  // Shopify expects the data work within 30 days: retry for that long, and
  // keep a waiting job at least as long (pg-boss drops older ones).
  await boss.createQueue(QUEUES.compliance, { ...COMPLIANCE_RETRY, retentionSeconds: 31 * 24 * 60 * 60 });
  // "stately": at most one waiting job per shop (the singletonKey), so a burst
  // of product webhooks folds into the one already waiting; a change during a
  // running refresh still gets a job of its own (the run may have read the
  // products before that change).
  await boss.createQueue(QUEUES.knowledge, { policy: "stately", retryLimit: 3, retryDelay: 30, retryBackoff: true });
  await boss.createQueue(QUEUES.knowledgeDaily, { retryLimit: 2, retryDelay: 300 });
  // The released number stops billing only when Vapi answers: keep trying
  // for about a day (10 s, doubling, at most an hour apart).
  // "stately": one waiting watchdog per shop (singletonKey), a second send joins it.
  await boss.createQueue(QUEUES.provisioning, { policy: "stately", retryLimit: 5, retryDelay: 10, retryBackoff: true, retryDelayMax: 600 });
  // "stately": one waiting sync per shop; it reads the shop as it is when it runs.
  await boss.createQueue(QUEUES.storefront, { policy: "stately", retryLimit: 20, retryDelay: 30, retryBackoff: true, retryDelayMax: 3600 });
  await boss.createQueue(QUEUES.prune, { retryLimit: 2, retryDelay: 300 });
  await boss.createQueue(QUEUES.shopShutdown, { retryLimit: 30, retryDelay: 10, retryBackoff: true, retryDelayMax: 3600 });
}

export async function stopJobQueue(): Promise<void> {
  if (!started) return;
  const boss = await started.catch(() => null);
  started = undefined;
  if (!boss) return;
  await boss.stop({ graceful: false, close: true });
}
