// The Admin API stand-in in a process of its own, driven over an IPC channel.
// Shopify never runs on the load generator's event loop: sharing it, each
// queued behind the other's work, and the tool-call figures charged that
// queueing to the app and to the stand-in's own latency alike (as
// simulator-process.ts does for Vapi in the provisioning bench).
//
//   node --import tsx tests/bench/lib/admin-stand-in-process.ts --serve
import { fork } from "node:child_process";
import path from "node:path";
import { stopChild } from "../../../app/sandbox/child-processes";
import type { RequestLogEntry } from "../../../app/sandbox/shopify-admin/server";

type Command = "reset" | "requests";

interface Reply {
  id: number;
  value: RequestLogEntry[] | null;
}

/** The levers the bench pulls, as the programmatic API has them (asynchronous here). */
export interface AdminStandInProcess {
  url: string;
  pid: number;
  reset(): Promise<void>;
  requests(): Promise<RequestLogEntry[]>;
  close(): Promise<void>;
}

if (process.argv.includes("--serve")) {
  // The bench's demo shop, as the bench seeds it.
  const { startShopifyAdminStandIn } = await import("../../../app/sandbox/shopify-admin/server");
  const { DEMO_SHOP_DOMAIN, demoShopFixtures } = await import("../../../app/sandbox/fixtures/demo-shop");
  const { SANDBOX_CREDENTIALS } = await import("../../../app/sandbox/sandbox-config");
  const standIn = await startShopifyAdminStandIn({
    shops: { [DEMO_SHOP_DOMAIN]: { accessToken: SANDBOX_CREDENTIALS.adminAccessToken, fixtures: demoShopFixtures } },
  });
  process.on("message", ({ id, command }: { id: number; command: Command }) => {
    const value = command === "reset" ? (standIn.reset(), null) : standIn.requests();
    process.send!({ id, value } satisfies Reply);
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void standIn.close().finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  // The bench went away (killed, crashed): so does the stand-in, port and all.
  process.on("disconnect", stop);
  process.send!({ id: 0, value: null, url: standIn.url });
}

export async function startAdminStandInProcess(): Promise<AdminStandInProcess> {
  const child = fork(path.resolve("tests/bench/lib/admin-stand-in-process.ts"), ["--serve"], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("message", (ready: Reply & { url: string }) => resolve(ready.url));
    child.once("exit", (code) => reject(new Error(`the Admin API stand-in process exited (code ${code}) before listening`)));
  });
  const pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  child.on("message", (reply: Reply) => pending.get(reply.id)?.resolve(reply));
  // A stand-in that died fails what was asked of it (the bench then stops and cleans up), never leaves it waiting.
  const gone = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  child.on("exit", (code, signal) => gone(new Error(`the Admin API stand-in process exited (${signal ?? `code ${code}`})`)));
  child.on("error", gone);
  let lastId = 0;
  const ask = (command: Command) =>
    new Promise<Reply>((resolve, reject) => {
      const id = ++lastId;
      pending.set(id, {
        resolve: (reply) => {
          pending.delete(id);
          resolve(reply);
        },
        reject,
      });
      child.send({ id, command }, (error) => error && gone(error));
    });
  return {
    url,
    pid: child.pid!,
    reset: async () => void (await ask("reset")),
    requests: async () => (await ask("requests")).value ?? [],
    close: () => stopChild(child),
  };
}
