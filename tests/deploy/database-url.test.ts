// DATABASE_URL is used whole, by the migrations (prisma.config.ts) and at
// runtime (Prisma in db.server.ts, pg-boss in queue.server.ts): TLS options,
// socket folders and connection options all reach the server. Against a
// separate PostgreSQL 15 with an SSL-only role.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRoleAndDatabase, startDebianPostgres, type DebianPostgres } from "../support/debian-postgres";
import { TEST_APP_ENV } from "./app-env";

const run = promisify(execFile);
let server: DebianPostgres;

beforeAll(async () => {
  server = await startDebianPostgres();
  await createRoleAndDatabase(server, "shop_ssl", "tls-only-pw", { sslOnly: true });
  await createRoleAndDatabase(server, "shop_socket", "unused-over-trust");
  await createRoleAndDatabase(server, "shop_options", "options-pw");
});

afterAll(async () => server?.stop());

function migrateDeploy(databaseUrl: string) {
  return run("node_modules/.bin/prisma", ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl } });
}

async function probe(databaseUrl: string) {
  const { stdout } = await run(process.execPath, ["--import", "tsx", "tests/deploy/fixtures/probe-database.ts"], {
    env: { ...process.env, ...TEST_APP_ENV, DATABASE_URL: databaseUrl },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as {
    ssl: boolean;
    applicationName: string;
    statementTimeout: string;
    viaSocket: boolean;
    queued: boolean;
  };
}

interface UrlCase {
  name: string;
  url: () => string;
  expected: { ssl: boolean; applicationName?: string; statementTimeout?: string; viaSocket: boolean };
}

const cases: UrlCase[] = [
  {
    name: "an SSL-only role, sslmode=verify-full against the server's certificate",
    url: () => `postgresql://shop_ssl:tls-only-pw@localhost:${server.port}/shop_ssl?sslmode=verify-full&sslrootcert=${server.certFile}`,
    expected: { ssl: true, viaSocket: false },
  },
  {
    name: "a socket folder in ?host= (no TCP, no password)",
    url: () => `postgresql://shop_socket@localhost:${server.port}/shop_socket?host=${encodeURIComponent(server.socketDir)}`,
    expected: { ssl: false, viaSocket: true },
  },
  {
    name: "connection options and application_name",
    url: () =>
      `postgresql://shop_options:options-pw@127.0.0.1:${server.port}/shop_options?sslmode=no-verify&application_name=receptionist-web&options=${encodeURIComponent("-c statement_timeout=4321")}`,
    expected: { ssl: true, applicationName: "receptionist-web", statementTimeout: "4321ms", viaSocket: false },
  },
];

describe("DATABASE_URL as given", () => {
  it("the SSL-only role is refused without TLS (the server really requires it)", async () => {
    const plain = `postgresql://shop_ssl:tls-only-pw@127.0.0.1:${server.port}/shop_ssl?sslmode=disable`;
    await expect(migrateDeploy(plain)).rejects.toThrow(/no encryption|pg_hba|denied|P1010|P1000/i);
  });

  // Concurrently: each `migrate deploy` idles ~11 s on the WASM engine's timer.
  it("migrate deploy, then the app's Prisma client and pg-boss, use each URL whole", async () => {
    const results = await Promise.all(
      cases.map(async ({ name, url, expected }) => {
        const { stdout } = await migrateDeploy(url());
        expect(stdout, name).toMatch(/migrations have been successfully applied|No pending migrations/i);
        const seen = await probe(url());
        return { name, seen, expected };
      }),
    );
    for (const { name, seen, expected } of results) {
      expect({ name, ...seen }).toMatchObject({ name, ...expected, queued: true });
    }
    // The migrations landed in the databases the URLs name.
    for (const database of ["shop_ssl", "shop_socket", "shop_options"]) {
      const { rows } = await server.sql(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`, database);
      expect(rows[0].n, database).toBeGreaterThan(0);
    }
  });
});
