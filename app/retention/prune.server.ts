// Retention: what only matters for a while is deleted after 30 days, by a
// daily job: delivery records (a redelivery comes within hours, not weeks)
// and finished pg-boss jobs (their history; pg-boss keeps failed ones).
import prisma from "../db.server";
import { logger } from "../observability/logger.server";

export const RETENTION_DAYS = 30;

export async function pruneOldRecords(now = new Date()): Promise<{ deliveries: number; jobs: number }> {
  const cutoff = new Date(now.getTime() - RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const { count: deliveries } = await prisma.webhookDelivery.deleteMany({ where: { receivedAt: { lt: cutoff } } });
  // As an instant (ISO, with its zone): Prisma's pg adapter sends a Date as a wall-clock time without one, which a
  // timestamptz comparison would read in the database session's time zone.
  const jobs = await prisma.$executeRaw`
    DELETE FROM pgboss.job WHERE state IN ('completed', 'cancelled', 'failed') AND completed_on < ${cutoff.toISOString()}::timestamptz`;
  logger.info("Retention: old records pruned", { deliveries, jobs, cutoff: cutoff.toISOString() });
  return { deliveries, jobs };
}
