// The one retry policy for every Vapi request: up to 3 attempts with
// exponential backoff (1 s, then 2 s; 4 s would be the next step), never on
// validation errors, and at least Retry-After (or double backoff) on 429.
// The SDK's own retries are off (client.server.ts).
import { VapiError, VapiTimeoutError } from "@vapi-ai/server-sdk";
import { logger } from "../observability/logger.server";
import { AppError, type ErrorCode } from "./errors";

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  /** Upper bound on one wait, Retry-After included. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 30_000 };

export interface ClassifiedFailure {
  code: ErrorCode;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
  /** Vapi's own explanation (NestJS `message`), or the error's message. */
  detail: string;
  /**
   * A network error from before the request left (no connection could be opened): Vapi did nothing. Any other
   * network error (a reset, a closed socket) may have come after Vapi took the request.
   */
  neverSent?: true;
}

/** A socket-level error along an error's causes: its code, and the system call that failed, if one did. */
interface SocketError {
  code: string;
  syscall?: string;
}

/** The socket errors along an error's causes (the SDK's VapiError, fetch's TypeError, the socket's error; several addresses tried). */
function socketErrors(error: unknown, depth = 0): SocketError[] {
  if (!(error instanceof Error) || depth > 5) return [];
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  const own = typeof code === "string" ? [{ code, ...(typeof syscall === "string" ? { syscall } : {}) }] : [];
  const tried = error instanceof AggregateError ? error.errors.flatMap((each: unknown) => socketErrors(each, depth + 1)) : [];
  return [...own, ...tried, ...socketErrors(error.cause, depth + 1)];
}

/**
 * No connection was opened: the name did not resolve, connect() failed, or connecting timed out. (The same
 * codes, EHOSTUNREACH say, on a read or write come from a connection that may have carried the request.)
 */
const neverConnected = ({ code, syscall }: SocketError) => syscall === "connect" || syscall === "getaddrinfo" || code === "UND_ERR_CONNECT_TIMEOUT";

/** A network failure, and whether it is known to have happened before anything was sent. */
function networkFailure(error: unknown, detail: string): ClassifiedFailure {
  const found = socketErrors(error);
  const neverSent = found.length > 0 && found.every(neverConnected);
  const codes = [...new Set(found.map(({ code }) => code))];
  return { code: "NETWORK_ERROR", retryable: true, detail: codes.length > 0 ? `${detail} (${codes.join(", ")})` : detail, ...(neverSent ? { neverSent } : {}) };
}

/** What a thrown error means for the retry decision (pure). */
export function classifyVapiError(error: unknown): ClassifiedFailure {
  if (error instanceof AppError) return { code: error.code, retryable: false, detail: error.message };
  if (error instanceof VapiTimeoutError) return { code: "TIMEOUT", retryable: true, detail: error.message };
  if (error instanceof VapiError) {
    const status = error.statusCode;
    const detail = vapiMessage(error);
    if (status === undefined) {
      // SDK 2.0.1 reports its own timeout as a VapiError with cause "timeout".
      const timedOut = error.cause === "timeout" || /timeout/i.test(error.message);
      return timedOut ? { code: "TIMEOUT", retryable: true, detail } : networkFailure(error, detail);
    }
    if (status === 429) return { code: "RATE_LIMIT", retryable: true, status, retryAfterMs: retryAfterMs(error), detail };
    if (status === 408) return { code: "TIMEOUT", retryable: true, status, detail };
    if (status >= 500) return { code: "VAPI_UNAVAILABLE", retryable: true, status, detail };
    if (status === 401 || status === 403) return { code: "VAPI_AUTH_FAILED", retryable: false, status, detail };
    return { code: "VAPI_REJECTED", retryable: false, status, detail };
  }
  // fetch's TypeError("fetch failed"), ECONNRESET, ...
  return networkFailure(error, error instanceof Error ? error.message : String(error));
}

/** Vapi answered 404: the resource is not there (deleted, or never made). Also through withVapiRetry's AppError. */
export function isVapiNotFound(error: unknown): boolean {
  return classifyVapiError(error instanceof AppError && error.cause ? error.cause : error).status === 404;
}

/** The wait after failed attempt `attempt` (1-based) (pure). */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, failure: ClassifiedFailure): number {
  const exponential = policy.baseDelayMs * 2 ** (attempt - 1);
  const delay = failure.code === "RATE_LIMIT" ? Math.max(failure.retryAfterMs ?? 0, exponential * 2) : exponential;
  return Math.min(delay, policy.maxDelayMs);
}

/** Vapi's NestJS-style `message` (a string or a list of strings). */
export function vapiMessage(error: VapiError): string {
  const body = error.body as { message?: unknown } | undefined;
  const message = body?.message;
  if (Array.isArray(message)) return message.join("; ");
  if (typeof message === "string") return message;
  return error.message;
}

function retryAfterMs(error: VapiError): number | undefined {
  const header = error.rawResponse?.headers.get("retry-after");
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(seconds, 0) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(date - Date.now(), 0);
}

const MERCHANT_MESSAGES: Partial<Record<ErrorCode, string>> = {
  NETWORK_ERROR: "We could not reach the voice service. Please try again in a few seconds.",
  TIMEOUT: "The voice service took too long to answer. Please try again in a few seconds.",
  RATE_LIMIT: "The voice service is busy right now. Please try again in a minute.",
  VAPI_UNAVAILABLE: "The voice service is having trouble right now. Please try again in a few minutes.",
  VAPI_AUTH_FAILED: "The app's voice service credentials were refused. Please contact support.",
};

export interface RetryContext {
  /** What is being attempted, for logs: "create assistant", ... */
  operation: string;
  shopId?: string;
}

export interface RetryOptions {
  policy?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  /** Once aborted, the request in flight ends (where the request passes it on) and is neither retried nor logged. */
  signal?: AbortSignal;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `request` until it succeeds, fails with a non-retryable error, or the
 * attempts run out; each failure is logged with its context. Throws an
 * AppError whose message a merchant can act on (`cause` has the detail).
 */
export async function withVapiRetry<T>(context: RetryContext, request: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const sleep = options.sleep ?? realSleep;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await request(attempt);
    } catch (error) {
      // The caller no longer wants the answer (it has what it waited for).
      if (options.signal?.aborted) throw error;
      const failure = classifyVapiError(error);
      // A Retry-After longer than we would wait is Vapi saying "not now": retrying early would only be refused again.
      const tooLongToWait = (failure.retryAfterMs ?? 0) > policy.maxDelayMs;
      const lastAttempt = !failure.retryable || attempt >= policy.maxAttempts || tooLongToWait;
      logger.warn(`Vapi ${context.operation} failed (attempt ${attempt}/${policy.maxAttempts})`, {
        context: context.operation,
        shopId: context.shopId,
        attempt,
        totalAttempts: policy.maxAttempts,
        type: failure.retryable && lastAttempt ? "max_retries_exceeded" : failure.code.toLowerCase(),
        status: failure.status,
        detail: failure.detail,
        elapsedMs: Date.now() - started,
        willRetry: !lastAttempt,
      });
      if (lastAttempt) {
        if (error instanceof AppError) throw error;
        const message = MERCHANT_MESSAGES[failure.code] ?? `The voice service refused the request: ${failure.detail}`;
        throw new AppError(failure.code, message, { cause: error });
      }
      await sleep(backoffDelayMs(policy, attempt, failure));
      if (options.signal?.aborted) throw error;
    }
  }
}
