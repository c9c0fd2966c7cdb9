// A plain node-postgres pool for the hot paths (Vapi webhook ingestion, the
// tool calls' reads and writes, loading a shop's Shopify session). Through Prisma's WASM query compiler each query costs
// about 1.2 ms of CPU (reference/stack.md); these paths issue one hand-written
// statement instead. Everything else goes through Prisma (db.server.ts).
import pg from "pg";
import type { Db } from "pg-boss";
import { env } from "./env.server";
import { onShutdown } from "./process/lifecycle";

/** A connection whose peer vanished without a reset is probed after 10 s of silence, not the OS's default two hours (the OS's probe interval and count decide the rest). */
export const TCP_KEEPALIVE = { keepAlive: true, keepAliveInitialDelayMillis: 10_000 } as const;

let pool: pg.Pool | undefined;

/** Created on first use, from DATABASE_URL as node-postgres reads it (TLS and socket forms included). */
export function hotPathPool(): pg.Pool {
  if (!pool) {
    const created = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000, ...TCP_KEEPALIVE });
    // An idle client whose connection drops must not crash the process: the next query gets a fresh one.
    created.on("error", () => undefined);
    pool = created;
    onShutdown("database (hot paths)", async () => {
      pool = undefined;
      await created.end();
    });
  }
  return pool;
}

/**
 * Runs `work` on a client checked out of `pool`, for work of several
 * statements. pg-pool stops listening for a checked-out client's errors, and
 * a client that emits "error" with no listener ends the process: a
 * connection lost meanwhile (a failover, pg_terminate_backend) only rejects
 * the statement in flight here, and the client is discarded, not reused.
 * `discard` marks the client unfit for reuse for any other reason.
 */
export async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient, discard: (reason: Error) => void) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let unfit: Error | undefined;
  const discard = (reason: Error) => {
    unfit ??= reason;
  };
  client.on("error", discard);
  try {
    return await work(client, discard);
  } catch (error) {
    // The client's "error" event may not have come yet: a lost connection is never handed out again.
    if (isConnectionLoss(error)) discard(error as Error);
    throw error;
  } finally {
    client.off("error", discard);
    client.release(unfit);
  }
}

/**
 * Runs `work` in one transaction on a client of the hot-path pool: committed
 * if it resolves, rolled back if it throws (a client whose rollback failed
 * is discarded). A commit PostgreSQL turned into a rollback (the
 * transaction had failed) throws.
 */
export function withHotPathTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withClient(hotPathPool(), async (client, discard) => {
    await client.query("BEGIN");
    try {
      const result = await work(client);
      const commit = await client.query("COMMIT");
      if (commit.command !== "COMMIT") throw new Error(`The transaction was not committed (${commit.command})`);
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(discard);
      throw error;
    }
  });
}

/**
 * Whether a statement failed because its connection is gone (the server
 * ended the session, the socket closed), not because of the statement. The
 * client's "error" event says so too, but may come after the statement's
 * rejection has been handled.
 */
export function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { severity, code } = error as { severity?: string; code?: string };
  return severity === "FATAL" || severity === "PANIC" || code === "ECONNRESET" || code === "EPIPE" || /Connection terminated|not queryable/.test(error.message);
}

/** A client as pg-boss's `db` option takes it, so its jobs are written in the client's transaction. */
export function bossDb(client: pg.PoolClient): Db {
  return { executeSql: (text, values) => client.query(text, values) };
}
