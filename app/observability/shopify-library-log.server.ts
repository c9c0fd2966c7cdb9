// The Shopify libraries (@shopify/shopify-api and shopify-app-remix) log
// through the app's logger: the same format, ids, redaction and masking, and
// their errors reach Sentry like the app's own. Passed to shopifyApp as its
// `logger` option.
import { LogSeverity } from "@shopify/shopify-app-remix/server";
import { logger, type Level } from "./logger.server";

const LEVEL_OF: Record<LogSeverity, Level> = {
  [LogSeverity.Error]: "error",
  [LogSeverity.Warning]: "warn",
  [LogSeverity.Info]: "info",
  [LogSeverity.Debug]: "debug",
};

const SEVERITY_OF: Record<Level, LogSeverity> = {
  error: LogSeverity.Error,
  warn: LogSeverity.Warning,
  info: LogSeverity.Info,
  debug: LogSeverity.Debug,
};

// The library prefixes each message with "[package/LEVEL] " (and a timestamp
// when asked): the level and time are the line's own fields here.
const PREFIX = /^(?:\[[^\]]*\d{2}:\d{2}[^\]]*\] )?\[([\w@./-]+?)(?:\/[A-Z]+)?\] /;

/** One library message as the app logs it (exported for its test). */
export function logShopifyLibraryMessage(severity: LogSeverity, message: string): void {
  const prefix = PREFIX.exec(message);
  const component = prefix?.[1] ?? "shopify";
  logger[LEVEL_OF[severity] ?? "info"](prefix ? message.slice(prefix[0].length) : message, { component });
}

/** shopifyApp's `logger` option for the app's log level. */
export function shopifyLibraryLogger(level: Level) {
  return { level: SEVERITY_OF[level], timestamps: false, httpRequests: false, log: logShopifyLibraryMessage };
}
