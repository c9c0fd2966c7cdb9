// Shared by the check-in tests (planner, dispatcher, job transitions): the
// Vapi simulator with the app modules imported after VAPI_BASE_URL points at
// it, shops with a real receptionist at the simulator, schedules and jobs
// written straight to the database, and readers for pg-boss's dispatch rows.
import type { CallJob, CallSettings, Prisma, Shop } from "@prisma/client";
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Vapi } from "@vapi-ai/server-sdk";
import { startVapiSimulator, type RequestLogEntry, type VapiSimulator, type VapiSimulatorOptions } from "../../app/sandbox/vapi-simulator/server";
import { TEST_VAPI_API_KEY } from "./test-env";

export interface CheckinModules {
  simulator: VapiSimulator;
  prisma: typeof import("../../app/db.server").default;
  planner: typeof import("../../app/checkins/planner.server");
  control: typeof import("../../app/checkins/job-control.server");
  dispatcher: typeof import("../../app/checkins/dispatcher.server");
  queue: typeof import("../../app/jobs/queue.server");
  worker: typeof import("../../app/jobs/worker");
  vapiClient: typeof import("../../app/vapi/client.server").vapiClient;
}

/**
 * Starts the simulator, points the app at it (and sets any CHECKIN_* given),
 * then imports the app modules: env.server.ts reads process.env once, at import.
 * Also starts the sending pg-boss so its schema exists before the first query.
 */
export async function startCheckins(env: Record<string, string> = {}, simulatorOptions: VapiSimulatorOptions = {}): Promise<CheckinModules> {
  const simulator = await startVapiSimulator({ apiKey: TEST_VAPI_API_KEY, activationDelayMs: 0, timings: { ringMs: 20, talkMs: 40 }, ...simulatorOptions });
  Object.assign(process.env, { VAPI_BASE_URL: simulator.url, ...env });
  const [db, planner, control, dispatcher, queue, worker, client] = await Promise.all([
    import("../../app/db.server"),
    import("../../app/checkins/planner.server"),
    import("../../app/checkins/job-control.server"),
    import("../../app/checkins/dispatcher.server"),
    import("../../app/jobs/queue.server"),
    import("../../app/jobs/worker"),
    import("../../app/vapi/client.server"),
  ]);
  await queue.jobQueue();
  return { simulator, prisma: db.default, planner, control, dispatcher, queue, worker, vapiClient: client.vapiClient };
}

export async function stopCheckins(modules: CheckinModules | undefined): Promise<void> {
  if (!modules) return;
  await modules.queue.stopJobQueue();
  await modules.simulator.close();
}

/** Empties the check-in tables and the dispatch queue (shops stay). */
export async function resetCheckins({ prisma, queue }: CheckinModules): Promise<void> {
  await prisma.callAttempt.deleteMany();
  await prisma.callSession.deleteMany();
  await prisma.webhookDelivery.deleteMany();
  await prisma.callJob.deleteMany();
  await prisma.callSettings.deleteMany();
  await prisma.$executeRaw`DELETE FROM pgboss.job WHERE name = ${queue.QUEUES.dispatch}`;
}

let shops = 0;

/** A shop without a receptionist (enough for planning). */
export function plainShop({ prisma }: CheckinModules, overrides: Partial<Prisma.ShopCreateInput> = {}): Promise<Shop> {
  shops += 1;
  return prisma.shop.create({ data: { domain: `checkins-${shops}-${Date.now()}.myshopify.com`, name: `Shop ${shops}`, ...overrides } });
}

/** A shop whose receptionist (a saved assistant and an active number) exists at the simulator. */
export async function receptionistShop(modules: CheckinModules, server?: { url: string; secret: string }): Promise<Shop> {
  const vapi = modules.vapiClient();
  // `server.secret` works on Vapi (and the simulator) but is missing from the SDK 2.0.1 types.
  const assistant = await vapi.assistants.create({
    name: `Check-in test ${shops + 1}`,
    model: { provider: "anthropic", model: "claude-sonnet-4-5-20250929" },
    ...(server ? { server } : {}),
  } as Vapi.CreateAssistantDto);
  const number = await vapi.phoneNumbers.create({ provider: "vapi", numberDesiredAreaCode: "415", assistantId: assistant.id });
  if (number.provider !== "vapi" || !number.number) throw new Error("expected an active Vapi number");
  return plainShop(modules, { assistantId: assistant.id, phoneNumberId: number.id, phoneNumber: number.number, receptionistStatus: "active" });
}

export type ScheduleFields = Partial<Omit<Prisma.CallSettingsUncheckedCreateInput, "shopId">>;

