// Webhook benchmark (on demand, not part of `npm test`):
//
//   npx tsx tests/bench/webhooks.bench.ts [--requests N (2000)] [--tool-requests N (500)] [--no-build]
//
// Runs the app's server as the sandbox does (`remix build`, then
// app/sandbox/app-server.ts in sandbox mode) against a throwaway embedded
// PostgreSQL with the demo shop seeded and given a receptionist (assistant and
// phone number ids), and the Shopify Admin API stand-in serving the demo shop.
// Everything on 127.0.0.1; every load loop sends a fixed number of requests
// with a fixed concurrency over keep-alive connections, then ends.
//
//   (a) ingestion: POST /webhooks/vapi with realistic status-update and
//       end-of-call-report bodies (a unique call id per request, valid
//       X-Vapi-Secret): each one writes a call record and a delivery key.
//   (b) baseline: a bare Node http server (its own process, like the app)
//       reading the same bodies and answering 200, measured in the same run:
//       what the machine, the loopback and the load generator cost alone.
//   (c) tool calls: product_search "flannel shirt" and order_lookup "1001"
//       (caller verified by caller ID) answered by the app from the Admin API
//       stand-in, beside the stand-in's own latency for the very GraphQL
//       requests the app sent for them (taken from the stand-in's request log,
//       replayed directly against it).
import { stopChild, waitForHttp } from "../../app/sandbox/child-processes";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";

// ---------------------------------------------------------------------------
// Baseline server mode: `tsx webhooks.bench.ts --serve-baseline` (spawned below).
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

// ---------------------------------------------------------------------------

