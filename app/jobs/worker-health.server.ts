// Whether the workers are doing their work, for monitoring (not for the load
// balancer: the web serves the admin and the webhooks without a worker).
// Three signs, each with the limit past which it is a problem:
// - the last heartbeat of any worker;
// - the queue backlog: pg-boss jobs due but not picked up;
// - the oldest check-in call due but not yet claimed by a dispatch.
import prisma from "../db.server";
import { HEARTBEAT_STALE_MS, latestHeartbeat } from "./heartbeat.server";

/** A due job waits at most a polling interval or two; this long means nobody is fetching. */
export const BACKLOG_STALE_MS = 2 * 60 * 1000;
/** A check-in call is claimed within seconds of its time; this late, it will soon be missed. */
export const DISPATCH_OVERDUE_MS = 2 * 60 * 1000;

export interface WorkerHealth {
  healthy: boolean;
  /** Why it is unhealthy, in words an operator acts on; empty when healthy. */
  problems: string[];
  heartbeat: { lastBeatAt: string | null; ageSeconds: number | null };
  backlog: { due: number; oldestDueSeconds: number | null };
  overdueDispatch: { queued: number; oldestOverdueSeconds: number | null };
}

const seconds = (ms: number) => Math.round(ms / 1000);

export async function workerHealth(now = new Date()): Promise<WorkerHealth> {
  const [beatAt, [backlog], [overdue]] = await Promise.all([
    latestHeartbeat(),
    prisma.$queryRaw<Array<{ due: bigint; oldest: Date | null }>>`
      SELECT count(*) AS due, min(start_after) AS oldest FROM pgboss.job
      WHERE state IN ('created', 'retry') AND start_after <= ${now}`,
    prisma.$queryRaw<Array<{ queued: bigint; oldest: Date | null }>>`
      SELECT count(*) AS queued, min("scheduledForUtc") AS oldest FROM "CallJob"
      WHERE status = 'queued' AND "scheduledForUtc" <= ${new Date(now.getTime() - DISPATCH_OVERDUE_MS)}`,
  ]);
  const heartbeatAgeMs = beatAt ? now.getTime() - beatAt.getTime() : null;
  const oldestDueMs = backlog.oldest ? now.getTime() - backlog.oldest.getTime() : null;
  const oldestOverdueMs = overdue.oldest ? now.getTime() - overdue.oldest.getTime() : null;

  const problems: string[] = [];
  if (heartbeatAgeMs === null) problems.push("No worker has ever sent a heartbeat: is `npm run worker` running?");
  else if (heartbeatAgeMs > HEARTBEAT_STALE_MS) problems.push(`No worker heartbeat for ${seconds(heartbeatAgeMs)} s (limit ${seconds(HEARTBEAT_STALE_MS)} s).`);
  if (oldestDueMs !== null && oldestDueMs > BACKLOG_STALE_MS) {
    problems.push(`${backlog.due} due jobs waiting; the oldest for ${seconds(oldestDueMs)} s (limit ${seconds(BACKLOG_STALE_MS)} s).`);
  }
  if (oldestOverdueMs !== null) {
    problems.push(`${overdue.queued} check-in calls past their time and not placed; the oldest ${seconds(oldestOverdueMs)} s late.`);
  }
  return {
    healthy: problems.length === 0,
    problems,
    heartbeat: { lastBeatAt: beatAt?.toISOString() ?? null, ageSeconds: heartbeatAgeMs === null ? null : seconds(heartbeatAgeMs) },
    backlog: { due: Number(backlog.due), oldestDueSeconds: oldestDueMs === null ? null : seconds(oldestDueMs) },
    overdueDispatch: { queued: Number(overdue.queued), oldestOverdueSeconds: oldestOverdueMs === null ? null : seconds(oldestOverdueMs) },
  };
}
