// The receptionist tools' only way into a shop's Admin API during a call: the
// shop's own offline session (so a call for shop A can only ever read shop A),
// a hard deadline because a caller is waiting on the line, and no retries:
// every failure becomes one typed AdminApiError, which the dispatcher turns
// into a fallback that tells the assistant not to try again, so nothing loops.
//
// shopify.server must be imported before "@shopify/shopify-app-remix/server":
// in the sandbox and tests it reroutes Admin API fetches before the library
// captures globalThis.fetch.
import { unauthenticated } from "../../shopify.server";
import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import { GraphqlQueryError, HttpMaxRetriesError, HttpRequestError, HttpResponseError, HttpThrottlingError } from "@shopify/shopify-api";
import type { Shop } from "@prisma/client";
import { logger } from "../../observability/logger.server";

/** Well under Vapi's 20 s tool timeout, and about as long as a caller waits in silence. */
export const ADMIN_QUERY_TIMEOUT_MS = 4_000;

export type AdminFailure =
  | "NO_SESSION" // the shop has no offline session (uninstalled, or never finished install)
  | "THROTTLED" // the shop's API cost bucket is empty, or HTTP 429
  | "UNAVAILABLE" // Shopify answered 5xx, or could not be reached
  | "TIMEOUT" // no answer within the deadline
  | "REJECTED" // any other refusal: revoked token (401), invalid query (a bug)...
  | "NO_DATA"; // only protected-data errors, but nothing usable came back

export class AdminApiError extends Error {
  readonly failure: AdminFailure;
  readonly requestId: string | null;

  constructor(failure: AdminFailure, message: string, options: { requestId?: string | null; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "AdminApiError";
    this.failure = failure;
    this.requestId = options.requestId ?? null;
  }
}

export interface AdminResult<T> {
  data: T;
  /**
   * Names of the fields Shopify withheld as protected customer data (e.g.
   * "phoneNumber", "emailAddress", "zip"): they are null in `data`. Empty
   * when the app has access to everything it asked for.
   */
  withheld: ReadonlySet<string>;
}

interface ResponseBody<T> {
  data?: T;
  headers?: Record<string, unknown>;
}

interface GraphQLErrorEntry {
  message?: string;
  path?: Array<string | number>;
  extensions?: { code?: string };
}

/**
 * Runs one query as the shop's offline session. Resolves with the data
 * (partial when only protected customer data was withheld); rejects with an
 * AdminApiError for anything else.
 */
export async function queryAdmin<T>(
  shop: Pick<Shop, "domain">,
  query: string,
  variables: Record<string, unknown>,
  { timeoutMs = ADMIN_QUERY_TIMEOUT_MS }: { timeoutMs?: number } = {},
): Promise<AdminResult<T>> {
  const operation = operationName(query);
  // As AbortSignal.timeout, whose signal Node 20 makes transferable at a cost the tool-call profile showed; the timer
  // also ends with the query instead of outliving it.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError")), timeoutMs);
  const { signal } = deadline;
  try {
    // The deadline covers loading the session too, not only the HTTP request.
    const { admin } = await beforeDeadline(unauthenticated.admin(shop.domain), signal);
    const response = await beforeDeadline(admin.graphql(query, { variables, signal, tries: 1 }), signal);
    const body = (await response.json()) as ResponseBody<T>;
    if (body.data === undefined) throw new AdminApiError("NO_DATA", `${operation} returned no data`, { requestId: requestIdOf(body.headers) });
    return { data: body.data, withheld: new Set() };
  } catch (error) {
    const partial = partialResult<T>(error);
    if (partial) {
      logger.warn(`Admin API withheld protected customer data in ${operation}`, {
        shop: shop.domain,
        fields: [...partial.withheld],
        requestId: requestIdOf(error instanceof GraphqlQueryError ? error.headers : undefined),
      });
      return partial;
    }
    const failure = toAdminApiError(error, signal, operation);
    logger.warn(`Admin API ${operation} failed: ${failure.failure}`, {
      shop: shop.domain,
      requestId: failure.requestId,
      error: failure.message,
    });
    throw failure;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Shopify answers a query touching protected customer data the app is not
 * approved for with the data, those fields null, and one ACCESS_DENIED error
 * each; the library throws that as a GraphqlQueryError. Anything else mixed
 * in (THROTTLED, a bad field) is a real failure.
 */
function partialResult<T>(error: unknown): AdminResult<T> | null {
  if (!(error instanceof GraphqlQueryError)) return null;
  const data = error.body?.data as T | null | undefined;
  const errors = (error.body?.errors as { graphQLErrors?: GraphQLErrorEntry[] } | undefined)?.graphQLErrors ?? [];
  if (data == null || errors.length === 0 || !errors.every((entry) => entry.extensions?.code === "ACCESS_DENIED")) return null;
  const withheld = new Set(errors.map((entry) => entry.path?.filter((part): part is string => typeof part === "string").at(-1) ?? ""));
  withheld.delete("");
  return { data, withheld };
}

function toAdminApiError(error: unknown, signal: AbortSignal, operation: string): AdminApiError {
  if (error instanceof AdminApiError) return error;
  if (signal.aborted) return new AdminApiError("TIMEOUT", `${operation} timed out`, { cause: error });
  if (error instanceof SessionNotFoundError) return new AdminApiError("NO_SESSION", "The shop has no offline session", { cause: error });
  if (error instanceof GraphqlQueryError) {
    const errors = (error.body?.errors as { graphQLErrors?: GraphQLErrorEntry[] } | undefined)?.graphQLErrors ?? [];
    const throttled = errors.some((entry) => entry.extensions?.code === "THROTTLED");
    return new AdminApiError(throttled ? "THROTTLED" : "REJECTED", `${operation}: ${error.message}`, {
      requestId: requestIdOf(error.headers),
      cause: withoutAnswer(error),
    });
  }
  if (error instanceof HttpThrottlingError) {
    return new AdminApiError("THROTTLED", `${operation}: HTTP 429`, { requestId: requestIdOf(error.response.headers), cause: withoutAnswer(error) });
  }
  if (error instanceof HttpResponseError) {
    const failure = error.response.code >= 500 ? "UNAVAILABLE" : "REJECTED";
    return new AdminApiError(failure, `${operation}: HTTP ${error.response.code}`, {
      requestId: requestIdOf(error.response.headers),
      cause: withoutAnswer(error),
    });
  }
  if (error instanceof HttpRequestError || error instanceof HttpMaxRetriesError) {
    return new AdminApiError("UNAVAILABLE", `${operation}: ${error.message}`, { cause: error });
  }
  return new AdminApiError("REJECTED", `${operation}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/**
 * The cause a failure keeps for the logs: Shopify's errors carry the whole answer (a partly failed query's data:
 * orders, customers' emails and addresses), which never goes into a log line. Its name and message stay.
 */
function withoutAnswer(error: Error): Error {
  const cause = new Error(error.message);
  cause.name = error.name;
  return cause;
}

/** Rejects as soon as the signal aborts, whatever the promise is waiting on. */
function beforeDeadline<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** The library canonicalizes headers to { "X-Request-Id": ["..."] }. */
function requestIdOf(headers: Record<string, unknown> | undefined): string | null {
  const value = headers?.["X-Request-Id"];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first : null;
}

function operationName(query: string): string {
  return /\b(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "query";
}
