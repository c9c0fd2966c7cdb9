// The README's deploy steps on a fresh clone, against a separate PostgreSQL
// 15 (TLS, a role of its own): npm ci, npx prisma migrate deploy, npm run
// build, then `npm start` and `npm run worker` as a platform runs them (no
// NODE_ENV set: the scripts default it to production). /healthz answers 200
// once the worker beats; SIGTERM to each npm process stops everything it
// started, with exit 0, within 10 s, even after the web enqueued a job.
//
// Dependencies: the clone's node_modules is a hard-linked copy of this
// checkout's (cp -al: seconds instead of a minute of `npm ci`), without the
// generated Prisma client, so the build has to generate it. Set
// DEPLOY_TEST_NPM_CI=1 to run a real `npm ci` in the clone instead.
import { execFile } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort } from "../../app/sandbox/embedded-postgres";
import { createRoleAndDatabase, startDebianPostgres, type DebianPostgres } from "../support/debian-postgres";
import { startProcess, waitForStatus, type RunningProcess } from "../support/processes";
import { TEST_APP_ENV } from "./app-env";

const run = promisify(execFile);
const SHOP = "deploy-test.myshopify.com";
let server: DebianPostgres;
let clone: string;
const processes: RunningProcess[] = [];

beforeAll(async () => {
  server = await startDebianPostgres();
  await createRoleAndDatabase(server, "receptionist_ssl", "deploy-pw", { sslOnly: true });
  // Not under a 0700 folder: the postgres user must be able to traverse it.
  clone = await mkdtemp("/tmp/deploy-clone-");
  await chmod(clone, 0o755);
});

afterAll(async () => {
  for (const running of processes) running.kill();
  await server?.stop();
  if (clone) await rm(clone, { recursive: true, force: true });
});

