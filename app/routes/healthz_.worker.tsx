// GET /healthz/worker, for monitoring: 200 while workers beat, pick up due
// jobs and place check-in calls on time; 503 with the reasons otherwise.
import { json } from "@remix-run/node";
import { workerHealth } from "../jobs/worker-health.server";

export const loader = async () => {
  try {
    const health = await workerHealth();
    return json({ status: health.healthy ? "ok" : "unhealthy", ...health }, { status: health.healthy ? 200 : 503, headers: { "Cache-Control": "no-store" } });
  } catch {
    return json(
      { status: "unknown", problems: ["The database did not answer: worker health cannot be read."] },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
};
