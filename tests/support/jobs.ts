// Runs queued pg-boss jobs in the test's process, as the worker would, without
// starting the worker (its cron and planner are not under test here).
import type { PgBoss } from "pg-boss";

/** The queue's jobs still waiting (created or retry), with their data. */
export async function waitingJobs<T>(boss: PgBoss, queue: string): Promise<Array<{ id: string; data: T; startAfter: Date; singletonKey: string | null }>> {
  const { default: prisma } = await import("../../app/db.server");
  return prisma.$queryRaw`
    SELECT id::text AS id, data, start_after AS "startAfter", singleton_key AS "singletonKey"
    FROM pgboss.job WHERE name = ${queue} AND state IN ('created', 'retry') ORDER BY created_on`;
}

/** Makes the queue's delayed jobs due now, fetches them and runs `handle` on each; returns how many ran. */
export async function runWaitingJobs<T extends object>(boss: PgBoss, queue: string, handle: (data: T) => Promise<unknown>): Promise<number> {
  const { default: prisma } = await import("../../app/db.server");
  await prisma.$executeRaw`UPDATE pgboss.job SET start_after = now() WHERE name = ${queue} AND state IN ('created', 'retry')`;
  let ran = 0;
  for (;;) {
    const jobs = await boss.fetch<T>(queue, { batchSize: 50 });
    if (jobs.length === 0) return ran;
    for (const job of jobs) {
      await handle(job.data);
      await boss.complete(queue, job.id);
      ran++;
    }
  }
}
