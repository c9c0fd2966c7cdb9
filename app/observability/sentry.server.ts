// Sentry on the server (web and worker), only when SENTRY_DSN is set. Every
// logger.error line becomes an event: the ORIGINAL error is captured (so the
// event's stack is the thrower's, and Sentry follows its `cause` chain), with
// the line's sanitized context (shop, request id, attempt, type, elapsed ms,
// ...) and the ids as tags. Identical errors are sent at most once per
// window, the next one saying how many were held back. Everything sent is
// scrubbed (secrets redacted, phone numbers masked) in beforeSend.
import * as Sentry from "@sentry/remix";
import { env } from "../env.server";
import { sanitizeForLog } from "./log-sanitize";
import { setErrorReporter, type ErrorReport } from "./logger.server";
import { errorFingerprint, RepeatLimiter } from "./repeat-limiter";

/** The same error (message, type, code) is sent to Sentry at most once per this window. */
export const SENTRY_REPEAT_WINDOW_MS = 60_000;

let initialized = false;
const repeats = new RepeatLimiter(SENTRY_REPEAT_WINDOW_MS);

export function initSentry(): boolean {
  if (!env.SENTRY_DSN || initialized) return initialized;
  Sentry.init({
    dsn: env.SENTRY_DSN,
    environment: env.NODE_ENV,
    sendDefaultPii: false,
    tracesSampleRate: 0,
    beforeSend: (event) => sanitizeForLog(event) as typeof event,
    beforeBreadcrumb: (breadcrumb) => sanitizeForLog(breadcrumb) as typeof breadcrumb,
  });
  setErrorReporter(report);
  initialized = true;
  return true;
}

const TAGGED = ["shopId", "shop", "context", "type", "component"] as const;

function report({ message, error, details, requestId, correlationId }: ErrorReport) {
  const admitted = repeats.admit(errorFingerprint(message, error));
  if (!admitted) return;
  Sentry.withScope((scope) => {
    if (correlationId) scope.setTag("correlationId", correlationId);
    if (requestId) scope.setTag("requestId", requestId);
    for (const key of TAGGED) {
      if (typeof details[key] === "string") scope.setTag(key, details[key] as string);
    }
    scope.setContext("details", details);
    if (admitted.suppressed > 0) scope.setExtra("repeatsHeldBack", admitted.suppressed);
    if (error instanceof Error) {
      scope.setExtra("logMessage", message);
      Sentry.captureException(error);
    } else {
      Sentry.captureMessage(message, "error");
    }
  });
}

/** Sends what is queued (a worker or a test about to exit). */
export function flushSentry(timeoutMs = 2000): Promise<boolean> {
  return initialized ? Sentry.flush(timeoutMs) : Promise.resolve(true);
}
