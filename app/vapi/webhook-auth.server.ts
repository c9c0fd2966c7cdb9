// Authenticates Vapi's server messages before anything is read or written:
// the shared secret (X-Vapi-Secret), compared in constant time, and, when an
// HMAC credential is configured, the signature over the raw body with a
// timestamp window against replays.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** Header names of the Vapi webhook credential (README: "HMAC-signed webhooks"). */
export const SIGNATURE_HEADER = "x-vapi-signature";
export const TIMESTAMP_HEADER = "x-vapi-timestamp";
/** Older or newer signatures than this are replays (or clocks far apart). */
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

export interface WebhookSecrets {
  secret: string;
  hmacSecret?: string;
}

export type AuthResult = { ok: true } | { ok: false; reason: string };

/** Constant-time equality that also hides the expected value's length. */
export function safeEqual(received: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(received), digest(expected)) && received.length === expected.length;
}

export function authenticateVapiWebhook(headers: Headers, rawBody: string, secrets: WebhookSecrets, now = Date.now()): AuthResult {
  const secret = headers.get("x-vapi-secret");
  if (!secret || !safeEqual(secret, secrets.secret)) return { ok: false, reason: "missing or wrong X-Vapi-Secret" };
  if (!secrets.hmacSecret) return { ok: true };

  const signature = headers.get(SIGNATURE_HEADER);
  const timestamp = headers.get(TIMESTAMP_HEADER);
  if (!signature || !timestamp) return { ok: false, reason: "missing signature or timestamp" };
  const sentAt = timestampMs(timestamp);
  if (sentAt === null || Math.abs(now - sentAt) > SIGNATURE_WINDOW_MS) return { ok: false, reason: "stale or malformed timestamp" };
  const expected = createHmac("sha256", secrets.hmacSecret).update(`${timestamp}.${rawBody}`).digest("hex");
  return safeEqual(signature.replace(/^sha256=/, ""), expected) ? { ok: true } : { ok: false, reason: "wrong signature" };
}

/** Vapi does not document the unit: accept seconds or milliseconds. */
function timestampMs(value: string): number | null {
  if (!/^\d{9,14}$/.test(value)) return null;
  const number = Number(value);
  return number < 1e11 ? number * 1000 : number;
}
