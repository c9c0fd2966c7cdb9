// Starting and stopping the local servers the sandbox and the benchmarks run.
import type { ChildProcess } from "node:child_process";

/** A cold start compiles the app with tsx: on a loaded 2-core machine that took over 30 s. */
const READY_WITHIN_MS = 120_000;

/** Resolves when `url` answers below 500; fails if `server` exits first or after READY_WITHIN_MS. */
export async function waitForHttp(url: string, server: ChildProcess, explain: () => string = () => ""): Promise<void> {
  const deadline = Date.now() + READY_WITHIN_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server stopped before it was ready.${explain() ? `\n${explain()}` : ""}`);
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The server did not answer at ${url} within ${READY_WITHIN_MS / 1000} s.`);
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const deadline = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(deadline);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
