// Per-shop webhook secrets. Each shop's assistant carries its own secret
// (new on every create or update), and each outbound call one of its own;
// Vapi sends it back as X-Vapi-Secret. The webhook first finds the shop that
// owns the call's assistant or number, then accepts only that shop's secrets,
// so a secret of shop A never serves shop B.
//
// Only SHA-256 hashes are stored: a secret leaves this module once, in the
// request to Vapi, and is never logged, stored or sent to the browser.
//
// Migration: a shop whose assistant still carries the shared env secret (set
// up before per-shop secrets) keeps it accepted until its own secret has been
// in use for a grace period, i.e. after its next knowledge refresh.
//
// Each secret also records the webhook credential (HMAC) it was sent with:
// with HMAC turned on, a message carrying a secret that went to Vapi without
// one cannot be signed, and is taken on the secret alone (checkShopSecret)
// until the assistant is updated with the credential (the worker queues that
// update at start: scheduleCredentialUpdates).
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Vapi } from "@vapi-ai/server-sdk";
import type { Shop, VapiWebhookSecret } from "@prisma/client";
import prisma from "../db.server";
import { env } from "../env.server";
import { buildServerConfig } from "../receptionist/assistant-config";

/** Calls still in progress when a secret is superseded keep it this long (calls last an hour at most). */
export const SECRET_GRACE_MS = 2 * 60 * 60 * 1000;
/** An outbound call's secret: the call, its last messages and their retries. */
export const CALL_SECRET_TTL_MS = 3 * 60 * 60 * 1000;

function hashOf(secret: string): Buffer {
  return createHash("sha256").update(secret, "utf8").digest();
}

function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * A new secret for the shop's assistant, stored (as a hash) before it is sent
 * to Vapi, so a webhook can never arrive with a secret the app does not know.
 * The previous one stays valid until the new one is first used.
 */
export async function issueAssistantSecret(shopId: string, now = new Date()): Promise<string> {
  const secret = newSecret();
  // The assistant's server config gets the same credential (assistantInput, from the same environment).
  const credentialId = env.VAPI_WEBHOOK_CREDENTIAL_ID ?? null;
  await prisma.$transaction([
    prisma.vapiWebhookSecret.deleteMany({ where: { shopId, expiresAt: { lt: now } } }),
    prisma.vapiWebhookSecret.create({ data: { shopId, kind: "assistant", secretHash: hashOf(secret).toString("hex"), credentialId } }),
  ]);
  return secret;
}

/**
 * After the shop's assistant was updated with the webhook credential: its older secrets that went to Vapi without
 * one expire after the grace period (calls in progress), so an unsigned message is not taken with them indefinitely
 * when the shop's next call, whose first use of the new secret would supersede them, is long in coming.
 */
export async function retireUnsignableSecrets(shopId: string, now = new Date()): Promise<void> {
  await prisma.vapiWebhookSecret.updateMany({
    where: { shopId, kind: "assistant", credentialId: null, expiresAt: null },
    data: { expiresAt: new Date(now.getTime() + SECRET_GRACE_MS) },
  });
}

/**
 * The `server` of an outbound call's assistantOverrides (POST /call): the
 * app's webhook URL with a secret for this call alone.
 */
export async function outboundCallServer(shop: Pick<Shop, "id">, now = new Date()): Promise<Vapi.Server> {
  const secret = newSecret();
  const credentialId = env.VAPI_WEBHOOK_CREDENTIAL_ID ?? null;
  await prisma.vapiWebhookSecret.create({
    data: { shopId: shop.id, kind: "call", secretHash: hashOf(secret).toString("hex"), credentialId, expiresAt: new Date(now.getTime() + CALL_SECRET_TTL_MS) },
  });
  return buildServerConfig({ serverUrl: new URL("/webhooks/vapi", env.SHOPIFY_APP_URL).toString(), webhookSecret: secret, credentialId });
}

const MISSING_SIGNATURE = "missing signature or timestamp, with a secret sent to Vapi with the webhook credential";