it("npm ci -> prisma migrate deploy -> npm run build -> npm start + npm run worker -> /healthz 200 -> SIGTERM, exit 0 within 10 s", async () => {
  const repo = process.cwd();
  await run("git", ["clone", "--quiet", repo, clone]);
  // As a platform runs it: no NODE_ENV (the scripts default it to production).
  const { NODE_ENV: _unset, ...parentEnv } = process.env;
  const inClone = { cwd: clone, env: { ...parentEnv, ...TEST_APP_ENV } as NodeJS.ProcessEnv };
  const sh = (command: string) => run("sh", ["-c", command], { ...inClone, maxBuffer: 64 * 1024 * 1024 });

  if (process.env.DEPLOY_TEST_NPM_CI === "1") {
    await sh("npm ci --no-audit --no-fund");
  } else {
    await run("cp", ["-al", path.join(repo, "node_modules"), path.join(clone, "node_modules")]);
    await rm(path.join(clone, "node_modules/.prisma"), { recursive: true, force: true });
  }
  expect(existsSync(path.join(clone, "node_modules/.prisma/client/index.js"))).toBe(false);

  const databaseUrl = `postgresql://receptionist_ssl:deploy-pw@localhost:${server.port}/receptionist_ssl?sslmode=verify-full&sslrootcert=${server.certFile}`;
  inClone.env.DATABASE_URL = databaseUrl;
  const migrated = await sh("npx prisma migrate deploy");
  expect(migrated.stdout).toMatch(/successfully applied/);
  await sh("npm run build");
  for (const built of ["build/index.cjs", "build/server.js", "build/worker.js", "node_modules/.prisma/client/index.js"]) {
    expect(existsSync(path.join(clone, built)), built).toBe(true);
  }

  const port = await freePort();
  const web = startProcess("npm", ["start"], { cwd: clone, env: { ...inClone.env, PORT: String(port) } });
  const worker = startProcess("npm", ["run", "worker"], { cwd: clone, env: inClone.env });
  processes.push(web, worker);

  // NODE_ENV defaulted to production: the logger writes JSON lines.
  const listening = await web.waitForOutput(/Web server listening/);
  expect(JSON.parse(listening)).toMatchObject({ level: "info", message: `Web server listening on port ${port}` });
  expect(JSON.parse(await worker.waitForOutput(/Worker started/))).toMatchObject({ message: "Worker started" });
  const health = await waitForStatus(`http://127.0.0.1:${port}/healthz`, 200);
  expect(health).toContain('"database":"ok"');

  // The web enqueues a job (a product webhook schedules a knowledge refresh),
  // so its pg-boss is running when SIGTERM comes.
  await server.sql(
    `INSERT INTO "Shop" (id, domain, name, "receptionistStatus", "assistantId", "phoneNumberId", "phoneNumber", "updatedAt") VALUES ('deploy-shop', '${SHOP}', 'Deploy Test', 'active', 'asst-deploy', 'pn-deploy', '+14155550100', now())`,
    "receptionist_ssl",
  );
  const body = JSON.stringify({ id: 1 });
  const webhook = await fetch(`http://127.0.0.1:${port}/webhooks/products`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Hmac-Sha256": createHmac("sha256", TEST_APP_ENV.SHOPIFY_API_SECRET).update(body).digest("base64"),
      "X-Shopify-Topic": "products/update",
      "X-Shopify-Shop-Domain": SHOP,
      "X-Shopify-API-Version": "2026-07",
      "X-Shopify-Webhook-Id": randomUUID(),
    },
  });
  expect(webhook.status).toBe(200);
  const { rows } = await server.sql(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'receptionist-knowledge'`, "receptionist_ssl");
  expect(rows[0].n).toBe(1);

  console.log(`deploy test: memory at idle (RSS, KiB): ${await groupMemory(web)} | ${await groupMemory(worker)}`);

  const [webStop, workerStop] = await Promise.all([web.signal("SIGTERM"), worker.signal("SIGTERM")]);
  console.log(`deploy test: SIGTERM to npm start took ${webStop.ms} ms, to npm run worker ${workerStop.ms} ms`);
  expect(webStop, web.output()).toMatchObject({ code: 0 });
  expect(workerStop, worker.output()).toMatchObject({ code: 0 });
  expect(webStop.ms).toBeLessThan(10_000);
  expect(workerStop.ms).toBeLessThan(10_000);
  // Nothing npm started is left (node itself, not only npm, stopped).
  expect(web.groupAlive()).toBe(false);
  expect(worker.groupAlive()).toBe(false);
  expect(web.output()).toMatch(/web: SIGTERM received, stopping/);
  expect(worker.output()).toMatch(/worker: SIGTERM received, stopping/);
  // The worker removed its heartbeat on the way out.
  const beats = await server.sql(`SELECT count(*)::int AS n FROM "WorkerHeartbeat"`, "receptionist_ssl");
  expect(beats.rows[0].n).toBe(0);
});

it("the production build holds no sandbox module (Remix's server build, the web server and the worker)", async () => {
  const { readFile } = await import("node:fs/promises");
  const inputs = async (metafile: string) => Object.keys(JSON.parse(await readFile(path.join(clone, metafile), "utf8")).inputs as object);
  const remixInputs = await inputs("build/metafile.server.json");
  const processInputs = await inputs("build/metafile.processes.json");
  // The metafiles do list the app's modules (so an empty check means something).
  expect(remixInputs).toContain("app/shopify.server.ts");
  expect(processInputs).toEqual(expect.arrayContaining(["server.ts", "app/jobs/worker.ts", "app/checkins/dispatcher.server.ts"]));
  expect([...remixInputs, ...processInputs].filter((input) => /(^|\/)app\/sandbox\/|routes\/sandbox/.test(input))).toEqual([]);
  // Nor does their text: esbuild names each bundled module in a comment, and
  // the sandbox's secret, token minting and fake admin have distinctive words.
  for (const built of ["build/index.cjs", "build/server.js", "build/worker.js"]) {
    const text = await readFile(path.join(clone, built), "utf8");
    for (const marker of ["app/sandbox/", "sandbox-api-secret", "mintSessionToken", "Sandbox admin", "routeShopifyAdminApiTo", "app-bridge-stand-in"]) {
      expect(text.includes(marker), `${built} contains ${marker}`).toBe(false);
    }
  }
});

it("the built processes started directly (as the Dockerfile runs them) stop on SIGINT too, exit 0 within 10 s", async () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...TEST_APP_ENV,
    NODE_ENV: "production",
    DATABASE_URL: `postgresql://receptionist_ssl:deploy-pw@localhost:${server.port}/receptionist_ssl?sslmode=verify-full&sslrootcert=${server.certFile}`,
  };
  const port = await freePort();
  const web = startProcess("node", ["build/server.js"], { cwd: clone, env: { ...env, PORT: String(port) } });
  const worker = startProcess("node", ["build/worker.js"], { cwd: clone, env });
  processes.push(web, worker);
  await web.waitForOutput(/Web server listening/);
  await worker.waitForOutput(/Worker started/);
  await waitForStatus(`http://127.0.0.1:${port}/healthz`, 200);
  const [webStop, workerStop] = await Promise.all([web.signal("SIGINT"), worker.signal("SIGINT")]);
  console.log(`deploy test: SIGINT to the web took ${webStop.ms} ms, to the worker ${workerStop.ms} ms`);
  expect(webStop, web.output()).toMatchObject({ code: 0 });
  expect(workerStop, worker.output()).toMatchObject({ code: 0 });
  expect(Math.max(webStop.ms, workerStop.ms)).toBeLessThan(10_000);
});

/** pid=RSS of every process in the group (npm, sh, node). */
async function groupMemory(running: RunningProcess): Promise<string> {
  const { stdout } = await run("ps", ["-o", "rss=,args=", "-g", String(running.child.pid)]);
  return stdout
    .trim()
    .split("\n")
    .map((line) => line.trim().replace(/\s+/, " ").slice(0, 60))
    .join("; ");
}
