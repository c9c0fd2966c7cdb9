// The job queue's own errors, against a real PostgreSQL: a database that ends
// pg-boss's connections (a restart, a failover, pg_terminate_backend) is a
// warning, and pg-boss carries on with new connections; once the process is
// stopping it is expected (the sandbox's database stops with it) and only
// noted. Any other error stays an error (Sentry).
import pg from "pg";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { logger } from "../observability/logger.server";
import { jobQueue, stopJobQueue } from "./queue.server";

let admin: pg.Client;
beforeAll(async () => {
  admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await jobQueue();
});
afterAll(async () => {
  await stopJobQueue();
  await admin.end();
});

/** Ends every connection pg-boss holds to this file's database, as a database restart would. */
async function endQueueConnections(): Promise<number> {
  const { rows } = await admin.query<{ ended: boolean }>(
    `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'pgboss'`,
  );
  return rows.filter((row) => row.ended).length;
}

it("connections ended by the database are a warning, not an error, and the queue goes on", async () => {
  const warn = vi.spyOn(logger, "warn");
  const error = vi.spyOn(logger, "error");
  try {
    const boss = await jobQueue();
    // An idle pool may hold none: a statement makes sure one is open to be ended.
    await boss.getQueues();
    expect(await endQueueConnections()).toBeGreaterThan(0);
    await vi.waitFor(
      () => expect(warn).toHaveBeenCalledWith("Job queue: lost its database connection; it reconnects", expect.objectContaining({ code: "57P01" })),
      {
        timeout: 5_000,
      },
    );
    expect(error.mock.calls.filter(([message]) => String(message).startsWith("Job queue"))).toEqual([]);
    // pg-boss connects again by itself (a statement that meets a connection not yet known to be ended may fail first).
    await vi.waitFor(async () => expect(Array.isArray(await boss.getQueues())).toBe(true), { timeout: 5_000 });
  } finally {
    warn.mockRestore();
    error.mockRestore();
  }
});
