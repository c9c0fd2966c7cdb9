// Shapes shared by the simulator's modules. Stored resources use the SDK's own
// response types (generated from Vapi's OpenAPI spec) so the simulator answers
// with the same field names the app reads through the SDK.
import type { Vapi } from "@vapi-ai/server-sdk";

/**
 * Vapi still honours `server.secret` (sent as `X-Vapi-Secret`), but the SDK
 * 2.0.1 types and the published spec no longer list it.
 */
export type SimServer = Vapi.Server & { secret?: string };

/**
 * `silenceTimeoutSeconds` is validated by Vapi (>= 10) but is missing from the
 * SDK 2.0.1 types and the published spec; the simulator accepts and checks it.
 */
export type SimAssistant = Omit<Vapi.Assistant, "server"> & {
  silenceTimeoutSeconds?: number;
  server?: SimServer;
};

export type SimPhoneNumber = Omit<Vapi.VapiPhoneNumber, "server"> & {
  provider: "vapi";
  server?: SimServer;
};

export type SimCall = Vapi.Call;

/** Only webhook credentials (HMAC or bearer) are simulated: they sign server messages. */
export type WebhookAuthenticationPlan = Vapi.CreateWebhookCredentialDtoAuthenticationPlan.Hmac | Vapi.CreateWebhookCredentialDtoAuthenticationPlan.Bearer;

export interface SimCredential {
  id: string;
  orgId: string;
  provider: "webhook";
  name?: string;
  authenticationPlan: WebhookAuthenticationPlan;
  createdAt: string;
  updatedAt: string;
}

/** Every endedReason the simulator can script; all are members of Vapi.CallEndedReason. */
export type CallOutcome =
  | Extract<Vapi.CallEndedReason, "customer-ended-call" | "assistant-ended-call" | "customer-did-not-answer" | "customer-busy" | "voicemail">
  | Extract<Vapi.CallEndedReason, `call.start.error-${string}`>;

/** Informational messages, which can be delivered late (after the end-of-call-report). */
export type InformationalMessageKey = "status-update:ringing" | "status-update:in-progress" | "status-update:ended" | "end-of-call-report";

/** Any message of a call; tool-calls must be answered during the call, so they can only be duplicated. */
export type MessageKey = InformationalMessageKey | "tool-calls";

export interface ScriptedToolCall {
  /** Function name; must be a function tool of the call's assistant. */
  name: string;
  arguments?: Record<string, unknown>;
}

/** How a call plays out. Anything left out falls back to the simulator's defaults. */
export interface CallScript {
  /** Default "customer-ended-call". */
  outcome?: CallOutcome;
  /** How long an outbound call stays queued (Vapi dialling out) before it rings; default 0. */
  queuedMs?: number;
  ringMs?: number;
  /** Time between answer and hang-up, spread over the tool calls. */
  talkMs?: number;
  toolCalls?: ScriptedToolCall[];
  /** Vapi documents `function.arguments` as an object, the SDK types it as a JSON string: test both. Default "object". */
  toolCallArgumentsAs?: "object" | "json-string";
  /** Lines the caller says, in order, around the tool calls. */
  userSays?: string[];
  summary?: string;
  structuredData?: Record<string, unknown>;
  successEvaluation?: string;
  /** Deliver these messages twice in a row (as a retrying sender would). */
  duplicate?: MessageKey[];
  /** Hold these messages back and deliver them after the end-of-call-report (out of order). */
  deliverLast?: InformationalMessageKey[];
  /** Never deliver these messages (dropped), e.g. to test reconciliation from GET /call/{id}. */
  drop?: InformationalMessageKey[];
}

export interface InboundCallRequest extends CallScript {
  /** The called number: its id, or the E.164 number itself. */
  phoneNumberId?: string;
  number?: string;
  callerNumber: string;
  callerName?: string;
}

export type CallScriptTarget = { callId: string } | { customerNumber: string };

export interface CallTimings {
  ringMs: number;
  talkMs: number;
}

export interface FaultRule {
  method?: string;
  /** A path prefix on segment boundaries ("/assistant" matches "/assistant/1", not "/assistants"), or a RegExp. */
  path: string | RegExp;
  /** Answer with this status instead of handling the request. */
  status?: number;
  /** Error body; defaults to a NestJS-style body for the status. */
  body?: unknown;
  /** Sent as the Retry-After header (seconds). */
  retryAfterSeconds?: number;
  /** Hold the response this long. Without `status`, the request is still processed, only answered late. */
  delayMs?: number;
  /**
   * Reset the connection (TCP RST) instead of answering, as a network that fails mid-request does: the client sees
   * ECONNRESET and cannot tell whether the request was processed.
   */
  reset?: boolean;
  /**
   * With `status` or `reset`: the request is handled first (what it creates exists), then answered with `status`
   * (as a gateway, 502 or 504, answers when it gave up on an upstream that went on to finish) or reset.
   */
  afterHandling?: boolean;
  /** How many matching requests this rule answers; default 1. */
  times?: number;
}

export interface LatencyRule {
  method?: string;
  path?: string | RegExp;
  ms: number;
  /** Random extra 0..jitterMs. */
  jitterMs?: number;
}

export interface RequestLogEntry {
  seq: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, when the request had one. */
  body?: unknown;
  /** null while the request is being handled. */
  status: number | null;
  timestamp: string;
  durationMs: number | null;
  /** Set when a fault rule answered or delayed this request. */
  fault?: "status" | "delay" | "reset";
}

export interface DeliveryRecord {
  seq: number;
  callId: string;
  type: string;
  /** For status-update messages. */
  status?: string;
  url: string | null;
  /** 1 for the first try, 2+ for retries under server.backoffPlan. */
  attempt: number;
  duplicate: boolean;
  /** Delivered after the end-of-call-report on purpose (CallScript.deliverLast). */
  late: boolean;
  requestHeaders: Record<string, string>;
  payload: unknown;
  /** null when no HTTP answer came (network error, timeout, no server URL). */
  httpStatus: number | null;
  responseBody: unknown;
  error?: string;
  sentAt: string;
  durationMs: number;
}

export interface FaultDescription {
  method?: string;
  path: string;
  status?: number;
  reset?: boolean;
  delayMs?: number;
  retryAfterSeconds?: number;
  remaining: number;
}

export interface LatencyDescription {
  method?: string;
  path?: string;
  ms: number;
  jitterMs?: number;
}

/** A deep copy of everything the simulator holds, safe to keep and to serialize. */
export interface SimulatorState {
  assistants: SimAssistant[];
  phoneNumbers: SimPhoneNumber[];
  calls: SimCall[];
  credentials: SimCredential[];
  requests: RequestLogEntry[];
  deliveries: DeliveryRecord[];
  faults: FaultDescription[];
  latency: LatencyDescription[];
  /** Unexpected internal errors (bugs in the simulator or the scripts). */
  errors: string[];
}
