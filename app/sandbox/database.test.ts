import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { ensureDatabase } from "./database";
import { startDatabaseApart } from "./database-process";
import { startEmbeddedPostgres } from "./embedded-postgres";

// Under .data/ like the real data folders: the postgres system user must be
// able to enter it (a mkdtemp folder is private to root).
const scratch = path.resolve(`.data/test-embedded-${randomBytes(3).toString("hex")}`);
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("ensureDatabase", () => {
  it("uses DATABASE_URL when it is set, and starts nothing", async () => {
    const database = await ensureDatabase("ignored", { dataDir: path.join(scratch, "unused") });
    expect(database.url).toBe(process.env.DATABASE_URL);
    await database.stop();
    await expect(import("node:fs/promises").then((fs) => fs.access(path.join(scratch, "unused")))).rejects.toThrow();
  });
});

describe("startEmbeddedPostgres", () => {
  it("runs a real PostgreSQL, refuses a second server on the same data, and stops cleanly", async () => {
    const dataDir = path.join(scratch, "data");
    const server = await startEmbeddedPostgres({ dataDir, persistent: false });
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>("SHOW server_version");
    expect(Number.parseInt(rows[0].server_version, 10)).toBeGreaterThanOrEqual(15);
    await client.end();

    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/did not start \(data folder/);

    await server.stop();
    const after = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 1000 });
    await expect(after.connect()).rejects.toThrow();
  });
});

describe("startDatabaseApart", () => {
  /** A process's group, from /proc (the 5th field of its stat, after the command name in parentheses). */
  const groupOf = (pid: number) => {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
  };
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it("runs the embedded PostgreSQL in a process group of its own (the terminal's Ctrl+C does not reach it), until its launcher stops it", async () => {
    const dataDir = path.join(scratch, "apart");
    const external = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    let database: Awaited<ReturnType<typeof startDatabaseApart>>;
    try {
      database = await startDatabaseApart("apart_test", { dataDir, persistent: false });
    } finally {
      process.env.DATABASE_URL = external;
    }
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    expect((await client.query<{ name: string }>("SELECT current_database() AS name")).rows[0].name).toBe("apart_test");
    await client.end();

    const postmaster = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    expect(groupOf(database.pid!)).toBe(database.pid);
    expect(groupOf(postmaster)).toBe(database.pid);
    expect(groupOf(process.pid)).not.toBe(database.pid);

    await database.stop();
    expect(alive(postmaster)).toBe(false);
    expect(alive(database.pid!)).toBe(false);
    await database.stop(); // twice: nothing left to stop
  }, 60_000);
});
