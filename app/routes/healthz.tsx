// For load balancers and uptime checks of the web process: 200 when the
// process runs and the database answers, 503 otherwise. The worker is not
// checked here (a worker outage must not take the admin and the webhooks
// down): /healthz/worker reports it, for monitoring.
import { json } from "@remix-run/node";
import prisma from "../db.server";

const DATABASE_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms).unref())]);
}

export const loader = async () => {
  let database: "ok" | "down" = "ok";
  try {
    await withTimeout(prisma.$queryRaw`SELECT 1`, DATABASE_TIMEOUT_MS);
  } catch {
    database = "down";
  }
  const healthy = database === "ok";
  return json({ status: healthy ? "ok" : "degraded", database }, { status: healthy ? 200 : 503, headers: { "Cache-Control": "no-store" } });
};
