// Workers record a heartbeat; /healthz/worker reports a stale one, so
// monitoring sees when no worker is placing calls.
import { hostname } from "node:os";
import prisma from "../db.server";
import { logger } from "../observability/logger.server";

export const HEARTBEAT_INTERVAL_MS = 15_000;
/** A worker silent for longer than this is considered gone. */
export const HEARTBEAT_STALE_MS = 60_000;

export const workerId = `${hostname()}:${process.pid}`;

export async function beat(now = new Date()): Promise<void> {
  await prisma.workerHeartbeat.upsert({ where: { id: workerId }, create: { id: workerId, beatAt: now }, update: { beatAt: now } });
}

/** Beats now and then every interval, until the returned function is called. */
export function startHeartbeat(): () => Promise<void> {
  const tick = () => beat().catch((error: unknown) => logger.error("Worker heartbeat failed", { error }));
  void tick();
  const timer = setInterval(tick, HEARTBEAT_INTERVAL_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    // Best effort: a stale row only makes /healthz/worker report a stale worker.
    await prisma.workerHeartbeat.deleteMany({ where: { id: workerId } }).catch(() => undefined);
  };
}

/** The most recent heartbeat of any worker, or null. */
export async function latestHeartbeat(): Promise<Date | null> {
  const latest = await prisma.workerHeartbeat.findFirst({ orderBy: { beatAt: "desc" } });
  return latest?.beatAt ?? null;
}
