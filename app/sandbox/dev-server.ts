// `shopify app dev` runs this (shopify.web.toml): the Shopify CLI provides the
// app's keys, URL and PORT; this adds a local PostgreSQL when DATABASE_URL is
// not set, applies the migrations and runs Remix's dev server.
import { spawn } from "node:child_process";
import { ensureDatabase, migrateDeploy } from "./database";

const database = await ensureDatabase("receptionist_dev");
await migrateDeploy(database.url);

const dev = spawn("node_modules/.bin/remix", ["dev", "--manual", "-c", "remix-serve ./build/index.cjs"], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: database.url },
});

// Plans and places check-in calls, as `npm run worker` does in production.
const worker = spawn("node_modules/.bin/tsx", ["app/jobs/worker.ts"], { stdio: "inherit", env: { ...process.env, DATABASE_URL: database.url } });

const stop = () => {
  worker.kill("SIGTERM");
  dev.kill("SIGTERM");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
dev.on("exit", async (code) => {
  await database.stop();
  process.exit(code ?? 0);
});
