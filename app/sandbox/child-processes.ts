// Starting and stopping the local servers the sandbox and the benchmarks run.
import type { ChildProcess } from "node:child_process";

/** Resolves when `url` answers below 500; fails if `server` exits first or after 30 s. */
export async function waitForHttp(url: string, server: ChildProcess, explain: () => string = () => ""): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (server.exitCode !== null) throw new Error(`The server stopped before it was ready.${explain() ? `\n${explain()}` : ""}`);
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The server did not answer at ${url} within 30 s.`);
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
