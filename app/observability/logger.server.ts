// One structured logger (pino): a JSON line per event in production, one
// readable line per event in development, the request id and correlation id
// on every line written inside a request or a job, and every context
// sanitized before it is written (secrets redacted, phone numbers masked,
// errors with their stack and cause chain: log-sanitize.ts). Identical error
// lines in a burst are written once per window (repeat-limiter.ts).
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { pino, type DestinationStream, type Logger as PinoLogger } from "pino";
import { prettyFactory } from "pino-pretty";
import { env } from "../env.server";
import { sanitizeForLog, sanitizeText } from "./log-sanitize";
import { errorFingerprint, RepeatLimiter } from "./repeat-limiter";

export type Level = "debug" | "info" | "warn" | "error";
export type LogContext = Record<string, unknown>;

interface Ids {
  /** The HTTP request this work belongs to (set by the access-log middleware). */
  requestId?: string;
  /** The unit of work inside it, or a job: set by withCorrelationId. */
  correlationId?: string;
}

// One store per process, even when the module is loaded twice: the server
// that runs the access-log middleware loads it from source, and the Remix
// build it serves has its own bundled copy.
const IDS_KEY = Symbol.for("app.observability.log-ids");
const ids: AsyncLocalStorage<Ids> = ((globalThis as Record<symbol, unknown>)[IDS_KEY] as AsyncLocalStorage<Ids> | undefined) ?? new AsyncLocalStorage<Ids>();
(globalThis as Record<symbol, unknown>)[IDS_KEY] = ids;

/** Runs `fn` with a correlation id that every log line inside it carries (the request id, if any, is kept). */
export function withCorrelationId<T>(id: string, fn: () => T): T {
  return ids.run({ ...ids.getStore(), correlationId: id }, fn);
}

/** Runs `fn` as one HTTP request: its lines carry `reqId`, and `correlationId` until a route sets its own. */
export function withRequestId<T>(id: string, fn: () => T): T {
  return ids.run({ requestId: id, correlationId: id }, fn);
}

export function newCorrelationId(): string {
  return randomUUID().slice(0, 8);
}

export function currentCorrelationId(): string | undefined {
  return ids.getStore()?.correlationId;
}

export function currentRequestId(): string | undefined {
  return ids.getStore()?.requestId;
}

/** What an error line hands to the error reporter: the caller's original values, not the sanitized copy. */
export interface ErrorReport {
  message: string;
  /** The original error (its own stack), when the context had one under `error` or `err`. */
  error?: unknown;
  /** The context without the error, sanitized. */
  details: LogContext;
  requestId?: string;
  correlationId?: string;
}

type ErrorReporter = (report: ErrorReport) => void;
// Per process, like the ids: Sentry is set up by the Remix build's copy of
// this module, and the server's own copy (the access log, the direct Vapi
// route) must report through it too.
const REPORTER_KEY = Symbol.for("app.observability.error-reporter");
const reporterSlot = globalThis as Record<symbol, ErrorReporter | undefined>;

/** Error lines also go here (Sentry, when it is configured: sentry.server.ts). */
export function setErrorReporter(reporter: ErrorReporter | undefined): void {
  reporterSlot[REPORTER_KEY] = reporter;
}

export interface LoggerOptions {
  format: "json" | "pretty";
  level: Level;
  /** Where lines go: debug and info to `out`, warn and error to `err`. */
  out: LineStream;
  err: LineStream;
  /** Identical error lines are written at most once per this window (ms). */
  repeatWindowMs?: number;
  now?: () => number;
}

/** A stream of lines: a node writable, or an asynchronous destination (processDestination). */
export type LineStream = DestinationStream & { isTTY?: boolean };

export const ERROR_REPEAT_WINDOW_MS = 10_000;

const MESSAGE_KEY = "message";

function lineWriter(format: LoggerOptions["format"], stream: LineStream): DestinationStream {
  if (format === "json") return stream;
  const prettify = prettyFactory({
    messageKey: MESSAGE_KEY,
    colorize: Boolean(stream.isTTY),
    translateTime: "HH:MM:ss.l",
    ignore: "pid,hostname,correlationId",
    messageFormat: "{if correlationId}[{correlationId}] {end}{message}",
    singleLine: true,
  });
  return { write: (line: string) => void stream.write(prettify(line)) };
}

/** The pino instance behind a logger: JSON or pretty lines, split by level between two streams. */
export function createPino(options: LoggerOptions): PinoLogger {
  return pino(
    {
      level: options.level,
      messageKey: MESSAGE_KEY,
      timestamp: pino.stdTimeFunctions.isoTime,
      // JSON lines say "level":"error" (what log search and the old format use); pino-pretty wants the number.
      formatters: options.format === "json" ? { level: (label) => ({ level: label }) } : {},
    },
    pino.multistream(
      [
        { level: "debug", stream: lineWriter(options.format, options.out) },
        { level: "warn", stream: lineWriter(options.format, options.err) },
      ],
      { dedupe: true },
    ),
  );
}

