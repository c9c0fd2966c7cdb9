// Real processes for the shutdown and deploy tests: started in a process
// group of their own (so a test can tell whether anything of theirs is left
// running), their output kept, signals sent, and their exit timed.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

export interface RunningProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves when a line matching `pattern` appears; fails if the process exits first. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends `signal` to the process and resolves with its exit and how long it took. */
  signal(signal: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  /** True while any process of its group (npm's children included) is alive. */
  groupAlive(): boolean;
  /** SIGKILLs the whole group (cleanup after a failed test). */
  kill(): void;
}

export function startProcess(command: string, args: string[], options: SpawnOptions = {}): RunningProcess {
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const groupAlive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  return {
    child,
    output: () => output,
    groupAlive,
    async waitForOutput(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const line = output.split("\n").find((candidate) => pattern.test(candidate));
        if (line) return line;
        if (child.exitCode !== null) throw new Error(`${command} exited (code ${child.exitCode}) before printing ${pattern}:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`${command} did not print ${pattern} within ${timeoutMs} ms:\n${output}`);
    },
    async signal(signal, timeoutMs = 20_000) {
      const sentAt = Date.now();
      child.kill(signal);
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`${command} still running ${timeoutMs} ms after ${signal}:\n${output}`)), timeoutMs).unref(),
      );
      const result = await Promise.race([exited, timeout]);
      return { ...result, ms: Date.now() - sentAt };
    },
    kill() {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
    },
  };
}

/** Polls `url` until it answers `status`; returns the last response's body. */
export async function waitForStatus(url: string, status: number, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      last = `${response.status} ${await response.text()}`;
      if (response.status === status) return last;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${last})`);
}
