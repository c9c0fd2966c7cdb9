// Realistic Vapi server messages (shapes from the SDK's ServerMessage types)
// and signed requests to the app's webhook route.
import { createHmac } from "node:crypto";
import type { Vapi } from "@vapi-ai/server-sdk";
import { TEST_APP_URL, TEST_VAPI_WEBHOOK_SECRET } from "./test-env";

export interface CallRef {
  id: string;
  assistantId: string;
  phoneNumberId: string;
  customerNumber?: string;
  type?: "inboundPhoneCall" | "outboundPhoneCall";
  /** A check-in call's job, in its metadata as the dispatcher puts it. */
  callJobId?: string;
}

function call(ref: CallRef): Vapi.Call {
  return {
    id: ref.id,
    orgId: "org-test",
    createdAt: "2026-11-21T15:00:00.000Z",
    updatedAt: "2026-11-21T15:00:00.000Z",
    type: ref.type ?? "inboundPhoneCall",
    assistantId: ref.assistantId,
    phoneNumberId: ref.phoneNumberId,
    customer: { number: ref.customerNumber ?? "+16175550111" },
    ...(ref.callJobId ? { assistantOverrides: { metadata: { callJobId: ref.callJobId } } } : {}),
  };
}

export function statusUpdate(ref: CallRef, status: Vapi.ServerMessageStatusUpdateStatus, endedReason?: Vapi.ServerMessageStatusUpdateEndedReason) {
  const message: Vapi.ServerMessageStatusUpdate = {
    type: "status-update",
    status,
    call: call(ref),
    timestamp: Date.now(),
    ...(endedReason ? { endedReason } : {}),
  };
  return { message };
}

export function endOfCallReport(ref: CallRef, overrides: Partial<Vapi.ServerMessageEndOfCallReport> = {}) {
  const message: Vapi.ServerMessageEndOfCallReport = {
    type: "end-of-call-report",
    endedReason: "customer-ended-call",
    call: call(ref),
    timestamp: Date.now(),
    cost: 0.1234,
    startedAt: "2026-11-21T15:00:05.000Z",
    endedAt: "2026-11-21T15:02:10.000Z",
    artifact: {
      transcript: "AI: Thank you for calling!\nUser: Do you have flannel shirts?",
      recordingUrl: "https://storage.vapi.example/rec.wav",
      messages: [],
    },
    analysis: { summary: "The caller asked about flannel shirts.\nMessage: Dana; +16175550111; call back about a return" },
    ...overrides,
  };
  return { message };
}

export function toolCalls(ref: CallRef, items: Array<Record<string, unknown>>) {
  return { message: { type: "tool-calls", call: call(ref), timestamp: Date.now(), toolCallList: items } };
}

export function vapiWebhookRequest(
  body: unknown,
  { secret = TEST_VAPI_WEBHOOK_SECRET, headers = {} }: { secret?: string | null; headers?: Record<string, string> } = {},
) {
  const raw = typeof body === "string" ? body : body instanceof Uint8Array ? new Blob([new Uint8Array(body)]) : JSON.stringify(body);
  return new Request(new URL("/webhooks/vapi", TEST_APP_URL), {
    method: "POST",
    body: raw,
    headers: { "Content-Type": "application/json", ...(secret === null ? {} : { "X-Vapi-Secret": secret }), ...headers },
  });
}

/** Signed as Vapi signs: over `{timestamp}.` and the body's bytes. */
export function hmacHeaders(raw: string | Uint8Array, hmacSecret: string, timestamp = String(Date.now())) {
  return {
    "x-vapi-timestamp": timestamp,
    "x-vapi-signature": createHmac("sha256", hmacSecret).update(`${timestamp}.`).update(raw).digest("hex"),
  };
}

/**
 * A webhook credential at a Vapi-compatible server (the README's "HMAC-signed webhooks" settings), as a developer
 * creates it: POST /credential (the SDK has no credentials client). Resolves with its id.
 */
export async function createHmacCredential(baseUrl: string, apiKey: string, secretKey: string): Promise<string> {
  const response = await fetch(`${baseUrl}/credential`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({
      provider: "webhook",
      name: "Receptionist webhooks",
      authenticationPlan: {
        type: "hmac",
        secretKey,
        algorithm: "sha256",
        signatureHeader: "x-vapi-signature",
        timestampHeader: "x-vapi-timestamp",
        includeTimestamp: true,
        payloadFormat: "{timestamp}.{body}",
        signatureEncoding: "hex",
      },
    }),
  });
  if (response.status !== 201) throw new Error(`POST /credential answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}