export interface Logger {
  debug(message: string, context?: LogContext): void;
  info(message: string, context?: LogContext): void;
  warn(message: string, context?: LogContext): void;
  error(message: string, context?: LogContext): void;
  /** The pino instance (the access log and the Shopify library write through it). */
  readonly pino: PinoLogger;
}

/** A logger over `pino`: (message, context) calls, the ids from the async context, sanitized contexts. */
export function createLogger(options: LoggerOptions): Logger {
  const base = createPino(options);
  const repeats = new RepeatLimiter(options.repeatWindowMs ?? ERROR_REPEAT_WINDOW_MS, options.now);

  function write(level: Level, message: string, context: LogContext = {}) {
    if (!base.isLevelEnabled(level)) return;
    const { requestId, correlationId } = ids.getStore() ?? {};
    const original = context.error ?? context.err;
    let repeated: number | undefined;
    if (level === "error") {
      const admitted = repeats.admit(errorFingerprint(message, original));
      if (!admitted) return;
      if (admitted.suppressed > 0) repeated = admitted.suppressed;
    }
    const safeMessage = sanitizeText(message);
    const safeContext = sanitizeForLog(context) as LogContext;
    const reportError = reporterSlot[REPORTER_KEY];
    if (level === "error" && reportError) {
      const { error: _error, err: _err, ...details } = safeContext;
      try {
        reportError({ message: safeMessage, error: original, details, requestId, correlationId });
      } catch {
        // A broken reporter must not take the log line (or the caller) down with it.
      }
    }
    base[level]({ reqId: requestId, correlationId, ...safeContext, ...(repeated ? { repeatedSinceLastLine: repeated } : {}) }, safeMessage);
  }

  return {
    debug: (message, context) => write("debug", message, context),
    info: (message, context) => write("info", message, context),
    warn: (message, context) => write("warn", message, context),
    error: (message, context) => write("error", message, context),
    pino: base,
  };
}

/**
 * Standard output or error, written asynchronously (sonic-boom): lines
 * logged while a write is under way leave together in the next one, instead
 * of one synchronous write each (a tenth of the web's CPU under load: issue
 * 17's profile). What is buffered is written synchronously when the process
 * exits (pino), and a stop writes them out first (endLogs); the last lines can
 * still be lost when the process is killed (SIGKILL, out of memory). While
 * the reader of the logs is stalled, at most LOG_BUFFER_BYTES wait; lines
 * past that are dropped rather than the process running out of memory. One
 * per process: the web process's two bundles (build/server.js and the Remix
 * build) share it, so their lines are never cut into each other.
 */
function processDestination(fd: 1 | 2): SonicBoom {
  const slots = globalThis as Record<symbol, SonicBoom | undefined>;
  return (slots[DESTINATION_KEYS[fd]] ??= pino.destination({ dest: fd, sync: false, maxLength: LOG_BUFFER_BYTES }));
}

const LOG_BUFFER_BYTES = 16 * 1024 * 1024;
const DESTINATION_KEYS = { 1: Symbol.for("app.observability.log-destination-1"), 2: Symbol.for("app.observability.log-destination-2") };
type SonicBoom = ReturnType<typeof pino.destination>;

/**
 * Writes out every line logged so far and closes the asynchronous
 * destinations: the last step of a stopping process, right before it exits
 * (a write still waiting for libuv's thread pool at exit would be lost).
 * The wait lasts only while the logs' reader is slow. Past it, the exit's
 * synchronous write of the rest can overtake a write still in flight, and
 * the last lines arrive out of order (what one CI run of the 20,000-line
 * test showed, under load, with a 1 s wait): hence seconds, within the
 * stop's deadline (STOP_DEADLINE_MS).
 */
export async function endLogs(timeoutMs = 5_000): Promise<void> {
  const slots = globalThis as Record<symbol, SonicBoom | undefined>;
  const ended = Object.values(DESTINATION_KEYS).map((key) => {
    const destination = slots[key];
    if (!destination) return Promise.resolve();
    return new Promise<void>((resolve) => {
      destination.once("close", () => resolve());
      try {
        destination.end();
      } catch {
        resolve(); // already closed
      }
    });
  });
  await Promise.race([Promise.all(ended), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
}

// From the validated env, not process.env: the Remix build inlines
// process.env.NODE_ENV as "production" even in the sandbox. Development's
// readable lines stay synchronous (a terminal shows them at once).
const production = env.NODE_ENV === "production";
export const logger: Logger = createLogger({
  format: production ? "json" : "pretty",
  level: env.LOG_LEVEL,
  out: production ? processDestination(1) : process.stdout,
  err: production ? processDestination(2) : process.stderr,
});
