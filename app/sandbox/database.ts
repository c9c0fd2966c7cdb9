// The database for development, the sandbox and the tests: DATABASE_URL when
// it is set (nothing is started), otherwise a local PostgreSQL from npm.
import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, withDatabase, type EmbeddedPostgresOptions } from "./embedded-postgres";

export interface AppDatabase {
  url: string;
  /** Stops the embedded server; a no-op for an external DATABASE_URL. */
  stop(): Promise<void>;
}

export async function ensureDatabase(name: string, embedded: EmbeddedPostgresOptions = {}): Promise<AppDatabase> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const server = await startEmbeddedPostgres(embedded);
  try {
    await createDatabaseIfMissing(server.url, name);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url: withDatabase(server.url, name), stop: server.stop };
}

export async function createDatabaseIfMissing(serverUrl: string, name: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) {
      const quoted = pg.escapeIdentifier(name);
      await client.query(template ? `CREATE DATABASE ${quoted} TEMPLATE ${pg.escapeIdentifier(template)}` : `CREATE DATABASE ${quoted}`);
    }
  } finally {
    await client.end();
  }
}

/** `prisma migrate deploy`: applies the committed migrations, never generates. */
export function migrateDeploy(databaseUrl: string): Promise<void> {
  const prismaBin = path.resolve("node_modules/.bin/prisma");
  return new Promise((resolve, reject) => {
    const child = spawn(prismaBin, ["migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output}`))));
  });
}
