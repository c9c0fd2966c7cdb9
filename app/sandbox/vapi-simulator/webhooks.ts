// Delivers Vapi server messages (POST { message }) to a server URL the way
// Vapi does: X-Vapi-Secret from server.secret, server.headers, credential
// signing (HMAC or bearer), server.timeoutSeconds and server.backoffPlan
// retries. Every attempt is recorded so tests can assert on deliveries.
import { createHmac, randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { Vapi } from "@vapi-ai/server-sdk";
import { isRecord } from "./http";
import type { SimulatorStore } from "./store";
import { sleep } from "./timing";
import type { DeliveryRecord, SimCredential, SimServer } from "./types";

const DEFAULT_TIMEOUT_SECONDS = 20;
const MAX_RECORDED_RESPONSE_CHARS = 100_000;

export interface WebhookTarget {
  url: string;
  secret?: string;
  headers?: Record<string, unknown>;
  credential?: SimCredential;
  timeoutMs: number;
  backoffPlan?: Vapi.BackoffPlan;
}

export interface DeliveryContext {
  callId: string;
  type: string;
  status?: string;
  duplicate: boolean;
  late: boolean;
}

export type HmacTimestampUnit = "ms" | "s";

export function targetFromServer(server: SimServer | undefined, credentials: ReadonlyMap<string, SimCredential>): WebhookTarget | undefined {
  if (!server?.url) return undefined;
  return {
    url: server.url,
    secret: server.secret,
    headers: server.headers,
    credential: server.credentialId ? credentials.get(server.credentialId) : undefined,
    timeoutMs: (server.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
    backoffPlan: server.backoffPlan,
  };
}

export class WebhookSender {
  constructor(
    private readonly store: SimulatorStore,
    private readonly hmacTimestampUnit: HmacTimestampUnit,
  ) {}

  /** Sends one message (with retries under the target's backoffPlan) and returns the last attempt's record. */
  async deliver(target: WebhookTarget | undefined, message: Record<string, unknown>, context: DeliveryContext, signal: AbortSignal): Promise<DeliveryRecord> {
    const payload = { message };
    const body = JSON.stringify(payload);
    const base = { callId: context.callId, type: context.type, status: context.status, duplicate: context.duplicate, late: context.late, payload };
    if (!target) {
      return this.store.logDelivery({
        ...base,
        url: null,
        attempt: 1,
        requestHeaders: {},
        httpStatus: null,
        responseBody: undefined,
        error: "no server URL configured (assistant, phone number or call)",
        sentAt: new Date().toISOString(),
        durationMs: 0,
      });
    }

    const attempts = 1 + (target.backoffPlan?.maxRetries ?? 0);
    for (let attempt = 1; ; attempt += 1) {
      const headers = this.headersFor(target, body);
      const sentAt = new Date();
      const result = await postJson(target.url, headers, body, target.timeoutMs, signal);
      signal.throwIfAborted();
      const record = this.store.logDelivery({
        ...base,
        url: target.url,
        attempt,
        requestHeaders: headers,
        ...result,
        sentAt: sentAt.toISOString(),
        durationMs: Date.now() - sentAt.getTime(),
      });
      const ok = record.httpStatus !== null && record.httpStatus >= 200 && record.httpStatus < 300;
      if (ok || attempt >= attempts || isExcluded(target.backoffPlan, record.httpStatus)) return record;
      await sleep(retryDelayMs(target.backoffPlan, attempt), signal);
    }
  }

  private headersFor(target: WebhookTarget, body: string): Record<string, string> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    const plan = target.credential?.authenticationPlan;
    if (plan?.type === "bearer") {
      const name = (plan.headerName ?? "Authorization").toLowerCase();
      headers[name] = plan.bearerPrefixEnabled === false ? plan.token : `Bearer ${plan.token}`;
    }
    if (plan?.type === "hmac") Object.assign(headers, this.hmacHeaders(plan, target.url, body));
    // Vapi documents that explicit server.headers override what a credential adds.
    for (const [name, value] of Object.entries(target.headers ?? {})) headers[name.toLowerCase()] = String(value);
    if (target.secret) headers["x-vapi-secret"] = target.secret;
    return headers;
  }

  private hmacHeaders(plan: Vapi.CreateWebhookCredentialDtoAuthenticationPlan.Hmac, url: string, body: string): Record<string, string> {
    const timestamp = String(this.hmacTimestampUnit === "s" ? Math.floor(Date.now() / 1000) : Date.now());
    const messageId = randomUUID();
    const includeTimestamp = plan.includeTimestamp ?? true;
    const format = plan.payloadFormat ?? (includeTimestamp ? "{timestamp}.{body}" : "{body}");
    const values: Record<string, string> = { timestamp, body, method: "POST", url, "svix-id": messageId };
    // One pass, so a body that happens to contain "{timestamp}" is not rewritten.
    const signed = format.replace(/\{(timestamp|body|method|url|svix-id)\}/g, (_, key: string) => values[key]);
    const key = plan.secretIsBase64 ? Buffer.from(plan.secretKey, "base64") : plan.secretKey;
    const signature = createHmac(plan.algorithm, key)
      .update(signed)
      .digest(plan.signatureEncoding ?? "hex");

    const headers: Record<string, string> = {
      [(plan.signatureHeader ?? "x-signature").toLowerCase()]: `${plan.signaturePrefix ?? ""}${signature}`,
    };
    if (includeTimestamp) headers[(plan.timestampHeader ?? "x-timestamp").toLowerCase()] = timestamp;
    if (plan.messageIdHeader) headers[plan.messageIdHeader.toLowerCase()] = messageId;
    return headers;
  }
}

function isExcluded(plan: Vapi.BackoffPlan | undefined, status: number | null): boolean {
  return status !== null && (plan?.excludedStatusCodes ?? []).some((code) => Number(code) === status);
}

function retryDelayMs(plan: Vapi.BackoffPlan | undefined, attempt: number): number {
  const base = (plan?.baseDelaySeconds ?? 1) * 1000;
  return String(plan?.type) === "exponential" ? base * 2 ** (attempt - 1) : base;
}

interface PostResult {
  httpStatus: number | null;
  responseBody: unknown;
  error?: string;
}

/** node:http without keep-alive, so receivers and the simulator close promptly. */
function postJson(url: string, headers: Record<string, string>, body: string, timeoutMs: number, signal: AbortSignal): Promise<PostResult> {
  return new Promise((resolve) => {
    const settle = (result: PostResult) => {
      clearTimeout(timer);
      resolve(result);
    };
    const client = url.startsWith("https:") ? https : http;
    const request = client.request(
      url,
      { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, agent: false, signal },
      (response) => {
        const chunks: Buffer[] = [];
        const httpStatus = response.statusCode ?? null;
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", (error) => settle({ httpStatus, responseBody: undefined, error: error.message }));
        response.on("end", () => settle({ httpStatus, responseBody: parseResponse(Buffer.concat(chunks).toString("utf8")) }));
      },
    );
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    request.on("error", (error) => settle({ httpStatus: null, responseBody: undefined, error: error.message }));
    request.end(body);
  });
}

function parseResponse(text: string): unknown {
  const clipped = text.length > MAX_RECORDED_RESPONSE_CHARS ? text.slice(0, MAX_RECORDED_RESPONSE_CHARS) : text;
  if (clipped === "") return undefined;
  try {
    const parsed = JSON.parse(clipped) as unknown;
    return isRecord(parsed) || Array.isArray(parsed) ? parsed : clipped;
  } catch {
    return clipped;
  }
}
