// Ctrl+C in the terminal running `npm run demo` sends SIGINT to its whole
// process group: the launcher, the app server, the worker and the embedded
// PostgreSQL at once. Everything must be gone within 10 s, exit 0, with no
// error logged on the way.
import { afterAll, expect, it } from "vitest";
import { freePort } from "../../app/sandbox/embedded-postgres";
import { startProcess, type RunningProcess } from "../support/processes";

let sandbox: RunningProcess | undefined;
afterAll(() => sandbox?.kill());

it("Ctrl+C (SIGINT to the process group) stops the whole sandbox within 10 s", async () => {
  const port = await freePort();
  sandbox = startProcess(process.execPath, ["--import", "tsx", "app/sandbox/start.ts"], {
    env: { ...process.env, PORT: String(port), SANDBOX_DATA_DIR: `.data/sigint-postgres-${port}`, SANDBOX_FRESH: "1" },
  });
  await sandbox.waitForOutput(/sandbox is ready/, 180_000);
  // The sandbox is ready when the app answers; the worker may still be starting (a signal before it has its handlers
  // ends it at once, with nothing to test). Then let both settle into their polling loops.
  await sandbox.waitForOutput(/Worker started/, 60_000);
  await fetch(`http://localhost:${port}/sandbox`);

  const sentAt = Date.now();
  process.kill(-sandbox.child.pid!, "SIGINT");
  const exit = await new Promise<number | null>((resolve) => sandbox!.child.once("exit", (code) => resolve(code)));
  while (sandbox.groupAlive() && Date.now() - sentAt < 15_000) await new Promise((resolve) => setTimeout(resolve, 50));
  const ms = Date.now() - sentAt;
  console.log(`sandbox Ctrl+C: everything stopped in ${ms} ms`);

  expect(exit, sandbox.output()).toBe(0);
  expect(sandbox.groupAlive()).toBe(false);
  expect(ms).toBeLessThan(10_000);
  expect(sandbox.output()).toMatch(/worker: SIG(INT|TERM) received, stopping/);
  expect(sandbox.output()).toMatch(/sandbox app server: stopped in/);
  // The database stops with everything else: its closing connections are expected, not reported as errors.
  expect(sandbox.output()).not.toMatch(/ERROR|Job queue error/);
});
