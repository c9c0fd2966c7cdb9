// `npm run bench`: the production build, measured (on demand, never part of `npm test`).
//
//   npm run bench -- [--no-build] [--requests N (2000)] [--tool-requests N (2000)] [--cpu-prof DIR]
//                    [--planner-sizes 1000,10000,100000] [--skip ingestion,tools,provision,planner]
//
// Builds once (`npm run build`), then runs the web (build/server.js) and the
// worker (build/worker.js) as production does (NODE_ENV=production, plain
// node) against a throwaway embedded PostgreSQL. The stand-ins run outside the
// app's processes: the Admin API stand-in in one of its own (as Shopify is
// apart from whoever calls the app), the Vapi simulator in this one; the
// app's processes only get a preload (tests/bench/lib/admin-api-preload.ts,
// bundled to .mjs) that points their Admin API requests at the stand-in.
//
// One table, each figure beside its baseline measured in the same run:
//   ingestion      POST /webhooks/vapi (status-update, end-of-call-report; unique
//                  call ids) vs a bare Node HTTP server reading the same bodies
//   tool calls     product_search / order_lookup answered by the app vs the
//                  stand-in answering the same GraphQL requests directly
//   calls page     bytes of the calls list (loader data and document) with long
//                  call texts stored
//   provisioning   tests/bench/provision.bench.ts: the app's time vs the floor
//                  (simulator latency + activation + mandated backoff)
//   planner        tests/bench/planner.bench.ts: first and steady ticks vs a bare
//                  SELECT count(*) over the same table
// Ingestion and tool calls also print the CPU each part spent per request
// (tests/bench/lib/cpu.ts): on a machine with few cores a latency at
// concurrency 16 is mostly waiting for a core, and this says whose work it is.
// `--cpu-prof DIR` runs the web with node --cpu-prof and prints its top frames.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { stopChild, waitForHttp } from "../../app/sandbox/child-processes";
import { graphqlRequest } from "./lib/graphql-documents";
import { cpuNow, cpuPerRequest, formatCpu, postgresPid } from "./lib/cpu";
import { startAdminStandInProcess } from "./lib/admin-stand-in-process";
import { listeningPort } from "./lib/listening";
import { expectAppliedOk, expectOk, load, type Check, type Req } from "./lib/load";
import { topFrames, topPackages } from "./lib/profile-top";
import { ASSISTANT_ID, endOfCallReportBody, PHONE_NUMBER_ID, SHOP_NUMBER, statusUpdateBody, toolCallsBody } from "./lib/vapi-bodies";

