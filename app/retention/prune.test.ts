// The daily retention job deletes delivery records and finished jobs older
// than 30 days, and keeps younger ones and jobs still waiting.
import { afterAll, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { jobQueue, QUEUES, stopJobQueue } from "../jobs/queue.server";
import { pruneOldRecords, RETENTION_DAYS } from "./prune.server";

afterAll(() => stopJobQueue());

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);

describe("pruneOldRecords", () => {
  it("deletes what is older than 30 days and nothing younger or unfinished", async () => {
    const ages = [RETENTION_DAYS + 5, RETENTION_DAYS + 0.01, RETENTION_DAYS - 0.01, 1, 0];
    await prisma.webhookDelivery.createMany({
      data: ages.map((age, i) => ({ source: "shopify" as const, deliveryKey: `d-${i}`, topic: "products/update", receivedAt: daysAgo(age) })),
    });
    const boss = await jobQueue();
    const ids: Array<{ id: string; age: number; state: string }> = [];
    for (const [i, age] of ages.entries()) {
      for (const state of ["completed", "failed", "created"]) {
        const id = (await boss.send(QUEUES.prune, { i, state }))!;
        await prisma.$executeRaw`UPDATE pgboss.job SET state = ${state}::pgboss.job_state, completed_on = ${state === "created" ? null : daysAgo(age)}, created_on = ${daysAgo(age)} WHERE id = ${id}::uuid`;
        ids.push({ id, age, state });
      }
    }

    const pruned = await pruneOldRecords();

    expect(pruned).toEqual({ deliveries: 2, jobs: 4 });
    const deliveries = await prisma.webhookDelivery.findMany({ orderBy: { deliveryKey: "asc" } });
    expect(deliveries.map((delivery) => delivery.deliveryKey)).toEqual(["d-2", "d-3", "d-4"]);
    const left = await prisma.$queryRaw<Array<{ id: string }>>`SELECT id::text AS id FROM pgboss.job WHERE name = ${QUEUES.prune}`;
    const expected = ids.filter(({ age, state }) => state === "created" || age < RETENTION_DAYS).map(({ id }) => id);
    expect(left.map(({ id }) => id).sort()).toEqual(expected.sort());
  });
});
