// What a log line (or an error report) may carry: a deep copy of the caller's
// context with secrets redacted by key name at any depth, phone numbers
// masked (in free text and in phone fields), tokens found in free text
// redacted, and errors turned into plain objects that keep their stack, their
// cause chain and what an HTTP client error says (VapiError's statusCode and
// body). Pure: no I/O, so it is tested with tables of inputs.
import { maskPhone, maskPhonesInText } from "./mask";

export const REDACTED = "[redacted]";

// Key names are compared without case, "-" or "_": "X-Vapi-Secret",
// "x_vapi_secret" and "xVapiSecret" are the same key.
const normalizeKey = (key: string) => key.toLowerCase().replace(/[-_\s]/g, "");

/** Keys whose values are secrets wherever they appear (exact names, normalized). */
const SECRET_KEYS = new Set(
  [
    "authorization",
    "proxyauthorization",
    "cookie",
    "setcookie",
    "xvapisecret",
    "xvapisignature",
    "xshopifyhmacsha256",
    "hmac",
    "signature",
    "password",
    "passwd",
    "dsn",
  ].map(normalizeKey),
);

/** Key endings that mark a secret: accessToken, id_token, apiKey, apiSecretKey, clientSecret, webhookSecret, privateKey... */
const SECRET_KEY_SUFFIXES = ["token", "secret", "secretkey", "apikey", "password", "privatekey", "credentials"];

/** Keys that hold a phone number: their value is masked even in forms text matching would not recognise. */
const PHONE_KEY = /phone|e164|(?:caller|callee|customer|forwarding|from|to|destination|contact)number$|^(?:to|from|number)$/;

export function isSecretKey(key: string): boolean {
  const normalized = normalizeKey(key);
  return SECRET_KEYS.has(normalized) || SECRET_KEY_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}

const SECRET_QUERY_PARAMS = "id_token|session|access_token|refresh_token|token|hmac|signature|code|state|client_secret|api_key|apikey|password";

// Secrets that show up inside free text: URLs with tokens in their query,
// bearer credentials, JWTs (session tokens), Shopify access tokens.
const SECRET_TEXT_PATTERNS: [RegExp, string][] = [
  [new RegExp(`([?&](?:${SECRET_QUERY_PARAMS})=)[^&\\s#"']*`, "gi"), `$1${REDACTED}`],
  // "accessToken: x", "api_key=x", '"password":"x"' (a context stringified into a message, as the Shopify library does)
  [
    /\b((?:access|refresh|id|session)?_?token|api_?(?:key|secret(?:_?key)?)|client_?secret|secret|password)("?\s*[:=]\s*"?)(?!\[redacted\])[^\s"',;&}]+/gi,
    `$1$2${REDACTED}`,
  ],
  [/\b(Bearer|Basic)\s+[\w.~+/-]+=*/gi, `$1 ${REDACTED}`],
  [/\beyJ[\w-]*\.[\w-]+\.[\w-]*/g, REDACTED],
  [/\b(shp(?:at|ua|ca|pa|ss|rt|tka)_)\w+/g, `$1${REDACTED}`],
];

/** Free text with tokens redacted and phone numbers masked. */
export function sanitizeText(text: string): string {
  let safe = text;
  for (const [pattern, replacement] of SECRET_TEXT_PATTERNS) safe = safe.replace(pattern, replacement);
  return maskPhonesInText(safe);
}

export interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  [key: string]: unknown;
}

const MAX_DEPTH = 12;
const MAX_CAUSES = 8;

/**
 * An error as a log line carries it: name, message and stack (masked), every
 * own property (code, statusCode, body, ...), its `cause` chain and an
 * AggregateError's errors, each serialized the same way.
 */
export function serializeError(error: Error, seen: WeakSet<object> = new WeakSet(), causes = 0): SerializedError {
  seen.add(error);
  const serialized: SerializedError = {
    type: error.name || error.constructor?.name || "Error",
    message: sanitizeText(error.message ?? ""),
  };
  if (error.stack) serialized.stack = sanitizeText(error.stack);
  for (const [key, value] of Object.entries(error)) {
    if (key === "cause" || key === "errors" || key === "name" || key === "message" || key === "stack") continue;
    if (key === "rawResponse") {
      // The SDK's raw response: its status and URL help; its headers may hold cookies.
      const raw = value as { status?: unknown; url?: unknown } | undefined;
      serialized.response = { status: raw?.status, url: typeof raw?.url === "string" ? sanitizeText(raw.url) : undefined };
      continue;
    }
    serialized[key] = sanitizeEntry(key, value, seen, 1);
  }
  if (error instanceof AggregateError) serialized.errors = error.errors.map((inner) => sanitizeValue(inner, seen, 1));
  if (error.cause !== undefined) {
    if (error.cause instanceof Error && causes < MAX_CAUSES && !seen.has(error.cause)) {
      serialized.cause = serializeError(error.cause, seen, causes + 1);
    } else if (!(error.cause instanceof Error)) {
      serialized.cause = sanitizeValue(error.cause, seen, 1);
    } else {
      serialized.cause = "[cause chain cut]";
    }
  }
  return serialized;
}

function sanitizeEntry(key: string, value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (value === undefined || value === null) return value;
  if (isSecretKey(key)) return REDACTED;
  if (typeof value === "string" && PHONE_KEY.test(normalizeKey(key)) && /(?:\d\D?){7}/.test(value)) return maskPhone(value);
  return sanitizeValue(value, seen, depth);
}

function sanitizeValue(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === "string") return sanitizeText(value);
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object") return typeof value === "function" || typeof value === "symbol" ? undefined : value;
  if (value instanceof Error) return seen.has(value) ? "[circular error]" : serializeError(value, seen);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((inner) => sanitizeValue(inner, seen, depth + 1));
    if (value instanceof Map) return sanitizeObject(Object.fromEntries(value), seen, depth);
    if (value instanceof Set) return [...value].map((inner) => sanitizeValue(inner, seen, depth + 1));
    if (typeof Headers !== "undefined" && value instanceof Headers) return sanitizeObject(Object.fromEntries(value.entries()), seen, depth);
    if (value instanceof URL) return sanitizeText(value.href);
    return sanitizeObject(value as Record<string, unknown>, seen, depth);
  } finally {
    // Only the current path counts as a cycle: the same object twice side by side is logged twice.
    seen.delete(value);
  }
}

function sanitizeObject(value: Record<string, unknown>, seen: WeakSet<object>, depth: number): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const safe = sanitizeEntry(key, inner, seen, depth + 1);
    if (safe !== undefined) result[key] = safe;
  }
  return result;
}

/** A deep copy of `value` fit for a log line or an error report. */
export function sanitizeForLog(value: unknown): unknown {
  return sanitizeValue(value, new WeakSet(), 0);
}
