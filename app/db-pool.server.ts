// A plain node-postgres pool for the hot paths (Vapi webhook ingestion, the
// tool calls' reads and writes, loading a shop's Shopify session). Through Prisma's WASM query compiler each query costs
// about 1.2 ms of CPU (reference/stack.md); these paths issue one hand-written
// statement instead. Everything else goes through Prisma (db.server.ts).
import pg from "pg";
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
