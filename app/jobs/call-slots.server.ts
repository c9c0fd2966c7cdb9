// One cap on concurrent POST /call across every worker instance: a Postgres
// semaphore of CHECKIN_MAX_CONCURRENT_CALLS slots, each a session-level
// advisory lock. A slot is held on its own connection for the length of one
// request, so a worker that dies (even kill -9) frees its slots when its
// connections close; nothing expires by the clock. Every instance must be
// configured with the same cap.
import pg from "pg";
import { isConnectionLoss, TCP_KEEPALIVE, withClient } from "../db-pool.server";
import { env } from "../env.server";
import { logger } from "../observability/logger.server";
import { onShutdown } from "../process/lifecycle";

/** The advisory-lock namespace of the slots (first key of pg_try_advisory_lock(int, int)). */
const SLOT_LOCK_CLASS = 0x63616c6c; // "call"
const POLL_MS = 20;

let pool: pg.Pool | undefined;

function slotPool(): pg.Pool {
  // One connection per slot this process can hold, and no more.
  if (!pool) {
    pool = new pg.Pool({
      connectionString: env.DATABASE_URL,
      max: env.CHECKIN_MAX_CONCURRENT_CALLS,
      allowExitOnIdle: true,
      connectionTimeoutMillis: 10_000,
      ...TCP_KEEPALIVE,
    });
    // An idle connection the server closed (a restart): the pool replaces it; unhandled, it would end the process.
    pool.on("error", (error) => logger.warn("A call-slot database connection closed", { error }));
    onShutdown("call slots", closeCallSlots);
  }
  return pool;
}

/** Connections lost while waiting for a slot (no call placed yet) that a request outlives. */
const WAIT_RECONNECTS = 3;

/**
 * Runs `request` while holding one of the global slots, waiting (polling)
 * for a free one; `signal` gives up the wait. A connection lost while
 * waiting costs only the wait: the next one goes on waiting.
 */
export async function withCallSlot<T>(request: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (let reconnects = 0; ; reconnects++) {
    const attempt = { requested: false, connectionLost: false };
    try {
      return await slotHeld(request, attempt, signal);
    } catch (error) {
      // The request's own outcome is the caller's, whatever it is.
      if (attempt.requested) throw error;
      if (signal?.aborted) throw signal.reason ?? error;
      // Only a connection lost while waiting: any other failure (no connection at all, a bug) is the caller's.
      if (!(attempt.connectionLost || isConnectionLoss(error)) || reconnects >= WAIT_RECONNECTS) throw error;
      logger.warn("Lost the database connection while waiting for a call slot; waiting on a new one", { error });
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

async function slotHeld<T>(request: () => Promise<T>, attempt: { requested: boolean; connectionLost: boolean }, signal?: AbortSignal): Promise<T> {
  // A connection lost while a slot is held frees the slot (its session ends); the request's outcome stands.
  // Until that request ends, another worker may take the freed slot: one call over the cap per lost connection.
  return withClient(slotPool(), async (client, discard) => {
    // node-postgres emits "error" on the client only when its connection is gone (a statement's own error rejects it).
    const onLost = () => {
      attempt.connectionLost = true;
    };
    client.on("error", onLost);
    try {
      return await pollForSlot(client, discard, request, attempt, signal);
    } finally {
      client.off("error", onLost);
    }
  });
}

async function pollForSlot<T>(
  client: pg.PoolClient,
  discard: (reason: Error) => void,
  request: () => Promise<T>,
  attempt: { requested: boolean },
  signal?: AbortSignal,
): Promise<T> {
  const cap = env.CHECKIN_MAX_CONCURRENT_CALLS;
  // Start at a random slot so waiting workers do not all probe slot 0 first.
  const offset = Math.floor(Math.random() * cap);
  for (;;) {
    for (let i = 0; i < cap; i++) {
      const slot = (offset + i) % cap;
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS locked", [SLOT_LOCK_CLASS, slot]);
      if (!rows[0].locked) continue;
      attempt.requested = true;
      try {
        return await request();
      } finally {
        // A failed unlock must not hide the request's outcome (a call placed, reported as failed, would be placed again):
        // the connection is closed instead, which frees the slot.
        await client.query("SELECT pg_advisory_unlock($1, $2)", [SLOT_LOCK_CLASS, slot]).catch((error: Error) => {
          logger.warn("A call slot could not be unlocked; its connection is closed instead", { error });
          discard(error);
        });
      }
    }
    if (signal?.aborted) throw signal.reason ?? new Error("Gave up waiting for a call slot");
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export async function closeCallSlots(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.end();
}
