// For load balancers and uptime checks: 200 when the database answers and a
// worker beat recently, 503 otherwise, with a small JSON body saying which.
import { json } from "@remix-run/node";
import prisma from "../db.server";
import { HEARTBEAT_STALE_MS, latestHeartbeat } from "../jobs/heartbeat.server";

const DATABASE_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms).unref())]);
}

export const loader = async () => {
  let database: "ok" | "down" = "ok";
  let worker: "ok" | "stale" | "none" | "unknown" = "unknown";
  try {
    await withTimeout(prisma.$queryRaw`SELECT 1`, DATABASE_TIMEOUT_MS);
    const beatAt = await withTimeout(latestHeartbeat(), DATABASE_TIMEOUT_MS);
    worker = !beatAt ? "none" : Date.now() - beatAt.getTime() > HEARTBEAT_STALE_MS ? "stale" : "ok";
  } catch {
    database = "down";
  }
  const healthy = database === "ok" && worker === "ok";
  return json({ status: healthy ? "ok" : "degraded", database, worker }, { status: healthy ? 200 : 503, headers: { "Cache-Control": "no-store" } });
};
