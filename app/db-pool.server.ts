// A plain node-postgres pool for the hot paths (Vapi webhook ingestion, the
// tool calls' reads and writes, loading a shop's Shopify session). Through Prisma's WASM query compiler each query costs
// about 1.2 ms of CPU (reference/stack.md); these paths issue one hand-written
// statement instead. Everything else goes through Prisma (db.server.ts).
import pg from "pg";
import type { Db } from "pg-boss";
import { env } from "./env.server";
import { onShutdown } from "./process/lifecycle";

let pool: pg.Pool | undefined;

/** Created on first use, from DATABASE_URL as node-postgres reads it (TLS and socket forms included). */
export function hotPathPool(): pg.Pool {
  if (!pool) {
    const created = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
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
 * Runs `work` in one transaction on a client of the hot-path pool: committed
 * if it resolves, rolled back if it throws (and a client whose rollback
 * failed is discarded, not reused).
 */
export async function withHotPathTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await hotPathPool().connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}

/** A client as pg-boss's `db` option takes it, so its jobs are written in the client's transaction. */
export function bossDb(client: pg.PoolClient): Db {
  return { executeSql: (text, values) => client.query(text, values) };
}
