// /healthz checks the web process and the database only; /healthz/worker
// says whether workers beat, pick up due jobs and place calls on time, and
// why not.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { beat, HEARTBEAT_STALE_MS } from "../jobs/heartbeat.server";
import { jobQueue, QUEUES, stopJobQueue } from "../jobs/queue.server";
import { BACKLOG_STALE_MS, DISPATCH_OVERDUE_MS } from "../jobs/worker-health.server";
import { eventually } from "../../tests/support/checkins";
import { installShop } from "../../tests/support/shopify";
import { loader as healthz } from "./healthz";
import { loader as workerHealthz } from "./healthz_.worker";

afterAll(() => stopJobQueue());

beforeEach(async () => {
  await prisma.workerHeartbeat.deleteMany();
  await prisma.callJob.deleteMany();
  await (await jobQueue()).deleteAllJobs();
});

const ago = (ms: number) => new Date(Date.now() - ms);

describe("/healthz", () => {
  it.each([
    ["no worker ever", async () => undefined],
    ["a fresh heartbeat", () => beat()],
    ["a stale heartbeat", () => beat(ago(HEARTBEAT_STALE_MS + 1000))],
  ])("is 200 with %s: the web does not depend on the worker", async (_, setUp) => {
    await setUp();
    const response = await healthz();
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", database: "ok" });
  });
});

describe("/healthz/worker", () => {
  it("is 200 with a fresh heartbeat, nothing waiting and no call late", async () => {
    await beat();
    const response = await workerHealthz();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "ok",
      problems: [],
      heartbeat: { ageSeconds: 0 },
      backlog: { due: 0 },
      overdueDispatch: { queued: 0 },
    });
  });

  it.each([
    ["no worker ever beat", async () => undefined, /No worker has ever sent a heartbeat/],
    ["the heartbeat is stale", () => beat(ago(HEARTBEAT_STALE_MS + 5000)), /No worker heartbeat for 65 s/],
    [
      "a due job waits too long",
      async () => {
        await beat();
        const boss = await jobQueue();
        await boss.send(QUEUES.shopShutdown, { shopDomain: "x.myshopify.com" });
        await prisma.$executeRaw`UPDATE pgboss.job SET start_after = ${ago(BACKLOG_STALE_MS + 60_000)}`;
      },
      /1 due jobs waiting; the oldest for 180 s/,
    ],
    [
      "a check-in call is past its time and not placed",
      async () => {
        await beat();
        const shop = await installShop("health.myshopify.com");
        await prisma.callJob.create({ data: { shopId: shop.id, localDate: "2026-12-01", scheduledForUtc: ago(DISPATCH_OVERDUE_MS + 60_000) } });
      },
      /1 check-in calls past their time and not placed; the oldest 180 s late/,
    ],
  ])("is 503 when %s, and says so", async (_, setUp, reason) => {
    await setUp();
    const response = await workerHealthz();
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; problems: string[] };
    expect(body.status).toBe("unhealthy");
    expect(body.problems).toHaveLength(1);
    expect(body.problems[0]).toMatch(reason);
  });

  it("a real worker started, then stopped: /healthz stays 200, /healthz/worker turns 503", { timeout: 30_000 }, async () => {
    const { startWorker } = await import("../jobs/worker");
    const worker = await startWorker();
    try {
      // Its first heartbeat is written just after it started.
      await eventually(async () => (await workerHealthz()).status === 200, 10_000, "the worker's first heartbeat");
    } finally {
      await worker.stop();
    }
    expect((await healthz()).status).toBe(200);
    const response = await workerHealthz();
    expect(response.status).toBe(503);
    expect(((await response.json()) as { problems: string[] }).problems[0]).toMatch(/No worker has ever sent a heartbeat/);
  });
});
