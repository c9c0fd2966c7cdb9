// One structured logger: JSON lines in production, readable lines in
// development, a correlation id on every line (per request or per job), and
// phone numbers masked before anything is written.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { env } from "../env.server";
import { maskPhonesDeep, maskPhonesInText } from "./mask";

type Level = "debug" | "info" | "warn" | "error";
const LEVELS: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const correlation = new AsyncLocalStorage<string>();

/** Runs `fn` with a correlation id that every log line inside it carries. */
export function withCorrelationId<T>(id: string, fn: () => T): T {
  return correlation.run(id, fn);
}

export function newCorrelationId(): string {
  return randomUUID().slice(0, 8);
}

export function currentCorrelationId(): string | undefined {
  return correlation.getStore();
}

export type LogContext = Record<string, unknown>;

type ErrorReporter = (message: string, context: LogContext, correlationId: string | undefined) => void;
let reportError: ErrorReporter | undefined;

/** Error lines also go here (Sentry, when it is configured: sentry.server.ts). */
export function setErrorReporter(reporter: ErrorReporter | undefined): void {
  reportError = reporter;
}

function write(level: Level, message: string, context?: LogContext) {
  // From the validated env, not process.env: the Remix build inlines
  // process.env.NODE_ENV as "production" even in the sandbox.
  if (LEVELS[level] < LEVELS[env.LOG_LEVEL]) return;
  const id = correlation.getStore();
  const safeMessage = maskPhonesInText(message);
  const safeContext = context ? (maskPhonesDeep(context) as LogContext) : undefined;
  if (level === "error") reportError?.(safeMessage, safeContext ?? {}, id);
  const stream = level === "error" || level === "warn" ? process.stderr : process.stdout;
  if (env.NODE_ENV === "production") {
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, correlationId: id, message: safeMessage, ...safeContext })}\n`);
  } else {
    const details = safeContext && Object.keys(safeContext).length > 0 ? ` ${JSON.stringify(safeContext)}` : "";
    stream.write(`${id ? `[${id}] ` : ""}${level === "info" ? "" : `${level.toUpperCase()} `}${safeMessage}${details}\n`);
  }
}

export const logger = {
  debug: (message: string, context?: LogContext) => write("debug", message, context),
  info: (message: string, context?: LogContext) => write("info", message, context),
  warn: (message: string, context?: LogContext) => write("warn", message, context),
  error: (message: string, context?: LogContext) => write("error", message, context),
};
