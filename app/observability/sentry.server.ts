// Sentry on the server (web and worker), only when SENTRY_DSN is set. Every
// logger.error line becomes an event with its context (shop, request id,
// attempt, type, elapsed ms, ...) and the correlation id as a tag; phone
// numbers are masked in everything sent.
import * as Sentry from "@sentry/remix";
import { env } from "../env.server";
import { setErrorReporter, type LogContext } from "./logger.server";
import { maskPhonesDeep } from "./mask";

let initialized = false;

export function initSentry(): boolean {
  if (!env.SENTRY_DSN || initialized) return initialized;
  Sentry.init({
    dsn: env.SENTRY_DSN,
    environment: env.NODE_ENV,
    sendDefaultPii: false,
    tracesSampleRate: 0,
    beforeSend: (event) => maskPhonesDeep(event) as typeof event,
    beforeBreadcrumb: (breadcrumb) => maskPhonesDeep(breadcrumb) as typeof breadcrumb,
  });
  setErrorReporter(report);
  initialized = true;
  return true;
}

function report(message: string, context: LogContext, correlationId: string | undefined) {
  const { error, ...details } = context;
  Sentry.withScope((scope) => {
    if (correlationId) scope.setTag("correlationId", correlationId);
    for (const key of ["shopId", "shop", "context", "type"] as const) {
      if (typeof details[key] === "string") scope.setTag(key, details[key] as string);
    }
    scope.setContext("details", details);
    // The logger already masked the context: an Error became { name, message }.
    if (error && typeof error === "object" && "message" in error) {
      const exception = new Error(String((error as { message: unknown }).message));
      exception.name = String((error as { name?: unknown }).name ?? "Error");
      scope.setExtra("logMessage", message);
      Sentry.captureException(exception);
    } else {
      Sentry.captureMessage(message, "error");
    }
  });
}

/** Sends what is queued (a worker or a test about to exit). */
export function flushSentry(timeoutMs = 2000): Promise<boolean> {
  return initialized ? Sentry.flush(timeoutMs) : Promise.resolve(true);
}
