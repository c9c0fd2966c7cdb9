// Authenticates Vapi's server messages. Two layers:
// - the shop's own secret (X-Vapi-Secret), checked once the shop owning the
//   call is known (webhook-secrets.server.ts);
// - when an HMAC credential is configured, a signature over the raw body
//   bytes and a timestamp, refused outside a window, and refused when the
//   same signature was already accepted (by any instance: a Postgres table).
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import prisma from "../db.server";

/** Header names of the Vapi webhook credential (README: "HMAC-signed webhooks"). */
export const SIGNATURE_HEADER = "x-vapi-signature";
export const TIMESTAMP_HEADER = "x-vapi-timestamp";
/** Older or newer signatures than this are replays (or clocks far apart). */
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

/** The headers as the checks read them: a fetch `Headers`, or a node request's through a small adapter. */
export type HeaderReader = Pick<Headers, "get">;

export type HmacResult = { ok: true; signature: string } | { ok: false; reason: string };

/** Constant-time equality that also hides the expected value's length. */
export function safeEqual(received: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(received), digest(expected)) && received.length === expected.length;
}

/** The signature over `{timestamp}.{body}`, computed over the bytes as received (never a decoded copy). */
export function verifyHmac(headers: HeaderReader, rawBody: Uint8Array, hmacSecret: string, now = Date.now()): HmacResult {
  const signature = headers.get(SIGNATURE_HEADER);
  const timestamp = headers.get(TIMESTAMP_HEADER);
  if (!signature || !timestamp) return { ok: false, reason: "missing signature or timestamp" };
  const sentAt = timestampMs(timestamp);
  if (sentAt === null || Math.abs(now - sentAt) > SIGNATURE_WINDOW_MS) return { ok: false, reason: "stale or malformed timestamp" };
  const expected = createHmac("sha256", hmacSecret).update(`${timestamp}.`, "utf8").update(rawBody).digest("hex");
  const received = signature.replace(/^sha256=/, "");
  return safeEqual(received, expected) ? { ok: true, signature: expected } : { ok: false, reason: "wrong signature" };
}

/** Vapi does not document the unit: accept seconds or milliseconds. */
function timestampMs(value: string): number | null {
  if (!/^\d{9,14}$/.test(value)) return null;
  const number = Number(value);
  return number < 1e11 ? number * 1000 : number;
}

/** A delivery still in flight this long was left by a handler that died: a delivery with its signature takes it over. */
export const SIGNATURE_IN_FLIGHT_MS = 30_000;

/** "first" carries the claim: the settle or forget of this delivery touches its own claim only, never a later one's. */
export type SignatureUse = { use: "first"; claim: SignatureClaim } | { use: "in-flight" } | { use: "replay" };

export interface SignatureClaim {
  signature: string;
  claimedAt: Date;
}

/**
 * Records a signature's use, atomically for every instance: "first" for a
 * signature never seen, or one whose delivery was left unhandled for
 * SIGNATURE_IN_FLIGHT_MS (its handler died; this delivery takes it over);
 * "in-flight" while another delivery with it is being handled (answered 503,
 * so Vapi tries again later; also when the row vanished meanwhile); "replay"
 * once its delivery was handled.
 * Rows older than the window can no longer be replayed (the timestamp check
 * refuses them) and are pruned now and then.
 */
export async function useSignature(signature: string, now = new Date()): Promise<SignatureUse> {
  const claimed = await prisma.$queryRaw<Array<{ claimed: boolean }>>`
    INSERT INTO "VapiSeenSignature" (signature, "seenAt") VALUES (${signature}, ${now})
    ON CONFLICT (signature) DO UPDATE SET "seenAt" = EXCLUDED."seenAt"
      WHERE "VapiSeenSignature"."settledAt" IS NULL AND "VapiSeenSignature"."seenAt" < ${new Date(now.getTime() - SIGNATURE_IN_FLIGHT_MS)}
    RETURNING true AS claimed`;
  if (claimed.length === 0) {
    const seen = await prisma.vapiSeenSignature.findUnique({ where: { signature }, select: { settledAt: true } });
    return seen?.settledAt ? { use: "replay" } : { use: "in-flight" };
  }
  if (Math.random() < 0.02) await prisma.vapiSeenSignature.deleteMany({ where: { seenAt: { lt: new Date(now.getTime() - 2 * SIGNATURE_WINDOW_MS) } } });
  return { use: "first", claim: { signature, claimedAt: now } };
}

/** Its delivery was handled: another delivery with the signature is a replay (unless a later delivery took the claim over). */
export async function settleSignature({ signature, claimedAt }: SignatureClaim, now = new Date()): Promise<void> {
  await prisma.vapiSeenSignature.updateMany({ where: { signature, seenAt: claimedAt }, data: { settledAt: now } });
}

/** A delivery that failed after its signature was recorded: Vapi's retry must not count as a replay (a later claim stays). */
export async function forgetSignature({ signature, claimedAt }: SignatureClaim): Promise<void> {
  await prisma.vapiSeenSignature.deleteMany({ where: { signature, seenAt: claimedAt } });
}
