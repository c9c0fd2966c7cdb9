// Vitest global setup: one PostgreSQL for the whole run (DATABASE_URL's
// server, or an embedded one), migrated once into a template database that
// each test file clones (tests/support/setup-database.ts).
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createDatabaseIfMissing, migrateDeploy } from "../../app/sandbox/database";
import { startEmbeddedPostgres, withDatabase } from "../../app/sandbox/embedded-postgres";

declare module "vitest" {
  export interface ProvidedContext {
    databaseServerUrl: string;
    databasePrefix: string;
  }
}

export default async function setup(project: TestProject) {
  const runId = randomBytes(3).toString("hex");
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: path.resolve(`.data/test-${runId}`), persistent: false });
  const serverUrl = embedded?.url ?? process.env.DATABASE_URL!;
  const prefix = `test_${runId}`;
  const template = `${prefix}_template`;

  await createDatabaseIfMissing(serverUrl, template);
  // Migrations run once per test run: each `migrate deploy` costs ~11 s.
  await migrateDeploy(withDatabase(serverUrl, template));
  project.provide("databaseServerUrl", serverUrl);
  project.provide("databasePrefix", prefix);

  return async () => {
    if (embedded) return embedded.stop();
    await dropDatabases(serverUrl, prefix);
  };
}

/** Removes this run's databases from an external server. */
async function dropDatabases(serverUrl: string, prefix: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${prefix}_%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
