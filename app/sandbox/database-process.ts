// The embedded PostgreSQL of `npm run demo` and `shopify app dev` in a
// process of its own, in a process group of its own. Ctrl+C in the terminal
// reaches the launcher and the app's processes, not the database: the
// launcher stops it last, once the app server and the worker have closed
// their connections. In the terminal's group, postgres took the same Ctrl+C
// as a fast shutdown and ended their connections while they were still
// stopping, and they logged that as lost. If the launcher dies, the database
// stops with it (the IPC channel closes).
//
//   node --import tsx app/sandbox/database-process.ts --serve   (forked by startDatabaseApart)
import { fork } from "node:child_process";
import path from "node:path";
import type { AppDatabase } from "./database";
import type { EmbeddedPostgresOptions } from "./embedded-postgres";

interface Request {
  name: string;
  embedded: EmbeddedPostgresOptions;
}

type Ready = { url: string } | { error: string };

const REQUEST_VARIABLE = "SANDBOX_DATABASE_REQUEST";

if (process.argv.includes("--serve")) {
  const { ensureDatabase } = await import("./database");
  // embedded-postgres's exit hook stops the server on a signal and exits; this process owns the order.
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
  const { name, embedded } = JSON.parse(process.env[REQUEST_VARIABLE]!) as Request;
  try {
    const database = await ensureDatabase(name, embedded);
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      void database.stop().finally(() => process.exit(0));
    };
    process.on("message", (message) => message === "stop" && stop());
    process.on("disconnect", stop);
    process.on("SIGTERM", stop);
    // A Ctrl+C sent to this group on purpose stops it too; the terminal's does not reach it.
    process.on("SIGINT", stop);
    process.send!({ url: database.url } satisfies Ready);
  } catch (error) {
    process.send!({ error: error instanceof Error ? error.message : String(error) } satisfies Ready, () => process.exit(1));
  }
}

/** Past this, a database process that was asked to stop is killed, postgres with it (its whole group). */
const STOP_WITHIN_MS = 20_000;

/**
 * ensureDatabase (DATABASE_URL when set, or the embedded PostgreSQL) with the embedded server in a process group of
 * its own, led by the process `pid`; `stop` ends it, and waits until it has.
 */
export async function startDatabaseApart(name: string, embedded: EmbeddedPostgresOptions = {}): Promise<AppDatabase & { pid?: number }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const child = fork(path.resolve("app/sandbox/database-process.ts"), ["--serve"], {
    execArgv: ["--import", "tsx"],
    detached: true,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, [REQUEST_VARIABLE]: JSON.stringify({ name, embedded } satisfies Request) },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.once("message", (ready: Ready) => ("url" in ready ? resolve(ready.url) : reject(new Error(ready.error))));
    child.once("exit", (code, signal) => reject(new Error(`The database process exited (${signal ?? `code ${code}`}) before the database was ready.`)));
  });
  return {
    url,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const deadline = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), STOP_WITHIN_MS);
      if (child.connected) child.send("stop");
      await exited;
      clearTimeout(deadline);
    },
  };
}
