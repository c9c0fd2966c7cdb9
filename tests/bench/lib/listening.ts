import type { ChildProcess } from "node:child_process";

/** The port a server the bench spawned announces on its stdout (`listening <port>`). */
export function listeningPort(child: ChildProcess, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`${what} exited (code ${code}) before listening`)));
  });
}
