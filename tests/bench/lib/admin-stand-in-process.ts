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
  process.on("SIGTERM", () => void standIn.close().then(() => process.exit(0)));
  process.send!({ id: 0, value: null, url: standIn.url });
}

export async function startAdminStandInProcess(): Promise<AdminStandInProcess> {
  const child = fork(path.resolve("tests/bench/lib/admin-stand-in-process.ts"), ["--serve"], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const pending = new Map<number, (reply: Reply) => void>();
  const url = await new Promise<string>((resolve, reject) => {
    child.once("message", (ready: Reply & { url: string }) => resolve(ready.url));
    child.once("exit", (code) => reject(new Error(`the Admin API stand-in process exited (code ${code}) before listening`)));
  });
  child.on("message", (reply: Reply) => pending.get(reply.id)?.(reply));
  let lastId = 0;
  const ask = (command: Command) =>
    new Promise<Reply>((resolve) => {
      const id = ++lastId;
      pending.set(id, (reply) => {
        pending.delete(id);
        resolve(reply);
      });
      child.send({ id, command });
    });
  return {
    url,
    pid: child.pid!,
    reset: async () => void (await ask("reset")),
    requests: async () => (await ask("requests")).value ?? [],
    close: () => stopChild(child),
  };
}
