import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { beat, HEARTBEAT_STALE_MS } from "../jobs/heartbeat.server";
import { loader } from "./healthz";

beforeEach(() => prisma.workerHeartbeat.deleteMany());

describe("/healthz", () => {
  it("is 503 while no worker has ever beaten", async () => {
    const response = await loader();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "degraded", database: "ok", worker: "none" });
  });

  it("is 200 with a fresh worker heartbeat", async () => {
    await beat();
    const response = await loader();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "ok", worker: "ok" });
  });

  it("is 503 when the last heartbeat is stale", async () => {
    await beat(new Date(Date.now() - HEARTBEAT_STALE_MS - 1000));
    const response = await loader();
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ worker: "stale" });
  });
});
