// A local Vapi: a real HTTP server on loopback that the app reaches through
// the real SDK (`new VapiClient({ token, baseUrl: simulator.url, maxRetries: 0 })`).
// It answers Vapi's REST API with Vapi's shapes and errors, provisions phone
// numbers, places scheduled and immediate calls with real timers, sends server
// messages (webhooks) to the configured server URLs, and can be scripted to
// fail or slow down. Tests and the sandbox drive it in-process or over /__sim/.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CallManager } from "./calls";
import { handleControl } from "./control";
import { FaultBook } from "./faults";
import { HttpError, isLoopback, nestErrorBody, parseJsonBody, readBody, sendJson } from "./http";
import { handleApi, type ApiContext, type ApiReply } from "./routes";
import { SimulatorStore } from "./store";
import { Lifetime, isAbortError, sleep } from "./timing";
import type {
  CallScript,
  CallScriptTarget,
  CallTimings,
  FaultRule,
  InboundCallRequest,
  LatencyRule,
  RequestLogEntry,
  SimCall,
  SimPhoneNumber,
  SimulatorState,
} from "./types";
import { WebhookSender, type HmacTimestampUnit } from "./webhooks";

/** Thrown by a fault that resets the connection instead of answering (FaultRule.reset). */
class ConnectionReset extends Error {}

export type * from "./types";

export interface VapiSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: "127.0.0.1";
  /** The Bearer token the API accepts; default "sandbox-vapi-key". */
  apiKey?: string;
  orgId?: string;
  /** Area codes answered with "This area code is currently not available" (toll-free codes always are). */
  unavailableAreaCodes?: string[];
  /** Time a new number stays "activating" without a number; default 200 ms, 0 = active at once. */
  activationDelayMs?: number;
  /** Default ring 50 ms, talk 200 ms. */
  timings?: Partial<CallTimings>;
  /** Applies to every call; per-number and per-call scripts override it field by field. */
  defaultCallScript?: CallScript;
  /** Scripts by customer (or caller) number, E.164. */
  callScripts?: Record<string, CallScript>;
  /** Simultaneous calls; Vapi's default is 10. */
  concurrencyLimit?: number;
  /** Outbound calls per phone number per UTC day; unlimited by default. */
  dailyOutboundLimit?: number;
  /** Reject non-https and loopback server URLs like the real API; off by default so loopback receivers work. */
  strictServerUrls?: boolean;
  /** Unit of the HMAC timestamp header and signed payload (Vapi does not document it); default "ms". */
  hmacTimestampUnit?: HmacTimestampUnit;
}

export interface StartedInboundCall {
  /** The call as created (status "queued"). */
  call: SimCall;
  /** Resolves with the final call once its end-of-call-report was delivered. */
  done: Promise<SimCall>;
}

export interface VapiSimulator {
  /** Base URL for the SDK's baseUrl, e.g. http://127.0.0.1:PORT */
  readonly url: string;
  readonly apiKey: string;
  /** Stops every timer and call, then the server. */
  close(): Promise<void>;
  /** A deep copy of every resource, the request log and the webhook deliveries. */
  state(): SimulatorState;
  /** Back to the state right after start: resources, logs, faults, latency and scripts cleared; running calls stopped. */
  reset(): void;
  /** Answers (or delays) the next `times` matching API requests. */
  fail(rule: FaultRule): void;
  clearFaults(): void;
  setLatency(rule: LatencyRule): void;
  /** How long numbers created from now on stay "activating" (reset() restores the configured delay). */
  setActivationDelay(ms: number): void;
  /**
   * Scripts calls by customer (or caller) number, or one call by id. A script is read when the call
   * starts: by id it works for scheduled calls; an immediate call starts before POST /call answers.
   */
  setCallScript(target: CallScriptTarget, script: CallScript): void;
  /** A caller dials one of the numbers; resolves after the end-of-call-report was delivered. */
  simulateInboundCall(request: InboundCallRequest): Promise<SimCall>;
  startInboundCall(request: InboundCallRequest): StartedInboundCall;
  /** Resolves once the call has ended and its end-of-call-report was delivered (or it was canceled). */
  waitForCall(callId: string, timeoutMs?: number): Promise<SimCall>;
}

