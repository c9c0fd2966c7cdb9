// Smoke test of the benchmark harness (npm run bench is never part of
// npm test): its bare-server baseline starts as its own process and the load
// generator drives it, every request answered, with ordered percentiles.
import { spawn } from "node:child_process";
import { afterAll, expect, it } from "vitest";
import { stopChild } from "../../app/sandbox/child-processes";
import { endOfCallReportBody } from "../bench/lib/vapi-bodies";
import { expectOk, load } from "../bench/lib/load";

const baseline = spawn("node_modules/.bin/tsx", ["tests/bench/run.ts", "--serve-baseline"], { stdio: ["ignore", "pipe", "inherit"] });
afterAll(() => stopChild(baseline, 5_000));

it("the baseline server starts and answers the load generator's requests", async () => {
  const port = await new Promise<number>((resolve, reject) => {
    baseline.stdout.on("data", (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString("utf8"));
      if (match) resolve(Number(match[1]));
    });
    baseline.once("exit", (code) => reject(new Error(`exited with ${code}`)));
  });
  const body = endOfCallReportBody("call-smoke");
  const result = await load(
    `http://127.0.0.1:${port}`,
    200,
    8,
    () => ({ path: "/webhooks/vapi", body, headers: { "Content-Type": "application/json" } }),
    expectOk,
  );
  expect(result.requests).toBe(200);
  expect(result.rps).toBeGreaterThan(0);
  expect(result.p50).toBeLessThanOrEqual(result.p95);
  expect(result.p95).toBeLessThanOrEqual(result.p99);
});