const ASSISTANT_ID = "asst-bench-0001";
const PHONE_NUMBER_ID = "pn-bench-0001";
const SHOP_NUMBER = "+14155550123";
const EMMA = "+16175550101";
const SCENARIO_CONCURRENCY = [16, 64];

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a positive whole number`);
  return value;
}

async function main() {
  const requests = argument("requests", 2000);
  const toolRequests = argument("tool-requests", 500);
  const build = !process.argv.includes("--no-build");
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const started = performance.now();
  let failed = false;
  try {
    // Imported here so the baseline-server mode stays a bare Node server.
    const { ensureDatabase, migrateDeploy } = await import("../../app/sandbox/database");
    const { seedDemoShop } = await import("../../app/sandbox/seed");
    const { DEMO_SHOP_DOMAIN, demoShopFixtures } = await import("../../app/sandbox/fixtures/demo-shop");
    const { SANDBOX_CREDENTIALS, SANDBOX_SCOPES } = await import("../../app/sandbox/sandbox-config");
    const { startShopifyAdminStandIn } = await import("../../app/sandbox/shopify-admin/server");
    const { ADMIN_API_VERSION } = await import("../../app/sandbox/shopify-admin/schema");
    const { freePort } = await import("../../app/sandbox/embedded-postgres");
    const pg = (await import("pg")).default;

    log("starting the embedded PostgreSQL and applying migrations…");
    delete process.env.DATABASE_URL; // always a throwaway server: the benchmark writes thousands of calls
    const database = await ensureDatabase("receptionist_bench", {
      dataDir: path.resolve(`.data/bench-webhooks-${randomBytes(3).toString("hex")}`),
      persistent: false,
    });
    cleanups.unshift(() => database.stop());
    await migrateDeploy(database.url);
    await seedDemoShop(database.url);
    // The demo shop gets a receptionist, so webhooks for its assistant map to it.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const updated = await client.query(
      `UPDATE "Shop" SET "receptionistStatus" = 'active', "assistantId" = $1, "phoneNumberId" = $2, "phoneNumber" = $3, "provisionedAt" = now() WHERE domain = $4`,
      [ASSISTANT_ID, PHONE_NUMBER_ID, SHOP_NUMBER, DEMO_SHOP_DOMAIN],
    );
    await client.end();
    if (updated.rowCount !== 1) throw new Error("The demo shop was not seeded.");

    const admin = await startShopifyAdminStandIn({
      shops: { [DEMO_SHOP_DOMAIN]: { accessToken: SANDBOX_CREDENTIALS.adminAccessToken, fixtures: demoShopFixtures } },
    });
    cleanups.unshift(() => admin.close());

    if (build) {
      log("building the app (remix build; --no-build reuses build/)…");
      await run("node_modules/.bin/remix", ["build"]);
    }

    const appPort = await freePort();
    const appUrl = `http://127.0.0.1:${appPort}`;
    log("starting the app server…");
    const appServer = spawn("node_modules/.bin/tsx", ["app/sandbox/app-server.ts"], {
      // Its per-request log lines are part of its work; they go to /dev/null.
      stdio: ["ignore", "ignore", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "development",
        PORT: String(appPort),
        APP_SANDBOX: "true",
        DATABASE_URL: database.url,
        SHOPIFY_API_KEY: SANDBOX_CREDENTIALS.shopifyApiKey,
        SHOPIFY_API_SECRET: SANDBOX_CREDENTIALS.shopifyApiSecret,
        SHOPIFY_APP_URL: `http://localhost:${appPort}`,
        SCOPES: SANDBOX_SCOPES,
        SANDBOX_ADMIN_API_URL: admin.url,
        VAPI_BASE_URL: "http://127.0.0.1:9", // never called: nothing here talks to Vapi
        VAPI_API_KEY: SANDBOX_CREDENTIALS.vapiApiKey,
        VAPI_WEBHOOK_SECRET: SANDBOX_CREDENTIALS.vapiWebhookSecret,
      },
    });
    const appErrors = collect(appServer);
    cleanups.unshift(() => stopChild(appServer, 5_000));
    await waitForHttp(`${appUrl}/webhooks/vapi`, appServer, () => appErrors.text());

    const baseline = spawn("node_modules/.bin/tsx", [path.resolve("tests/bench/webhooks.bench.ts"), "--serve-baseline"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    cleanups.unshift(() => stopChild(baseline, 5_000));
    const baselineUrl = `http://127.0.0.1:${await listeningPort(baseline)}`;

    const secret = SANDBOX_CREDENTIALS.vapiWebhookSecret;
    const post = (body: string) => ({ path: "/webhooks/vapi", body, headers: { "Content-Type": "application/json", "X-Vapi-Secret": secret } });

    // Warm-up (JIT, connection pools, Prisma's first queries), not measured.
    log("warming up…");
    for (const target of [appUrl, baselineUrl]) {
      await load(target, 200, 16, () => post(statusUpdateBody(randomUUID(), "ringing")), expectOk);
      await load(target, 200, 16, () => post(endOfCallReportBody(randomUUID())), expectOk);
    }

    const rows: Row[] = [];
    const scenarios: Array<{ name: string; body: () => string }> = [
      { name: "status-update", body: () => statusUpdateBody(randomUUID(), "in-progress") },
      { name: "end-of-call-report", body: () => endOfCallReportBody(randomUUID()) },
    ];
    for (const scenario of scenarios) {
      for (const concurrency of SCENARIO_CONCURRENCY) {
        log(`${scenario.name} × ${requests} at concurrency ${concurrency}…`);
        // Bodies made up front: building them is not the servers' work.
        const bodies = Array.from({ length: requests }, scenario.body);
        const next = (i: number) => post(bodies[i]);
        const app = await load(appUrl, requests, concurrency, next, expectAppliedOk);
        const bare = await load(baselineUrl, requests, concurrency, next, expectOk);
        rows.push({ label: `${scenario.name} c=${concurrency}`, what: "app /webhooks/vapi", ...app });
        rows.push({ label: "", what: "bare node http (baseline)", ...bare });
      }
    }
    const bodyBytes = {
      status: Buffer.byteLength(statusUpdateBody(randomUUID(), "in-progress")),
      report: Buffer.byteLength(endOfCallReportBody(randomUUID())),
    };

    // Every ingestion request wrote its call: check the database agrees.
    const check = new pg.Client({ connectionString: database.url });
    await check.connect();
    const { rows: counted } = await check.query<{ calls: string }>(`SELECT count(*)::text AS calls FROM "CallSession"`);
    await check.end();
    const expectedCalls = 400 /* warm-up */ + scenarios.length * SCENARIO_CONCURRENCY.length * requests;
    if (Number(counted[0].calls) !== expectedCalls) throw new Error(`expected ${expectedCalls} call records, found ${counted[0].calls}`);

    // (c) Tool calls, and the stand-in's own latency for the same GraphQL requests.
    const tools = [
      { name: "product_search", arguments: { query: "flannel shirt" }, expect: /Flannel Button-Up Shirt, \$59 to \$64/ },
      { name: "order_lookup", arguments: { orderNumber: "1001" }, expect: /^The caller is verified\. Order #1001/ },
    ];
    const toolRows: Row[] = [];
    for (const tool of tools) {
      const body = () => toolCallsBody(randomUUID(), tool.name, tool.arguments);
      const answer = (status: number, text: string) => {
        if (status !== 200) throw new Error(`${tool.name}: HTTP ${status}: ${text.slice(0, 300)}`);
        const result = (JSON.parse(text) as { results?: Array<{ result?: string }> }).results?.[0]?.result ?? "";
        if (!tool.expect.test(result)) throw new Error(`${tool.name} answered: ${result}`);
      };
      await load(appUrl, 50, 4, () => post(body()), answer); // warm-up

      // The GraphQL requests one tool call makes, from the stand-in's log.
      admin.reset();
      await load(appUrl, 1, 1, () => post(body()), answer);
      const sent = admin.requests();
      if (sent.length === 0 || sent.some((entry) => entry.status !== 200))
        throw new Error(`${tool.name}: unexpected Admin API requests ${JSON.stringify(sent)}`);
      const graphql = sent.map((entry) => graphqlRequest(entry.operationName, entry.variables));
      const standInPath = `/admin/api/${ADMIN_API_VERSION}/graphql.json`;
      const standInHeaders = {
        "Content-Type": "application/json",
        "X-Shopify-Access-Token": SANDBOX_CREDENTIALS.adminAccessToken,
        "X-Forwarded-Host": DEMO_SHOP_DOMAIN,
      };
      const standIn = (concurrency: number, n: number) =>
        load(
          admin.url,
          n,
          concurrency,
          () => graphql.map((body) => ({ path: standInPath, body, headers: standInHeaders })),
          (status, text) => {
            if (status !== 200 || text.includes('"errors"')) throw new Error(`stand-in: HTTP ${status}: ${text.slice(0, 300)}`);
          },
        );
      await standIn(4, 50); // warm-up

      for (const concurrency of [1, 16]) {
        log(`${tool.name} × ${toolRequests} at concurrency ${concurrency}…`);
        admin.reset(); // fresh cost buckets: the app must never be throttled here
        const app = await load(appUrl, toolRequests, concurrency, () => post(body()), answer);
        admin.reset();
        const direct = await standIn(concurrency, toolRequests);
        toolRows.push({ label: `${tool.name} c=${concurrency}`, what: "app tool-calls answer", ...app });
        toolRows.push({ label: "", what: `Admin API stand-in direct (${graphql.length} req${graphql.length === 1 ? "" : "s"})`, ...direct });
      }
    }

    console.log("");
    console.log(`Webhook ingestion: ${requests} requests per row, unique call ids, keep-alive, all on 127.0.0.1`);
    console.log(`(bodies: status-update ${(bodyBytes.status / 1024).toFixed(1)} KB, end-of-call-report ${(bodyBytes.report / 1024).toFixed(1)} KB; ${os()})`);
    printTable(rows);
    console.log("");
    console.log(`Tool calls: ${toolRequests} requests per row (unique call ids); the stand-in rows replay the same GraphQL requests directly, in sequence`);
    printTable(toolRows);
    console.log(`\nbench: ${counted[0].calls} call records written; total ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (appErrors.text().trim()) console.log(`\napp server stderr:\n${appErrors.text().trim().slice(0, 2000)}`);
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
// Load generation

interface Req {
  path: string;
  body: string;
  headers: Record<string, string>;
}

interface Result {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
}

interface Row extends Result {
  label: string;
  what: string;
}

type Check = (status: number, text: string) => void;

const expectOk: Check = (status, text) => {
  if (status !== 200) throw new Error(`HTTP ${status}: ${text.slice(0, 300)}`);
};

const expectAppliedOk: Check = (status, text) => {
  expectOk(status, text);
  if (!text.includes('"outcome":"applied"')) throw new Error(`not applied: ${text.slice(0, 300)}`);
};

/**
 * Sends `total` units of work with `concurrency` workers over keep-alive
 * connections; a unit is one request, or several sent one after the other
 * (timed together). Resolves when all are answered.
 */
async function load(baseUrl: string, total: number, concurrency: number, make: (index: number) => Req | Req[], check: Check): Promise<Result> {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = new Float64Array(total);
  let nextIndex = 0;
  const begin = performance.now();
  const worker = async () => {
    for (let index = nextIndex++; index < total; index = nextIndex++) {
      const made = make(index);
      const units = Array.isArray(made) ? made : [made];
      const start = performance.now();
      for (const unit of units) {
        const { status, text } = await send(agent, url, unit);
        check(status, text);
      }
      latencies[index] = performance.now() - start;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - begin) / 1000;
  const sorted = latencies.sort();
  return { requests: total, seconds, rps: total / seconds, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

function send(agent: http.Agent, url: URL, { path: requestPath, body, headers }: Req): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: requestPath, method: "POST", agent, headers: { ...headers, "Content-Length": Buffer.byteLength(body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      },
    );
    request.setTimeout(30_000, () => request.destroy(new Error(`timeout: POST ${url.origin}${requestPath}`)));
    request.on("error", reject);
    request.end(body);
  });
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

// ---------------------------------------------------------------------------
// Realistic Vapi server messages: what the Vapi simulator sends (and Vapi
// itself): the call, the customer, the phone number and a snapshot of the
// assistant with its system prompt and tools, in every message.

const SYSTEM_PROMPT = [
  "You are the friendly phone receptionist of Harbor & Pine Outfitters, an outdoor clothing store in Portland, Maine.",
  "Answer questions about products, prices, stock, store hours, shipping and returns. Use product_search for any product question and order_lookup for order status; never guess.",
  "Opening hours: Mon-Sat 10am-6pm ET. Outside opening hours, take a message: name, callback number and reason.",
  "Products (a selection): Flannel Button-Up Shirt $59.00; Fisherman Cable-Knit Sweater $145.00; Wool Hiking Socks (3-Pack) $32.00; Ribbed Knit Beanie $28.00; Chino Pants $78.00; Waxed Canvas Jacket $189.00; Down Vest $119.00.",
  "Returns: within 30 days, unworn, with tags. Shipping: free over $75 in the US.",
  "Keep answers short; one or two sentences. Do not read out URLs. If the caller asks for a person, transfer the call.",
].join("\n\n");

const ASSISTANT = {
  id: ASSISTANT_ID,
  orgId: "org-bench",
  name: "Harbor & Pine receptionist",
  firstMessage: "Thanks for calling Harbor & Pine Outfitters! How can I help you today?",
  voice: { provider: "11labs", voiceId: "21m00Tcm4TlvDq8ikWAM" },
  transcriber: { provider: "deepgram", model: "nova-2", language: "en" },
  model: {
    provider: "openai",
    model: "gpt-4o-mini",
    messages: [{ role: "system", content: SYSTEM_PROMPT }],
    tools: [
      {
        type: "function",
        function: {
          name: "product_search",
          description: "Search the store's products by name or type; returns prices and stock.",
          parameters: { type: "object", properties: { query: { type: "string", description: "What the caller is looking for" } }, required: ["query"] },
        },
      },
      {
        type: "function",
        function: {
          name: "order_lookup",
          description: "Look up an order's status by its number; the caller must be verified.",
          parameters: {
            type: "object",
            properties: { orderNumber: { type: "string" }, email: { type: "string" }, postalCode: { type: "string" } },
          },
        },
      },
    ],
  },
  server: { url: "https://receptionist.example.com/webhooks/vapi", timeoutSeconds: 20 },
  serverMessages: ["status-update", "end-of-call-report", "tool-calls"],
  analysisPlan: { summaryPlan: { enabled: true } },
  artifactPlan: { recordingEnabled: true },
  createdAt: "2026-11-21T09:00:00.000Z",
  updatedAt: "2026-11-21T09:00:00.000Z",
};

const PHONE_NUMBER = {
  id: PHONE_NUMBER_ID,
  orgId: "org-bench",
  provider: "vapi",
  number: SHOP_NUMBER,
  assistantId: ASSISTANT_ID,
  status: "active",
  name: "Harbor & Pine receptionist",
  createdAt: "2026-11-21T09:00:00.000Z",
  updatedAt: "2026-11-21T09:00:00.000Z",
};

function context(callId: string, status: string) {
  const now = new Date().toISOString();
  const customer = { number: EMMA, name: "Emma Johnson" };
  return {
    timestamp: Date.now(),
    call: {
      id: callId,
      orgId: "org-bench",
      type: "inboundPhoneCall",
      status,
      assistantId: ASSISTANT_ID,
      phoneNumberId: PHONE_NUMBER_ID,
      customer,
      phoneCallProvider: "vapi",
      phoneCallTransport: "pstn",
      createdAt: now,
      updatedAt: now,
      startedAt: now,
    },
    customer,
    phoneNumber: PHONE_NUMBER,
    assistant: ASSISTANT,
  };
}

function statusUpdateBody(callId: string, status: "ringing" | "in-progress"): string {
  return JSON.stringify({ message: { type: "status-update", status, ...context(callId, status) } });
}

const TRANSCRIPT_LINES: Array<["bot" | "user", string]> = [
  ["bot", "Thanks for calling Harbor & Pine Outfitters! How can I help you today?"],
  ["user", "Hi, do you have flannel shirts?"],
  ["bot", "Found 1 product: Flannel Button-Up Shirt, $59.00, in stock in Small, Medium and Large."],
  ["user", "Great. And where is my order 1001?"],
  ["bot", "Your order #1001, placed September 28, is paid and delivered, with 1 Flannel Button-Up Shirt and 2 Wool Hiking Socks (3-Pack)."],
  ["user", "Thanks, bye!"],
  ["bot", "Thanks for calling. Goodbye!"],
];

function endOfCallReportBody(callId: string): string {
  const started = Date.now() - 125_000;
  const messages = TRANSCRIPT_LINES.map(([role, message], index) => ({
    role,
    message,
    time: started + index * 15_000,
    endTime: started + index * 15_000 + 4_000,
    secondsFromStart: index * 15,
  }));
  const transcript = TRANSCRIPT_LINES.map(([role, message]) => `${role === "bot" ? "AI" : "User"}: ${message}`).join("\n");
  return JSON.stringify({
    message: {
      type: "end-of-call-report",
      ...context(callId, "ended"),
      endedReason: "customer-ended-call",
      startedAt: new Date(started).toISOString(),
      endedAt: new Date(started + 125_000).toISOString(),
      cost: 0.125,
      costs: [
        { type: "transport", minutes: 2.08, cost: 0.0208 },
        { type: "vapi", subType: "normal", minutes: 2.08, cost: 0.1042 },
      ],
      artifact: { messages, transcript, recordingUrl: `https://storage.vapi.ai/${callId}-mono.wav` },
      analysis: { summary: "Emma asked about flannel shirts and the status of her order #1001; the receptionist answered both." },
    },
  });
}

