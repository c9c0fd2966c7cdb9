import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ensureDatabase } from "./database";
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