/** Constant-time equality of two SHA-256 digests. */
function sameDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export type SecretCheck = { ok: true; via: "shop" | "shared" } | { ok: false; reason: string };

/**
 * Whether `received` (the X-Vapi-Secret header) is one of the shop's valid
 * secrets, or the shared env secret for a shop still in migration. Every
 * candidate is compared, in constant time, whatever matches first.
 * `unsigned`: HMAC is on and the message has no signature, so only a secret
 * that went to Vapi without a webhook credential (Vapi cannot sign its
 * messages) serves it.
 */
export async function checkShopSecret(
  shop: Pick<Shop, "id" | "provisionedAt">,
  received: string | null,
  now = new Date(),
  known?: VapiWebhookSecret[],
  { unsigned = false }: { unsigned?: boolean } = {},
): Promise<SecretCheck> {
  if (!received) return { ok: false, reason: "missing X-Vapi-Secret" };
  // `known`: the shop's rows as the webhook's shop resolution cached them (call-owner.server.ts).
  const rows = known ?? (await prisma.vapiWebhookSecret.findMany({ where: { shopId: shop.id }, orderBy: { createdAt: "asc" } }));
  const valid = rows.filter((row) => row.expiresAt === null || row.expiresAt > now);
  const digest = hashOf(received);
  let match: (typeof rows)[number] | undefined;
  for (const row of valid) if (sameDigest(digest, Buffer.from(row.secretHash, "hex")) && !match) match = row;

  if (match) {
    if (unsigned && !(match.credentialKnown && match.credentialId === null)) return { ok: false, reason: MISSING_SIGNATURE };
    if (match.kind === "assistant" && !match.firstUsedAt) {
      await supersedeOlderSecrets(shop.id, match, now);
      // The row as stored now: a cached copy must not supersede again on every message.
      match.firstUsedAt = now;
    }
    return { ok: true, via: "shop" };
  }
  const sharedMatches = sameDigest(digest, hashOf(env.VAPI_WEBHOOK_SECRET));
  // When the shared secret went to Vapi, and with what, is not recorded: never taken unsigned.
  if (sharedMatches && unsigned) return { ok: false, reason: MISSING_SIGNATURE };
  if (
    sharedMatches &&
    stillMigrating(
      shop,
      rows.filter((row) => row.kind === "assistant"),
      now,
    )
  )
    return { ok: true, via: "shared" };
  return { ok: false, reason: sharedMatches ? "the shared secret does not serve this shop" : "not this shop's secret" };
}

/** The first use of a new assistant secret proves Vapi has it: older ones get a grace period, then expire. */
async function supersedeOlderSecrets(shopId: string, current: { id: string; createdAt: Date }, now: Date): Promise<void> {
  await prisma.$transaction([
    prisma.vapiWebhookSecret.updateMany({ where: { id: current.id, firstUsedAt: null }, data: { firstUsedAt: now } }),
    prisma.vapiWebhookSecret.updateMany({
      where: { shopId, kind: "assistant", id: { not: current.id }, createdAt: { lte: current.createdAt }, expiresAt: null },
      data: { expiresAt: new Date(now.getTime() + SECRET_GRACE_MS) },
    }),
  ]);
}

/**
 * A shop set up before per-shop secrets (its assistant predates all of its
 * secrets) keeps the shared secret until its own has been in use for the
 * grace period. A shop set up since never had it.
 */
function stillMigrating(shop: Pick<Shop, "provisionedAt">, assistantSecrets: Array<{ createdAt: Date; firstUsedAt: Date | null }>, now: Date): boolean {
  const [first] = assistantSecrets;
  if (!first) return true;
  const setUpBefore = shop.provisionedAt !== null && shop.provisionedAt < first.createdAt;
  const settled = assistantSecrets.some((row) => row.firstUsedAt !== null && row.firstUsedAt.getTime() <= now.getTime() - SECRET_GRACE_MS);
  return setUpBefore && !settled;
}
