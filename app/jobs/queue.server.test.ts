// The job queue's own errors, against a real PostgreSQL: a database that ends
// pg-boss's connections (a restart, a failover, pg_terminate_backend) is a
// warning, and pg-boss carries on with new connections; once the process is
// stopping it is expected (the sandbox's database stops with it) and only
// noted. Any other error stays an error (Sentry).
import pg from "pg";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { logger } from "../observability/logger.server";
import { databaseWentAway, jobQueue, stopJobQueue } from "./queue.server";

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

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: "FATAL" });

it.each([
  ["an administrator's termination (57P01)", pgError("57P01", "terminating connection due to administrator command"), true],
  ["a crash shutdown (57P02)", pgError("57P02", "terminating connection due to crash of another server process"), true],
  ["a server starting or stopping (57P03)", pgError("57P03", "the database system is shutting down"), true],
  ["a reset socket", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }), true],
  ["a connection ended by the server", new Error("Connection terminated unexpectedly"), true],
  // FATAL too, but pg-boss cannot mend them by connecting again: errors, for Sentry.
  ["a refused password (28P01)", pgError("28P01", 'password authentication failed for user "app"'), false],
  ["a missing database (3D000)", pgError("3D000", 'database "app" does not exist'), false],
  ["a full server (53300)", pgError("53300", "sorry, too many clients already"), false],
  ["not an Error", "boom", false],
])("%s: the database went away? %s", (_name, error, expected) => {
  expect(databaseWentAway(error)).toBe(expected);
});
