// The job queue (pg-boss, in the app's own PostgreSQL). Web instances only
// send; worker processes (app/jobs/worker.ts) also run the cron and the
// handlers.
import { PgBoss } from "pg-boss";
import { env } from "../env.server";
import { logger } from "../observability/logger.server";

export const QUEUES = {
  /** The planner's tick: plans every schedule's coming horizon. */
  plan: "checkins-plan",
  /** One check-in call to place, at its time. */
  dispatch: "checkins-dispatch",
} as const;

export interface DispatchPayload {
  callJobId: string;
}

let started: Promise<PgBoss> | undefined;

/** A started pg-boss for sending (no cron, no maintenance): one per process. */
export function jobQueue(): Promise<PgBoss> {
  started ??= startQueue({ schedule: false, supervise: false });
  return started;
}

export async function startQueue(options: { schedule: boolean; supervise: boolean }): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: env.DATABASE_URL, ...options });
  boss.on("error", (error) => logger.error("Job queue error", { error }));
  await boss.start();
  // Idempotent; sending to a queue that does not exist throws.
  await boss.createQueue(QUEUES.plan);
  // The dispatcher retries Vapi itself and a late retry must not call late:
  // pg-boss does not retry, and a stuck handler expires.
  await boss.createQueue(QUEUES.dispatch, { retryLimit: 0, expireInSeconds: 300 });
  return boss;
}

export async function stopJobQueue(): Promise<void> {
  if (!started) return;
  const boss = await started;
  started = undefined;
  await boss.stop({ graceful: false, close: true });
}
