// /webhooks/vapi against 5,000 generated bodies, all carrying a valid
// secret, through the real route and a real database (tool calls through the
// Admin API stand-in): never a 5xx, never an error in the app's log. The
// bodies come by class (what broke the app before): lone surrogates, NUL,
// huge/negative/fractional numbers, dates out of range, wrong types, deep
// nesting, oversized strings, random message types and broken JSON. The PRNG
// is seeded, so a failure names a body that can be replayed. Every body is
// also sent over HTTP to the express server's direct route (what the running
// servers answer POSTs with, app/web/vapi-webhook-route.ts), which must
// answer it with the same status as the route.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startToolsTestEnv, type ToolsTestEnv } from "../receptionist/tools/test-support";
import { callRoute } from "../../tests/support/shopify";
import { endOfCallReport, statusUpdate, toolCalls, vapiWebhookRequest, type CallRef } from "../../tests/support/vapi-messages";

const BODIES = 5_000;
const SEED = 20261201;

let env: ToolsTestEnv;
let action: typeof import("./webhooks.vapi").action;
let prisma: typeof import("../db.server").default;
let setErrorReporter: typeof import("../observability/logger.server").setErrorReporter;
let secret: string;
let server: Server;
let directUrl: string;
const errorLines: string[] = [];

beforeAll(async () => {
  env = await startToolsTestEnv(); // before anything reads the environment
  ({ default: prisma } = await import("../db.server"));
  ({ setErrorReporter } = await import("../observability/logger.server"));
  await prisma.shop.update({
    where: { id: env.shopA.id },
    data: { assistantId: "asst-a", phoneNumberId: "pn-a", phoneNumber: "+14155550100", receptionistStatus: "active" },
  });
  ({ action } = await import("./webhooks.vapi"));
  secret = await (await import("../vapi/webhook-secrets.server")).issueAssistantSecret(env.shopA.id); // shop A's own secret
  setErrorReporter((report) => errorLines.push(report.message));
  const { createWebAppFront } = await import("../web/express-app");
  const { handleVapiWebhook } = await import("../vapi/webhook-handler.server");
  server = createWebAppFront(handleVapiWebhook).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  directUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/vapi`;
});
afterAll(async () => {
  setErrorReporter(undefined);
  await new Promise((resolve) => server.close(resolve));
  await env.standIn.close();
});

/** mulberry32: small, fast, good enough to spread bodies over the classes. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  return { next, int, pick };
}

const random = prng(SEED);

const LONE_SURROGATES = ["\uD800", "\uDFFF", "a\uD83Db", "\uDE00x", "\uDBFF\uDBFF"];
const NULS = ["\u0000", "a\u0000b", "\u0000\u0000\u0000"];
const NUMBERS = [1e308, -1e308, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, -1, -0.5, 0.123456789, 1.5, Number.MAX_SAFE_INTEGER, 999_999.99999, 1e-320];
const DATES = [
  "+275760-09-13T00:00:01Z",
  "-271821-04-19T00:00:00Z",
  "0000-01-01T00:00:00Z",
  "9999-12-31T23:59:59.999Z",
  "+010000-01-01T00:00:00Z",
  "1969-12-31T23:59:59Z",
  "2026-13-45T99:99:99Z",
  "not a date",
  "",
  8.64e15 + 1,
  -8.64e15,
  1e20,
  253402300800000,
  -62198755200000,
];
const WRONG_TYPES: unknown[] = [null, true, false, 0, [], {}, [1, "a"], { nested: { deeper: [null] } }, "", " "];
const MESSAGE_TYPES = [
  "status-update",
  "end-of-call-report",
  "tool-calls",
  "hang",
  "speech-update",
  "transcript",
  "conversation-update",
  "x".repeat(300),
  "status-update\u0000",
  "\uD800",
  "",
  42,
];
const STATUSES = ["queued", "ringing", "in-progress", "forwarding", "ended", "ENDED", "bogus", "x".repeat(1000)];
const TOOL_NAMES = ["order_lookup", "product_search", "transferCall", "no_such_tool"];

function deepNest(depth: number): unknown {
  let value: unknown = "bottom";
  for (let level = 0; level < depth; level++) value = random.next() < 0.5 ? [value] : { deeper: value };
  return value;
}

function oversized(): string {
  const unit = random.pick(["x", "🙂", "é", "\uD800", "\u0000", " "]);
  // The last size is past the 2 MB body limit (413).
  return unit.repeat(random.pick([1_000, 50_000, 300_000, 600_000]));
}

type Mutation = (value: unknown) => unknown;

/** One value of a class, for any position in a body. */
const CLASSES: Record<string, Mutation> = {
  loneSurrogate: (value) => (typeof value === "string" ? value + random.pick(LONE_SURROGATES) : random.pick(LONE_SURROGATES)),
  nul: (value) => (typeof value === "string" ? random.pick(NULS) + value : random.pick(NULS)),
  number: () => random.pick(NUMBERS),
  date: () => random.pick(DATES),
  wrongType: () => random.pick(WRONG_TYPES),
  deepNesting: () => deepNest(random.pick([10, 200, 2_000])),
  oversized: () => oversized(),
};
const CLASS_NAMES = Object.keys(CLASSES);

/** Every path to a leaf or a container of `value`. */
function paths(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(key) : key];
      out.push(path);
      paths(child, path, out);
    }
  }
  return out;
}

function setAt(root: unknown, path: Array<string | number>, mutate: Mutation) {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  node[last] = mutate(node[last]);
}

// Fields the app reads, so mutations hit them more often than random ones.
const HOT_PATHS = [
  ["message", "call", "id"],
  ["message", "call", "startedAt"],
  ["message", "call", "endedAt"],
  ["message", "call", "customer", "number"],
  ["message", "call", "type"],
  ["message", "call", "assistantOverrides"],
  ["message", "status"],
  ["message", "endedReason"],
  ["message", "cost"],
  ["message", "startedAt"],
  ["message", "endedAt"],
  ["message", "artifact", "transcript"],
  ["message", "artifact", "recordingUrl"],
  ["message", "analysis", "summary"],
  ["message", "phoneNumber"],
  ["message", "customer"],
  ["message", "timestamp"],
];

const callIds = Array.from({ length: 40 }, (_, index) => `fuzz-call-${index}`);

function seedBody(): Record<string, unknown> {
  const ref: CallRef = {
    id: random.pick(callIds),
    assistantId: "asst-a",
    phoneNumberId: "pn-a",
    customerNumber: random.pick(["+16175550101", "+12125550102", "+16175550111", "anonymous"]),
    type: random.next() < 0.2 ? "outboundPhoneCall" : "inboundPhoneCall",
  };
  const roll = random.next();
  if (roll < 0.35) return statusUpdate(ref, random.pick(STATUSES) as "ringing", random.next() < 0.3 ? "customer-ended-call" : undefined);
  if (roll < 0.7) return endOfCallReport(ref);
  const args = {
    orderNumber: random.pick(["1001", "#1004", "9999", "", "abc"]),
    email: random.pick(["emma.johnson@example.com", "x@y.z", ""]),
    postalCode: random.pick(["02108", "00000", ""]),
    query: random.pick(["flannel", "hat", ""]),
  };
  return toolCalls(ref, [
    { id: `t${random.int(1000)}`, type: "function", function: { name: random.pick(TOOL_NAMES), arguments: random.next() < 0.5 ? args : JSON.stringify(args) } },
  ]);
}

function fuzzBody(): { raw: string; classes: string[] } {
  const roll = random.next();
  if (roll < 0.04) return { raw: JSON.stringify(seedBody()).slice(0, random.int(300)), classes: ["brokenJson"] };
  if (roll < 0.06) {
    // Deeper than JSON.stringify can write: built as text.
    const depth = random.pick([1_000, 5_000, 50_000]);
    return { raw: `{"message":${"[".repeat(depth)}${"]".repeat(depth)}}`, classes: ["deepNesting"] };
  }
  const body = seedBody();
  const classes: string[] = [];
  if (random.next() < 0.1) {
    (body.message as Record<string, unknown>).type = random.pick(MESSAGE_TYPES);
    classes.push("messageType");
  }
  const all = paths(body);
  for (let count = 1 + random.int(3); count > 0; count--) {
    const name = random.pick(CLASS_NAMES);
    const path = random.next() < 0.6 ? random.pick(HOT_PATHS) : random.pick(all);
    try {
      setAt(body, path, CLASSES[name]);
      classes.push(name);
    } catch {
      // The path runs through a value an earlier mutation replaced.
    }
  }
  return { raw: JSON.stringify(body), classes };
}

it(`answers ${BODIES.toLocaleString("en-US")} generated bodies without a 5xx or an error in the log, the same over HTTP`, async () => {
  const statuses = new Map<number, number>();
  const byClass = new Map<string, number>();
  const failures: Array<{ status: number; classes: string[]; body: string }> = [];
  const mismatches: Array<{ route: number; direct: number; classes: string[]; body: string }> = [];
  const started = performance.now();
  const queue = Array.from({ length: BODIES }, fuzzBody);
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const response = await callRoute(action, vapiWebhookRequest(next.raw, { secret }));
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      for (const name of next.classes) byClass.set(name, (byClass.get(name) ?? 0) + 1);
      if (response.status >= 500) failures.push({ status: response.status, classes: next.classes, body: next.raw.slice(0, 300) });
      // The same body again, over HTTP (a second copy of a stored message is a duplicate: 200 again).
      const direct = await fetch(directUrl, { method: "POST", body: next.raw, headers: { "Content-Type": "application/json", "X-Vapi-Secret": secret } });
      await direct.arrayBuffer();
      if (direct.status !== response.status)
        mismatches.push({ route: response.status, direct: direct.status, classes: next.classes, body: next.raw.slice(0, 300) });
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const seconds = (performance.now() - started) / 1000;
  console.info(
    `fuzz: ${BODIES} bodies in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}; classes ${JSON.stringify(Object.fromEntries(byClass))}`,
  );

  expect(failures.slice(0, 5)).toEqual([]);
  expect(mismatches.slice(0, 5)).toEqual([]);
  expect(errorLines.slice(0, 5)).toEqual([]);
  // Every class was exercised, and bodies were both accepted and refused.
  for (const name of [...CLASS_NAMES, "messageType", "brokenJson"]) expect(byClass.get(name) ?? 0).toBeGreaterThan(50);
  expect(statuses.get(200) ?? 0).toBeGreaterThan(BODIES / 4);
  expect(statuses.get(400) ?? 0).toBeGreaterThan(100);

  // What was stored reads back as stored, belongs to shop A and is consistent.
  const records = await prisma.callSession.findMany();
  expect(records.length).toBeGreaterThan(10);
  for (const record of records) {
    expect(record.shopId).toBe(env.shopA.id);
    for (const value of [record.summary, record.transcript, record.callerNumber, record.endedReason, record.status]) {
      if (value !== null) expect(value).not.toContain("\u0000");
    }
    if (record.durationSec !== null) expect(record.durationSec).toBeLessThan(2 ** 31);
  }
}, 400_000);