function toolCallsBody(callId: string, name: string, args: Record<string, unknown>): string {
  const toolCall = { id: `call_${randomBytes(12).toString("hex")}`, type: "function", function: { name, arguments: args } };
  const definition = ASSISTANT.model.tools.find((tool) => tool.function.name === name);
  return JSON.stringify({
    message: {
      type: "tool-calls",
      ...context(callId, "in-progress"),
      toolCallList: [toolCall],
      toolWithToolCallList: [{ ...definition, toolCall }],
      artifact: { messages: [{ role: "user", message: "Hi, do you have flannel shirts?", time: Date.now(), secondsFromStart: 3 }] },
    },
  });
}

// ---------------------------------------------------------------------------
// The GraphQL documents the app sent, by operation name, read from the tools'
// sources (the stand-in logs operation names and variables, not documents).

let documents: Map<string, string> | undefined;

function graphqlRequest(operationName: string | null, variables: Record<string, unknown> | null): string {
  if (!documents) {
    documents = new Map();
    for (const file of ["app/receptionist/tools/product-search.server.ts", "app/receptionist/tools/order-lookup.server.ts"]) {
      const source = readFileSync(path.resolve(file), "utf8");
      const constants = new Map<string, string>();
      for (const match of source.matchAll(/const (\w+) = `(#graphql[\s\S]*?)`;/g)) {
        const text = match[2].replace(/\$\{(\w+)\}/g, (_whole, name: string) => constants.get(name) ?? "");
        constants.set(match[1], text);
        const operation = /\b(?:query|mutation)\s+(\w+)/.exec(text)?.[1];
        if (operation) documents.set(operation, text);
      }
    }
  }
  const query = operationName ? documents.get(operationName) : undefined;
  if (!query) throw new Error(`No GraphQL document found for operation ${operationName}`);
  return JSON.stringify({ query, variables: variables ?? {} });
}

// ---------------------------------------------------------------------------
// Processes and output

function log(message: string) {
  console.log(`bench: ${message}`);
}

function os(): string {
  return `Node ${process.version}, ${process.platform}/${process.arch}`;
}

function printTable(rows: Row[]) {
  const header = ["scenario", "server", "requests", "req/s", "p50 ms", "p99 ms"];
  const cells = rows.map((row) => [row.label, row.what, String(row.requests), row.rps.toFixed(0), row.p50.toFixed(2), row.p99.toFixed(2)]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column].length)));
  const line = (cell: string[]) => cell.map((text, column) => (column >= 2 ? text.padStart(widths[column]) : text.padEnd(widths[column]))).join("  ");
  console.log(line(header));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  for (const cell of cells) console.log(line(cell));
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with code ${code}`))));
  });
}

function collect(child: ChildProcess) {
  let text = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    if (text.length < 20_000) text += chunk.toString("utf8");
  });
  return { text: () => text };
}

function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`the baseline server exited (code ${code})`)));
  });
}