// Baseline server mode (spawned below): a bare Node HTTP server that reads the body and answers 200.
if (process.argv.includes("--serve-baseline")) {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.stringify({ ok: true, bytes: Buffer.concat(chunks).length });
      response.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
      response.end(body);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, "127.0.0.1", () => console.log(`listening ${(server.address() as AddressInfo).port}`));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
} else {
  void main();
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function count(name: string, fallback: number): number {
  const value = Number(option(name) ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a positive whole number`);
  return value;
}

/** Each figure is also printed as soon as it is measured: a later failure does not lose it. */
function pushFigures(figures: Figure[], ...rows: Figure[]) {
  for (const row of rows) console.log(`bench: figure: ${row.figure}: ${row.value} (baseline ${row.baseline}, ${row.ratio})`);
  figures.push(...rows);
}

interface Figure {
  area: string;
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  target?: string;
}

const BROWSER = "Mozilla/5.0 Chrome/130.0 Safari/537.36";

const fmt = (value: number, digits = 1) => value.toFixed(digits);

async function main() {
  const requests = count("requests", 2000);
  const toolRequests = count("tool-requests", 2000);
  const profileDir = option("cpu-prof") ? path.resolve(option("cpu-prof")!) : null;
  const skip = new Set((option("skip") ?? "").split(",").filter(Boolean));
  const plannerSizes = option("planner-sizes") ?? "1000,10000,100000";
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const figures: Figure[] = [];
  const started = performance.now();
  const loads: string[] = [];
  const sampleLoad = (when: string) =>
    loads.push(
      `${when}: ${os
        .loadavg()
        .map((value) => value.toFixed(2))
        .join(" ")}`,
    );
  let failed = false;
  try {
    sampleLoad("start");
    if (!process.argv.includes("--no-build")) {
      log("building (npm run build)…");
      await run("npm", ["run", "build", "--silent"]);
    }
    const preload = path.resolve(`.data/bench-preload-${randomBytes(3).toString("hex")}.mjs`);
    const { build: esbuild } = await import("esbuild");
    await esbuild({
      entryPoints: ["tests/bench/lib/admin-api-preload.ts"],
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: preload,
      logLevel: "warning",
    });
    cleanups.unshift(() => rmSync(preload, { force: true }));

    const { ensureDatabase, migrateDeploy } = await import("../../app/sandbox/database");
    const { seedDemoShop } = await import("../../app/sandbox/seed");
    const { DEMO_SHOP_DOMAIN, demoShopFixtures } = await import("../../app/sandbox/fixtures/demo-shop");
    const { SANDBOX_CREDENTIALS, SANDBOX_SCOPES } = await import("../../app/sandbox/sandbox-config");
    const { ADMIN_API_VERSION } = await import("../../app/sandbox/shopify-admin/schema");
    const { startVapiSimulator } = await import("../../app/sandbox/vapi-simulator/server");
    const { freePort } = await import("../../app/sandbox/embedded-postgres");
    const { mintSessionToken, adminHostParam } = await import("../../app/sandbox/session-token.server");
    const pg = (await import("pg")).default;

    log("starting the embedded PostgreSQL and applying migrations…");
    delete process.env.DATABASE_URL;
    const dataDir = path.resolve(`.data/bench-run-${randomBytes(3).toString("hex")}`);
    const database = await ensureDatabase("receptionist_bench", {
      dataDir,
      persistent: false,
    });
    cleanups.unshift(() => database.stop());
    await migrateDeploy(database.url);
    await seedDemoShop(database.url);
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    cleanups.unshift(() => db.end());
    const updated = await db.query(
      `UPDATE "Shop" SET "receptionistStatus" = 'active', "assistantId" = $1, "phoneNumberId" = $2, "phoneNumber" = $3, "provisionedAt" = now() WHERE domain = $4`,
      [ASSISTANT_ID, PHONE_NUMBER_ID, SHOP_NUMBER, DEMO_SHOP_DOMAIN],
    );
    if (updated.rowCount !== 1) throw new Error("The demo shop was not seeded.");

    // In a process of its own, as Shopify is: not queued behind the load generator's work, nor it behind the stand-in's.
    const admin = await startAdminStandInProcess();
    cleanups.unshift(() => admin.close());
    const simulator = await startVapiSimulator({ apiKey: SANDBOX_CREDENTIALS.vapiApiKey });
    cleanups.unshift(() => simulator.close());

    const appPort = await freePort();
    const appUrl = `http://127.0.0.1:${appPort}`;
    const appEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(appPort),
      DATABASE_URL: database.url,
      SHOPIFY_API_KEY: SANDBOX_CREDENTIALS.shopifyApiKey,
      SHOPIFY_API_SECRET: SANDBOX_CREDENTIALS.shopifyApiSecret,
      SHOPIFY_APP_URL: `http://localhost:${appPort}`,
      SCOPES: SANDBOX_SCOPES,
      VAPI_BASE_URL: simulator.url,
      VAPI_API_KEY: SANDBOX_CREDENTIALS.vapiApiKey,
      VAPI_WEBHOOK_SECRET: SANDBOX_CREDENTIALS.vapiWebhookSecret,
      BENCH_ADMIN_API_URL: admin.url,
    };
    if (profileDir) {
      rmSync(profileDir, { recursive: true, force: true });
      mkdirSync(profileDir, { recursive: true });
    }
    log(`starting the web (node build/server.js${profileDir ? ", --cpu-prof" : ""}) and the worker (node build/worker.js), NODE_ENV=production…`);
    const web = spawn("node", [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), "--import", preload, "build/server.js"], {
      // Its access log is part of its work; the lines go to /dev/null.
      stdio: ["ignore", "ignore", "pipe"],
      env: appEnv,
    });
    const webErrors = collect(web);
    const stopWeb = () => stopChild(web, 10_000);
    cleanups.unshift(stopWeb);
    const worker = spawn("node", ["--import", preload, "build/worker.js"], { stdio: ["ignore", "ignore", "pipe"], env: appEnv });
    const workerErrors = collect(worker);
    cleanups.unshift(() => stopChild(worker, 10_000));
    await waitForHttp(`${appUrl}/healthz`, web, () => webErrors.text());

    const baseline = spawn("node_modules/.bin/tsx", [path.resolve("tests/bench/run.ts"), "--serve-baseline"], { stdio: ["ignore", "pipe", "inherit"] });
    cleanups.unshift(() => stopChild(baseline, 5_000));
    const baselineUrl = `http://127.0.0.1:${await listeningPort(baseline, "the baseline server")}`;

    // CPU used so far by the app's processes, the bare server, PostgreSQL and this process (load, stand-ins).
    const postgres = postgresPid(dataDir);
    const cpu = () => cpuNow({ web: web.pid, worker: worker.pid, bare: baseline.pid, postgres, "stand-in": admin.pid });
    const secret = SANDBOX_CREDENTIALS.vapiWebhookSecret;
    const post = (body: string): Req => ({ path: "/webhooks/vapi", body, headers: { "Content-Type": "application/json", "X-Vapi-Secret": secret } });

    // ------------------------------------------------------------ ingestion
    log("warming up…");
    for (const target of [appUrl, baselineUrl]) {
      await load(target, 300, 16, () => post(statusUpdateBody(randomUUID(), "ringing")), expectOk);
      await load(target, 300, 16, () => post(endOfCallReportBody(randomUUID())), expectOk);
    }
    sampleLoad("ingestion");
    const scenarios = skip.has("ingestion")
      ? []
      : [
          { name: "status-update", body: () => statusUpdateBody(randomUUID(), "in-progress") },
          { name: "end-of-call-report", body: () => endOfCallReportBody(randomUUID()) },
        ];
    for (const scenario of scenarios) {
      log(`${scenario.name} × ${requests} at concurrency 16…`);
      const bodies = Array.from({ length: requests }, scenario.body);
      const appFrom = cpu();
      const app = await load(appUrl, requests, 16, (i) => post(bodies[i]), expectAppliedOk);
      const appCpu = cpuPerRequest(appFrom, cpu(), requests);
      const bareFrom = cpu();
      const bare = await load(baselineUrl, requests, 16, (i) => post(bodies[i]), expectOk);
      const bareCpu = cpuPerRequest(bareFrom, cpu(), requests);
      pushFigures(
        figures,
        {
          area: "ingestion",
          figure: `${scenario.name} c=16 req/s`,
          value: fmt(app.rps, 0),
          baseline: `${fmt(bare.rps, 0)} (bare node)`,
          ratio: `${fmt((app.rps / bare.rps) * 100)} %`,
          target: ">= 2000/s or >= 10 %",
        },
        {
          area: "",
          figure: `${scenario.name} c=16 p50 / p99 ms`,
          value: `${fmt(app.p50)} / ${fmt(app.p99)}`,
          baseline: `${fmt(bare.p50)} / ${fmt(bare.p99)}`,
          ratio: "",
          target: "p99 < 50",
        },
        {
          area: "",
          figure: `${scenario.name} CPU ms per request`,
          value: `${formatCpu(appCpu, ["web", "postgres", "worker"])}, load ${appCpu.bench.toFixed(2)}`,
          baseline: `${formatCpu(bareCpu, ["bare"])}, load ${bareCpu.bench.toFixed(2)}`,
          ratio: "",
        },
      );
    }
    const { rows: counted } = await db.query<{ calls: string }>(`SELECT count(*)::text AS calls FROM "CallSession"`);
    const expectedCalls = 600 + scenarios.length * requests;
    if (Number(counted[0].calls) !== expectedCalls) throw new Error(`expected ${expectedCalls} call records, found ${counted[0].calls}`);

    // ------------------------------------------------------------ tool calls
    sampleLoad("tool calls");
    // The demo shop's orders and their emails: order lookups are spread over them, each from its own caller, as
    // real calls are (verifications of one order or from one number take turns: README "Verifying callers").
    const orders = demoShopFixtures.orders.map((order) => ({ orderNumber: order.name.slice(1), email: order.email }));
    const tools = [
      {
        name: "product_search",
        body: () => toolCallsBody(randomUUID(), "product_search", { query: "flannel shirt" }),
        expect: /Flannel Button-Up Shirt, \$59 to \$64/,
      },
      {
        name: "order_lookup",
        // Verified by the order's email (caller ID never verifies).
        body: (index = 0) => toolCallsBody(randomUUID(), "order_lookup", orders[index % orders.length], `+1415555${String(index % 10_000).padStart(4, "0")}`),
        expect: /^The caller is verified\. Order #10\d\d/,
      },
    ];
    const standInPath = `/admin/api/${ADMIN_API_VERSION}/graphql.json`;
    const standInHeaders = {
      "Content-Type": "application/json",
      "X-Shopify-Access-Token": SANDBOX_CREDENTIALS.adminAccessToken,
      "X-Forwarded-Host": DEMO_SHOP_DOMAIN,
    };
    for (const tool of skip.has("tools") ? [] : tools) {
      const body = tool.body;
      const answer: Check = (status, text) => {
        if (status !== 200) throw new Error(`${tool.name}: HTTP ${status}: ${text.slice(0, 300)}`);
        const result = (JSON.parse(text) as { results?: Array<{ result?: string }> }).results?.[0]?.result ?? "";
        if (!tool.expect.test(result)) throw new Error(`${tool.name} answered: ${result}`);
      };
      await load(appUrl, 50, 4, (i) => post(body(i)), answer);
      await admin.reset();
      await load(appUrl, 1, 1, (i) => post(body(i)), answer);
      const sent = await admin.requests();
      if (sent.length === 0 || sent.some((entry) => entry.status !== 200))
        throw new Error(`${tool.name}: unexpected Admin API requests ${JSON.stringify(sent)}`);
      const graphql = sent.map((entry) => graphqlRequest(entry.operationName, entry.variables));
      const standIn = (n: number, concurrency: number) =>
        load(
          admin.url,
          n,
          concurrency,
          () => graphql.map((query) => ({ path: standInPath, body: query, headers: standInHeaders })),
          (status, text) => {
            if (status !== 200 || text.includes('"errors"')) throw new Error(`stand-in: HTTP ${status}: ${text.slice(0, 300)}`);
          },
        );
      await standIn(50, 4);
      log(`${tool.name} × ${toolRequests} at concurrency 16…`);
      await admin.reset(); // fresh cost buckets: the app is never throttled here
      const appFrom = cpu();
      const app = await load(appUrl, toolRequests, 16, (i) => post(body(i)), answer);
      const appCpu = cpuPerRequest(appFrom, cpu(), toolRequests);
      await admin.reset();
      const directFrom = cpu();
      const direct = await standIn(toolRequests, 16);
      const directCpu = cpuPerRequest(directFrom, cpu(), toolRequests);
      pushFigures(
        figures,
        {
          area: figures.some((row) => row.area === "tool calls") ? "" : "tool calls",
          figure: `${tool.name} c=16 p95 ms (p50)`,
          value: `${fmt(app.p95)} (${fmt(app.p50)})`,
          baseline: `${fmt(direct.p95)} (${fmt(direct.p50)}) stand-in, ${graphql.length} req`,
          ratio: `+${fmt(app.p95 - direct.p95)} ms`,
          target: "<= +20 ms",
        },
        {
          area: "",
          figure: `${tool.name} CPU ms per call`,
          value: `${formatCpu(appCpu, ["web", "postgres", "stand-in"])}, load ${appCpu.bench.toFixed(2)}`,
          baseline: `${formatCpu(directCpu, ["stand-in"])}, load ${directCpu.bench.toFixed(2)}`,
          ratio: "",
        },
      );
    }

    // ------------------------------------------------------------ calls page
    sampleLoad("calls page");
    const shopId = (await db.query<{ id: string }>(`SELECT id FROM "Shop" WHERE domain = $1`, [DEMO_SHOP_DOMAIN])).rows[0].id;
    // A page of calls with long texts, newest (so they are page 1): 6 KB summaries, 40 KB transcripts.
    await db.query(
      `INSERT INTO "CallSession" (id, "shopId", "vapiCallId", direction, status, "callerNumber", summary, transcript, "createdAt", "updatedAt")
       SELECT 'bench-long-' || g, $1, 'bench-long-' || g, 'inbound', 'ended', '+16175550101', repeat('Emma asked about flannel shirts. ', 200), repeat('User: Hi. AI: Hello. ', 2000), now() + g * interval '1 second', now()
       FROM generate_series(1, 20) g`,
      [shopId],
    );
    const token = () =>
      mintSessionToken({ shop: DEMO_SHOP_DOMAIN, apiKey: SANDBOX_CREDENTIALS.shopifyApiKey, apiSecret: SANDBOX_CREDENTIALS.shopifyApiSecret });
    const dataResponse = await fetch(`${appUrl}/app/calls?_data=${encodeURIComponent("routes/app.calls._index")}`, {
      // A browser's: the library answers 410 to bots, and node's fetch counts as one.
      headers: { Authorization: `Bearer ${await token()}`, "User-Agent": BROWSER },
    });
    const dataBytes = (await dataResponse.arrayBuffer()).byteLength;
    if (dataResponse.status !== 200) throw new Error(`calls page data: HTTP ${dataResponse.status}`);
    const documentQuery = new URLSearchParams({ embedded: "1", shop: DEMO_SHOP_DOMAIN, host: adminHostParam(DEMO_SHOP_DOMAIN), id_token: await token() });
    const documentResponse = await fetch(`${appUrl}/app/calls?${documentQuery.toString()}`, { headers: { "User-Agent": BROWSER } });
    const documentBytes = (await documentResponse.arrayBuffer()).byteLength;
    if (documentResponse.status !== 200) throw new Error(`calls page document: HTTP ${documentResponse.status}`);
    const stored = (
      await db.query<{ bytes: string }>(
        `SELECT sum(octet_length(coalesce(summary, '')) + octet_length(coalesce(transcript, '')))::text AS bytes FROM "CallSession" WHERE id LIKE 'bench-long-%'`,
      )
    ).rows[0].bytes;
    pushFigures(
      figures,
      {
        area: "calls page",
        figure: "list page 1, loader data (bytes)",
        value: String(dataBytes),
        baseline: `${stored} stored texts`,
        ratio: `${fmt((dataBytes / Number(stored)) * 100)} %`,
      },
      {
        area: "",
        figure: "list page 1, document (bytes)",
        value: String(documentBytes),
        baseline: `${stored} stored texts`,
        ratio: `${fmt((documentBytes / Number(stored)) * 100)} %`,
      },
    );

    await stopWeb();
    const webStderr = webErrors.text().trim();
    const workerStderr = workerErrors.text().trim();

    // ------------------------------------------------------------ provisioning and planner (their own benches)
    if (!skip.has("provision")) {
      sampleLoad("provisioning");
      log("provisioning (tests/bench/provision.bench.ts)…");
      const result = await childBench<Record<"happy" | "worst", { floorMs: number; totalMs: number; overheadMs: number; overheadP95Ms: number }>>(
        "tests/bench/provision.bench.ts",
        ["--happy", "8", "--worst", "5"],
      );
      for (const [scenario, figure] of Object.entries(result)) {
        pushFigures(figures, {
          area: scenario === "happy" ? "provisioning" : "",
          figure: `${scenario} path, median total ms (overhead p95)`,
          value: `${fmt(figure.totalMs, 0)} (+${fmt(figure.overheadP95Ms, 0)})`,
          baseline: `${fmt(figure.floorMs, 0)} floor`,
          ratio: `+${fmt(figure.overheadMs, 0)} ms`,
          target: "<= +50 ms",
        });
      }
    }
    if (!skip.has("planner")) {
      sampleLoad("planner");
      log("planner (tests/bench/planner.bench.ts)…");
      const result = await childBench<Array<{ size: number; firstMs: number; firstComplete: boolean; steadyMs: number; steadyDue: number; countMs: number }>>(
        "tests/bench/planner.bench.ts",
        ["--sizes", plannerSizes, "--calls", "0"],
      );
      for (const row of result) {
        pushFigures(
          figures,
          {
            area: row === result[0] ? "planner" : "",
            figure: `first tick, ${row.size} due schedules (ms)`,
            value: `${row.firstComplete ? "" : "~"}${fmt(row.firstMs, 0)}`,
            baseline: `${fmt(row.countMs)} count(*)`,
            ratio: `${fmt(row.firstMs / row.countMs, 0)} x`,
            target: row.size === 100_000 ? "<= 5000" : undefined,
          },
          {
            area: "",
            figure: `steady tick, ${row.size} schedules (${row.steadyDue} due) (ms)`,
            value: fmt(row.steadyMs),
            baseline: `${fmt(row.countMs)} count(*)`,
            ratio: `${fmt(row.steadyMs / row.countMs, 1)} x`,
          },
        );
      }
    }
    sampleLoad("end");

    console.log("");
    console.log(`npm run bench: production build; ${process.version} ${process.platform}/${process.arch}, ${os.cpus().length} cores`);
    console.log(`load average (1/5/15 min): ${loads.join("; ")}`);
    printTable(figures);
    if (profileDir) {
      const [profile] = readdirSync(profileDir).filter((file) => file.endsWith(".cpuprofile"));
      if (profile) {
        console.log(`\nweb CPU profile (${path.join(profileDir, profile)}), self time by package:`);
        for (const line of topPackages(path.join(profileDir, profile), 14)) console.log(`  ${line}`);
        console.log(`top frames by self time:`);
        for (const line of topFrames(path.join(profileDir, profile), 25)) console.log(`  ${line}`);
      }
    }
    if (webStderr) console.log(`\nweb stderr:\n${webStderr.slice(0, 2000)}`);
    if (workerStderr) console.log(`\nworker stderr:\n${workerStderr.slice(0, 2000)}`);
    console.log(`\nbench: total ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    failed = true;
    console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    for (const cleanup of cleanups) {
      try {
        await cleanup();
      } catch (error) {
        console.error("bench: cleanup failed:", error);
      }
    }
    process.exit(failed ? 1 : 0);
  }
}

// ---------------------------------------------------------------------------

function log(message: string) {
  console.log(`bench: ${message}`);
}

function printTable(rows: Figure[]) {
  const header = ["area", "figure", "value", "baseline (same run)", "ratio", "target"];
  const cells = rows.map((row) => [row.area, row.figure, row.value, row.baseline, row.ratio, row.target ?? ""]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column].length)));
  const line = (cell: string[]) => `| ${cell.map((text, column) => text.padEnd(widths[column])).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
  for (const cell of cells) console.log(line(cell));
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with code ${code}`))));
  });
}

/** Runs one of the in-process benches and reads the figures it writes to BENCH_RESULT_FILE. */
async function childBench<T>(file: string, args: string[]): Promise<T> {
  const resultFile = path.resolve(`.data/bench-result-${randomBytes(3).toString("hex")}.json`);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn("node_modules/.bin/tsx", [file, ...args], {
        stdio: ["ignore", "ignore", "inherit"],
        env: { ...process.env, BENCH_RESULT_FILE: resultFile },
      });
      child.on("error", reject);
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited with code ${code}`))));
    });
    return JSON.parse(readFileSync(resultFile, "utf8")) as T;
  } finally {
    rmSync(resultFile, { force: true });
  }
}

function collect(child: ChildProcess) {
  let text = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    if (text.length < 20_000) text += chunk.toString("utf8");
  });
  return { text: () => text };
}
