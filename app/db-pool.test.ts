// Work on a checked-out connection survives the connection being lost
// meanwhile (a failover, pg_terminate_backend): against a real PostgreSQL,
// the statement in flight rejects, the process goes on (an unhandled client
// "error" would end it, and fail this file), the client is not reused, and a
// call slot held on the lost connection is free again while the request it
// guarded keeps its outcome, and a connection lost while waiting for a slot
// only costs the wait.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hotPathPool, withClient, withHotPathTransaction } from "./db-pool.server";
import { closeCallSlots, withCallSlot } from "./jobs/call-slots.server";

let admin: pg.Client;
beforeAll(async () => {
  admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query("CREATE TABLE IF NOT EXISTS pool_probe (id int PRIMARY KEY)");
});
afterAll(async () => {
  await admin.query("DROP TABLE IF EXISTS pool_probe");
  await admin.end();
  await closeCallSlots();
});

const terminate = (pid: number) => admin.query("SELECT pg_terminate_backend($1)", [pid]);
const backendPid = async (client: pg.ClientBase) => (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;

it("a connection lost during a transaction rejects the work, writes nothing, and the pool goes on with a new connection", async () => {
  let lostPid = 0;
  await expect(
    withHotPathTransaction(async (client) => {
      await client.query("INSERT INTO pool_probe (id) VALUES (1)");
      lostPid = await backendPid(client);
      await terminate(lostPid);
      // The server closed the connection: the next statement fails, and nothing was committed.
      await client.query("INSERT INTO pool_probe (id) VALUES (2)");
    }),
  ).rejects.toThrow();
  // Give the socket's close a turn: an unhandled "error" event would have ended the process by now.
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect((await admin.query("SELECT count(*)::int AS n FROM pool_probe")).rows[0].n).toBe(0);
  // The lost client was discarded: the pool's next connection is another backend, and it works.
  const pid = await withClient(hotPathPool(), (client) => backendPid(client));
  expect(pid).not.toBe(lostPid);
  await withHotPathTransaction((client) => client.query("INSERT INTO pool_probe (id) VALUES (3)"));
  expect((await admin.query("SELECT id FROM pool_probe")).rows).toEqual([{ id: 3 }]);
});

it("a commit PostgreSQL turns into a rollback (the transaction had failed) is not reported as committed", async () => {
  await admin.query("DELETE FROM pool_probe");
  await expect(
    withHotPathTransaction(async (client) => {
      await client.query("INSERT INTO pool_probe (id) VALUES (4)");
      // A failed statement whose error the work swallows leaves the transaction aborted.
      await client.query("INSERT INTO pool_probe (id) VALUES (4)").catch(() => undefined);
      return "done";
    }),
  ).rejects.toThrow(/not committed/);
  expect((await admin.query("SELECT count(*)::int AS n FROM pool_probe")).rows[0].n).toBe(0);
});

it("a call slot whose connection is lost during the request keeps the request's outcome, and the slot is free again", async () => {
  const slotHolders = () => admin.query<{ pid: number }>("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND granted", [0x63616c6c]);
  const outcome = await withCallSlot(async () => {
    const holders = await slotHolders();
    expect(holders.rows).toHaveLength(1);
    await terminate(holders.rows[0].pid);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return "placed"; // e.g. the POST /call answered while the connection was lost
  });
  expect(outcome).toBe("placed");
  expect((await slotHolders()).rows).toEqual([]);
  // Every slot can be taken again.
  expect(await withCallSlot(async () => (await slotHolders()).rows.length)).toBe(1);
});

it("a connection lost while waiting for a call slot only costs the wait: the request runs once a slot is free", async () => {
  const CLASS = 0x63616c6c;
  const cap = Number(process.env.CHECKIN_MAX_CONCURRENT_CALLS ?? 8);
  // Every slot is taken (by another worker, as far as the waiter knows).
  for (let slot = 0; slot < cap; slot++) await admin.query("SELECT pg_advisory_lock($1, $2)", [CLASS, slot]);
  let requests = 0;
  const waiting = withCallSlot(async () => {
    requests += 1;
    return "placed";
  });
  waiting.catch(() => undefined); // awaited below: a rejection meanwhile is not unhandled
  try {
    const waiter = async () =>
      (
        await admin.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_try_advisory_lock%' AND pid <> pg_backend_pid() AND datname = current_database()",
        )
      ).rows[0]?.pid;
    let pid: number | undefined;
    for (let tries = 0; pid === undefined && tries < 100; tries++) {
      pid = await waiter();
      if (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(pid).toBeDefined();
    await terminate(pid!);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requests).toBe(0);
  } finally {
    for (let slot = 0; slot < cap; slot++) await admin.query("SELECT pg_advisory_unlock($1, $2)", [CLASS, slot]);
  }
  expect(await waiting).toBe("placed");
  expect(requests).toBe(1);
});
