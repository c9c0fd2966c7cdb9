// The production server refuses to boot with an incomplete configuration, and
// says which variable to fix instead of printing a stack trace. Uses the
// build the sandbox made for this run.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";

const root = path.resolve(fileURLToPath(import.meta.url), "../../..");
const complete: NodeJS.ProcessEnv = {
  PATH: process.env.PATH ?? "",
  NODE_ENV: "production",
  PORT: "0",
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://receptionist.example.com",
  DATABASE_URL: "postgresql://user:pw@127.0.0.1:5/receptionist",
  VAPI_API_KEY: "vapi-key",
  VAPI_WEBHOOK_SECRET: "a-long-random-webhook-secret",
};

function boot(env: NodeJS.ProcessEnv) {
  // The production web server (npm start), on the build the sandbox made.
  return spawnSync(process.execPath, ["build/server.js"], { cwd: root, env, encoding: "utf8", timeout: 20_000 });
}

test("a missing SHOPIFY_API_SECRET stops the server with a message naming it", () => {
  const { SHOPIFY_API_SECRET: _missing, ...env } = complete;
  const result = boot(env);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("SHOPIFY_API_SECRET is missing. Expected: the app's Client secret");
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
});

test("a malformed DATABASE_URL gives a clear error, not a stack trace", () => {
  const result = boot({ ...complete, DATABASE_URL: "mysql://root@localhost/shop" });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("DATABASE_URL is malformed. Expected: a PostgreSQL URL");
  expect(result.stderr).not.toContain("mysql://");
  expect(result.stderr).not.toMatch(/\n\s+at /);
});

test("the sandbox refuses NODE_ENV=production", () => {
  const result = spawnSync("node_modules/.bin/tsx", ["app/sandbox/start.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production" } satisfies NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 20_000,
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("refuses to start with NODE_ENV=production");
});