const UNAUTHORIZED = "Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.";

export async function startVapiSimulator(options: VapiSimulatorOptions = {}): Promise<VapiSimulator> {
  const simulator = new Simulator(options);
  await simulator.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  return simulator;
}

class Simulator implements VapiSimulator {
  readonly apiKey: string;
  url = "";
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  private readonly store = new SimulatorStore();
  private readonly faults = new FaultBook();
  private readonly lifetime = new Lifetime();
  private readonly calls: CallManager;
  private readonly api: ApiContext;
  private activationDelayMs: number;

  constructor(private readonly options: VapiSimulatorOptions) {
    this.apiKey = options.apiKey ?? "sandbox-vapi-key";
    this.activationDelayMs = options.activationDelayMs ?? 200;
    const orgId = options.orgId ?? "00000000-0000-4000-8000-00000000516d";
    this.calls = new CallManager({
      store: this.store,
      sender: new WebhookSender(this.store, options.hmacTimestampUnit ?? "ms"),
      timings: { ringMs: 50, talkMs: 200, ...options.timings },
      concurrencyLimit: options.concurrencyLimit ?? 10,
      dailyOutboundLimit: options.dailyOutboundLimit,
      recordingUrl: (callId) => `${this.url}/__sim/recordings/${callId}.wav`,
      orgId,
      signal: () => this.lifetime.signal,
      defaultScript: options.defaultCallScript ?? {},
    });
    this.api = {
      store: this.store,
      calls: this.calls,
      orgId,
      validation: {
        credentialExists: (id) => this.store.credentials.has(id),
        strictServerUrls: options.strictServerUrls ?? false,
      },
      unavailableAreaCodes: new Set(options.unavailableAreaCodes ?? []),
      activate: (phoneNumber) => this.activate(phoneNumber),
    };
    this.applyConfiguredScripts();
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        const address = this.server.address() as AddressInfo;
        this.url = `http://${host}:${address.port}`;
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    this.lifetime.end();
    this.calls.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      // The SDK's fetch keeps connections alive; without this close() waits for them to idle out.
      this.server.closeAllConnections();
    });
  }

  state(): SimulatorState {
    return structuredClone({
      assistants: [...this.store.assistants.values()],
      phoneNumbers: [...this.store.phoneNumbers.values()],
      calls: [...this.store.calls.values()],
      credentials: [...this.store.credentials.values()],
      requests: this.store.requests,
      deliveries: this.store.deliveries,
      ...this.faults.describe(),
      errors: this.store.errors,
    });
  }

  reset(): void {
    this.lifetime.renew();
    this.store.clear();
    this.faults.clear();
    this.calls.clear();
    this.activationDelayMs = this.options.activationDelayMs ?? 200;
    this.applyConfiguredScripts();
  }

  fail(rule: FaultRule): void {
    this.faults.add(rule);
  }

  clearFaults(): void {
    this.faults.clearFaults();
  }

  setLatency(rule: LatencyRule): void {
    this.faults.setLatency(rule);
  }

  setActivationDelay(ms: number): void {
    this.activationDelayMs = ms;
  }

  setCallScript(target: CallScriptTarget, script: CallScript): void {
    this.calls.setScript(target, script);
  }

  async simulateInboundCall(request: InboundCallRequest): Promise<SimCall> {
    return this.startInboundCall(request).done;
  }

  startInboundCall(request: InboundCallRequest): StartedInboundCall {
    return this.calls.startInbound(request);
  }

  waitForCall(callId: string, timeoutMs = 10_000): Promise<SimCall> {
    return this.calls.waitFor(callId, timeoutMs);
  }

  private applyConfiguredScripts(): void {
    for (const [customerNumber, script] of Object.entries(this.options.callScripts ?? {})) {
      this.calls.setScript({ customerNumber }, script);
    }
  }

  /** activating -> active with a number in the requested area code, after activationDelayMs. */
  private activate(phoneNumber: SimPhoneNumber): void {
    const areaCode = phoneNumber.numberDesiredAreaCode ?? "415";
    const becomeActive = () => {
      // Looked up again: the number may have been deleted or replaced by a PATCH meanwhile.
      const current = this.store.phoneNumbers.get(phoneNumber.id);
      if (!current) return;
      const changes: Partial<SimPhoneNumber> = {
        status: "active",
        number: `+1${areaCode}555${this.store.nextNumberSuffix()}`,
        updatedAt: new Date().toISOString(),
      };
      Object.assign(current, changes);
    };
    const delayMs = this.activationDelayMs;
    if (delayMs <= 0) return becomeActive();
    sleep(delayMs, this.lifetime.signal).then(becomeActive, (error: unknown) => {
      if (!isAbortError(error)) this.store.recordError(`activation of ${phoneNumber.id}`, error);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? "/", "http://simulator");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const method = (req.method ?? "GET").toUpperCase();
    // Control requests are not Vapi traffic: kept out of the request log so tests can count API calls.
    const entry = path.startsWith("/__sim/")
      ? undefined
      : this.store.logRequest({
          method,
          path,
          query: Object.fromEntries(url.searchParams),
          status: null,
          timestamp: new Date(started).toISOString(),
          durationMs: null,
        });
    try {
      const reply = entry ? await this.answerApi(req, method, path, url.searchParams, entry) : await this.answerControl(req, method, path, url.searchParams);
      if (entry) Object.assign(entry, { status: reply.status, durationMs: Date.now() - started });
      if ("wav" in reply) {
        res.writeHead(reply.status, { "content-type": "audio/wav", "content-length": reply.wav.length }).end(reply.wav);
      } else {
        sendJson(res, reply.status, reply.body, reply.headers);
      }
    } catch (error) {
      // reset() or close() while the request waited (latency, delay fault, a long inbound call).
      if (isAbortError(error)) return void res.destroy();
      if (error instanceof ConnectionReset) return void req.socket.resetAndDestroy();
      const failure = error instanceof HttpError ? error : undefined;
      if (!failure) this.store.recordError(`${method} ${path}`, error);
      const status = failure?.status ?? 500;
      if (entry) Object.assign(entry, { status, durationMs: Date.now() - started });
      sendJson(res, status, failure ? failure.body() : nestErrorBody(500));
    }
  }

  /** Latency, then faults, then auth and the route; a delay-only fault still processes the request. */
  private async answerApi(req: IncomingMessage, method: string, path: string, query: URLSearchParams, entry: RequestLogEntry): Promise<ApiReply> {
    const raw = await readBody(req);
    const signal = this.lifetime.signal;
    const latencyMs = this.faults.latencyFor(method, path);
    if (latencyMs > 0) await sleep(latencyMs, signal);
    const fault = this.faults.take(method, path);
    if (fault) entry.fault = fault.reset ? "reset" : fault.status === undefined ? "delay" : "status";
    const faultReply = (status: number): ApiReply => ({
      status,
      body: fault?.body ?? nestErrorBody(status),
      headers: fault?.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) },
    });
    if ((fault?.status !== undefined || fault?.reset) && !fault.afterHandling) {
      if (fault.delayMs) await sleep(fault.delayMs, signal);
      if (fault.reset) throw new ConnectionReset();
      return faultReply(fault.status!);
    }

    let reply: ApiReply;
    try {
      const body = parseJsonBody(raw);
      if (body !== undefined) entry.body = structuredClone(body);
      if (req.headers.authorization !== `Bearer ${this.apiKey}`) throw new HttpError(401, UNAUTHORIZED);
      reply = handleApi(this.api, { method, path, query, body });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      reply = { status: error.status, body: error.body() };
    }
    if (fault?.delayMs) await sleep(fault.delayMs, signal);
    if (fault?.reset) throw new ConnectionReset();
    return fault?.status !== undefined ? faultReply(fault.status) : reply;
  }

  private async answerControl(req: IncomingMessage, method: string, path: string, query: URLSearchParams) {
    if (!isLoopback(req.socket.remoteAddress)) throw new HttpError(403, "The simulator's control endpoints answer loopback clients only");
    const body = parseJsonBody(await readBody(req));
    return handleControl(this, method, path, query, body);
  }
}