/** An active schedule (NY, 09:00, daily by default); nextPlanAt must be given to be planned. */
export function createSchedule({ prisma }: CheckinModules, shop: Shop, fields: ScheduleFields = {}): Promise<CallSettings> {
  return prisma.callSettings.create({
    data: {
      shopId: shop.id,
      phoneE164: "+12125550123",
      timezone: "America/New_York",
      timeOfDay: "09:00",
      cadence: "daily",
      daysOfWeek: [],
      active: true,
      consentAt: new Date("2026-01-01T00:00:00Z"),
      ...fields,
    },
  });
}

/** A queued job written directly (as the planner would, without its dispatch). */
export function createJob({ prisma }: CheckinModules, settings: CallSettings, fields: Partial<Prisma.CallJobUncheckedCreateInput> = {}): Promise<CallJob> {
  const scheduledForUtc = (fields.scheduledForUtc as Date | undefined) ?? new Date();
  return prisma.callJob.create({
    data: { shopId: settings.shopId, callSettingsId: settings.id, localDate: scheduledForUtc.toISOString().slice(0, 10), scheduledForUtc, ...fields },
  });
}

export interface DispatchRow {
  id: string;
  callJobId: string;
  startAfter: Date;
  state: string;
}

/** pg-boss 12's rows of the dispatch queue (pgboss.job is partitioned by queue name). */
export function dispatchRows({ prisma, queue }: CheckinModules): Promise<DispatchRow[]> {
  return prisma.$queryRaw<DispatchRow[]>`
    SELECT id::text AS id, data->>'callJobId' AS "callJobId", start_after AS "startAfter", state::text AS state
    FROM pgboss.job WHERE name = ${queue.QUEUES.dispatch} ORDER BY start_after, id`;
}

/** The POST /call requests the simulator received for one job (its id is in assistantOverrides.metadata). */
export function callRequestsFor(simulator: VapiSimulator, callJobId: string) {
  return simulator
    .state()
    .requests.filter(
      (request) =>
        request.method === "POST" &&
        request.path === "/call" &&
        (request.body as { assistantOverrides?: { metadata?: { callJobId?: string } } } | undefined)?.assistantOverrides?.metadata?.callJobId === callJobId,
    );
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 10_000,
  label = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The simulator's request log position now: count what came after it with `requestsSince`. */
export function requestMark(simulator: VapiSimulator): number {
  const { requests } = simulator.state();
  return requests.length === 0 ? 0 : requests[requests.length - 1].seq;
}

/** Requests after `mark` (fault answers included: they carry no body). */
export function requestsSince(simulator: VapiSimulator, mark: number, method: string, path: string | RegExp) {
  return simulator
    .state()
    .requests.filter(
      (request) => request.seq > mark && request.method === method && (typeof path === "string" ? request.path === path : path.test(request.path)),
    );
}

/**
 * The app's /webhooks/vapi route action behind a loopback HTTP server, so the
 * simulator can deliver a call's server messages to it.
 */
export async function serveWebhookRoute(
  action: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>,
  port = 0,
) {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new Request(new URL(req.url ?? "/", "https://receptionist.test"), { method: req.method, headers, body: Buffer.concat(chunks) });
    let response: Response;
    try {
      const result = await action({ request, params: {}, context: {} });
      response = result instanceof Response ? result : new Response(JSON.stringify(result), { headers: { "Content-Type": "application/json" } });
    } catch (thrown) {
      response = thrown instanceof Response ? thrown : new Response(String(thrown), { status: 500 });
    }
    res.writeHead(response.status, { "Content-Type": response.headers.get("Content-Type") ?? "application/json" });
    res.end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/webhooks/vapi`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface WorkerProcess {
  child: ChildProcess;
  /** What it wrote to stderr and stdout (for a failing test's message). */
  output: () => string;
  /** SIGTERM and wait for the exit. */
  stop: () => Promise<void>;
  /** kill -9, as a crash or an OOM kill would. */
  kill: () => Promise<void>;
}

/**
 * A real worker process (`node --import tsx app/jobs/worker.ts`, as npm run
 * worker starts it) on this test file's database and simulator.
 */
export function spawnWorker(env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "app/jobs/worker.ts"], {
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { child, output: () => output, stop: () => signal("SIGTERM"), kill: () => signal("SIGKILL") };
}

/** The most requests that were in flight at once at the simulator, from its request log (start time and duration). */
export function maxInFlight(requests: RequestLogEntry[]): number {
  const edges = requests.flatMap((request) => {
    const start = Date.parse(request.timestamp);
    return [
      [start, 1],
      [start + (request.durationMs ?? Number.POSITIVE_INFINITY), -1],
    ] as Array<[number, number]>;
  });
  // Ends before starts at the same millisecond: back-to-back requests do not overlap.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let max = 0;
  for (const [, delta] of edges) max = Math.max(max, (current += delta));
  return max;
}
