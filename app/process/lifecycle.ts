// How the web and worker processes stop: on SIGTERM (a deploy, `docker stop`)
// or SIGINT (Ctrl+C), the process stops taking work, finishes what it has,
// releases its connections and exits 0, within STOP_DEADLINE_MS (platforms
// send SIGKILL about 10 s after SIGTERM).
//
// Modules that hold a resource (the Prisma pool, a started pg-boss) register
// a shutdown hook here. The registry lives on globalThis because the web
// process runs two bundles: build/server.js (this module) and the Remix
// server build (build/index.cjs, which holds its own copy of every app
// module, including this one). Both must see the same hooks.
import path from "node:path";
import { pathToFileURL } from "node:url";

/** The whole stop, hooks included; a process still stopping after it exits 1. */
export const STOP_DEADLINE_MS = 9_000;

type Hook = () => Promise<unknown> | unknown;

const REGISTRY = Symbol.for("vapi-receptionist.shutdown-hooks");
const registry = globalThis as typeof globalThis & { [REGISTRY]?: Map<string, Hook> };

function hooks(): Map<string, Hook> {
  return (registry[REGISTRY] ??= new Map());
}

/**
 * Runs `hook` when the process stops, after the process's own stop (HTTP
 * server closed, workers drained). Hooks run last-registered first, so a job
 * queue started after the database client is stopped before it. Registering
 * a name again replaces its hook (a dev-server rebuild re-imports modules).
 */
export function onShutdown(name: string, hook: Hook): void {
  hooks().delete(name);
  hooks().set(name, hook);
}

/** Runs and forgets every hook, newest first; a failing hook does not stop the others. */
export async function runShutdownHooks(report: (name: string, error: unknown) => void): Promise<void> {
  const entries = [...hooks().entries()].reverse();
  hooks().clear();
  for (const [name, hook] of entries) {
    try {
      await hook();
    } catch (error) {
      report(name, error);
    }
  }
}

// Set by the first stop signal, for every stopOnSignals of the process (the sandbox runs several in one).
let signalled = false;

/** True once the process got its stop signal: a database going away with it is expected, not an error. */
export function isStopping(): boolean {
  return signalled;
}

export interface StoppableProcess {
  /** For log lines: "web", "worker". */
  name: string;
  /** Stops taking work and finishes what is in flight (the hooks run after it). */
  stop: () => Promise<void>;
  log?: (message: string) => void;
  /** The very last step before exit 0, after the last log line (the logs' own writing out: endLogs). */
  flush?: () => Promise<void>;
}

/**
 * Stops the process on SIGTERM or SIGINT: `stop`, then the shutdown hooks,
 * then exit 0. A second Ctrl+C (SIGINT), or the deadline, exits 1 at once;
 * a SIGTERM while stopping changes nothing (the sandbox's launcher sends one
 * to children that already got the terminal's SIGINT).
 */
export function stopOnSignals({ name, stop, log = (message) => console.error(message), flush }: StoppableProcess): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      if (signal !== "SIGINT") return;
      log(`${name}: SIGINT again, exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    signalled = true;
    log(`${name}: ${signal} received, stopping`);
    const deadline = setTimeout(() => {
      log(`${name}: still stopping after ${STOP_DEADLINE_MS} ms, exiting`);
      process.exit(1);
    }, STOP_DEADLINE_MS);
    deadline.unref();
    const startedAt = Date.now();
    void (async () => {
      try {
        await stop();
      } catch (error) {
        log(`${name}: stopping failed: ${describe(error)}`);
      }
      await runShutdownHooks((hook, error) => log(`${name}: shutdown step "${hook}" failed: ${describe(error)}`));
      log(`${name}: stopped in ${Date.now() - startedAt} ms`);
      await flush?.().catch(() => undefined);
      process.exit(0);
    })();
  };
  process.on("SIGTERM", handle);
  process.on("SIGINT", handle);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True when the module at `moduleUrl` is the script node was started with. */
export function isMainModule(moduleUrl: string): boolean {
  const script = process.argv[1];
  return Boolean(script) && moduleUrl === pathToFileURL(path.resolve(script!)).href;
}
