// Production's log lines are written asynchronously (logger.server.ts
// processDestination): a process that logs a burst and exits at once, by
// process.exit, by an uncaught error or as a stopping process does (endLogs),
// still writes every line, whole, and
// the two copies of the logger module that the web process holds never cut
// into each other's lines.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

function runBurst(count: number, ending: "exit" | "throw" | "stop"): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "app/observability/fixtures/log-burst.ts", String(count), ending], {
      env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "info" },
      // Pipes, as a container runtime gives a process (writes to a pipe can be partial, unlike to a file).
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const parsed = (text: string) =>
  text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { level: string; message: string; index?: number });

describe("production logging", () => {
  it.each([
    ["exits with process.exit", "exit", 0],
    ["dies of an uncaught error", "throw", 1],
    ["stops (its last line, endLogs, exit)", "stop", 0],
  ] as const)(
    "a process that logs 20,000 lines and %s loses none of them",
    async (_label, ending, code) => {
      const COUNT = 20_000;
      const result = await runBurst(COUNT, ending);
      expect(result.code).toBe(code);
      const info = parsed(result.stdout);
      if (ending === "stop") expect(info.pop()).toMatchObject({ message: "stopped" });
      expect(info.map((line) => line.index)).toEqual(Array.from({ length: COUNT }, (_, index) => index));
      expect(info.every((line) => line.level === "info" && line.message === `line ${line.index}`)).toBe(true);
      const warnings = parsed(
        result.stderr
          .split("\n")
          .filter((line) => line.startsWith("{"))
          .join("\n"),
      );
      expect(warnings.map((line) => line.index)).toEqual(Array.from({ length: COUNT / 1000 }, (_, index) => index * 1000));
      if (ending === "throw") expect(result.stderr).toContain("crash after the burst");
    },
    120_000,
  );
});
