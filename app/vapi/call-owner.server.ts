// Which shop a Vapi server message belongs to: the shop owning the call's
// assistant or phone number (never one named in the payload), with that
// shop's webhook secrets. Kept in memory for a few seconds, because every
// message of every call asks, and the answer rarely changes.
//
// How a stale answer is kept from doing harm, on every instance:
// - ownership is re-checked by the database on every message, in the same
//   statement as the message's effect (call-ingest.server.ts), or by one
//   indexed query for a tool call (stillOwnsCallWithSession, which also
//   reads the session the tool loads next) or a transfer request
//   (stillOwnsCall): a receptionist removed,
//   re-provisioned or uninstalled through any instance is refused at once,
//   and the entry is dropped;
// - a secret the entry does not know (a new outbound call's, a new
//   assistant's) reloads the entry once before it is refused;
// - everything else (the shop's name, number, timezone) is at most
//   CACHE_TTL_MS old.
// No LISTEN/NOTIFY: the check rides on a statement the message needs anyway,
// so a second instance needs no channel to learn of a change.
import type { Shop, VapiWebhookSecret } from "@prisma/client";
import prisma from "../db.server";
import { offlineSessionId, sessionColumns } from "../auth/session-storage.server";
import { hotPathPool } from "../db-pool.server";
import type { CallOwnerIds } from "./server-messages";

export const CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 5_000;

export interface CallOwner {
  shop: Shop;
  /** The shop's webhook secrets (hashes), oldest first, as checkShopSecret reads them. */
  secrets: VapiWebhookSecret[];
}

const entries = new Map<string, { owner: CallOwner; loadedAt: number }>();

function keyOf({ assistantId, phoneNumberId }: CallOwnerIds): string {
  return `${assistantId ?? ""}\u0000${phoneNumberId ?? ""}`;
}

/**
 * The installed shop whose assistant or phone number the call belongs to,
 * or null. When the two point at different shops the call is nobody's.
 * `fresh` skips the cache (a secret it did not know).
 */
export async function callOwner(ids: CallOwnerIds, { fresh = false, now = Date.now() } = {}): Promise<CallOwner | null> {
  if (!ids.assistantId && !ids.phoneNumberId) return null;
  const key = keyOf(ids);
  const cached = entries.get(key);
  if (cached && !fresh && now - cached.loadedAt < CACHE_TTL_MS) return cached.owner;
  entries.delete(key);

  const shops = await prisma.shop.findMany({
    where: {
      uninstalledAt: null,
      OR: [...(ids.assistantId ? [{ assistantId: ids.assistantId }] : []), ...(ids.phoneNumberId ? [{ phoneNumberId: ids.phoneNumberId }] : [])],
    },
    take: 2,
  });
  if (shops.length !== 1) return null; // not cached: a shop set up a moment later is found at once
  const [shop] = shops;
  const secrets = await prisma.vapiWebhookSecret.findMany({ where: { shopId: shop.id }, orderBy: { createdAt: "asc" } });
  const owner = { shop, secrets };
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(key, { owner, loadedAt: now });
  return owner;
}

/** Drops what is known about the call's owner (the database said the shop no longer owns it). */
export function forgetCallOwner(ids: CallOwnerIds): void {
  entries.delete(keyOf(ids));
}

/**
 * The SQL condition "shop $1 is installed and is the only installed shop
 * owning assistant $2 or phone number $3": what callOwner found, as the
 * database has it now. Shared by the ingestion statement and stillOwnsCall.
 */
export const OWNS_CALL_SQL = `
  SELECT 1 FROM "Shop" s
  WHERE s.id = $1::text AND s."uninstalledAt" IS NULL AND (s."assistantId" = $2::text OR s."phoneNumberId" = $3::text)
    AND NOT EXISTS (
      SELECT 1 FROM "Shop" o
      WHERE o.id <> $1::text AND o."uninstalledAt" IS NULL AND (o."assistantId" = $2::text OR o."phoneNumberId" = $3::text)
    )`;

/**
 * stillOwnsCall, reading in the same statement the shop's offline session,
 * which a tool call loads next: undefined when the shop no longer owns the
 * call, else the session's row (null: the shop has none).
 */
export async function stillOwnsCallWithSession(shop: Pick<Shop, "id" | "domain">, ids: CallOwnerIds): Promise<Record<string, unknown> | null | undefined> {
  // The session's columns as the session storage reads them; all null (id included) when the shop has none.
  const { rows } = await hotPathPool().query<Record<string, unknown>>({
    name: "vapi-still-owns-call-with-session",
    text: `SELECT ${sessionColumns("ss")} FROM (${OWNS_CALL_SQL}) owner LEFT JOIN "Session" ss ON ss.id = $4::text`,
    values: [shop.id, ids.assistantId ?? null, ids.phoneNumberId ?? null, offlineSessionId(shop.domain)],
  });
  if (rows.length === 0) return undefined;
  return rows[0].id === null ? null : rows[0];
}

/** One indexed query: whether the shop still owns the call (for messages whose handling writes nothing of the call's). */
export async function stillOwnsCall(shopId: string, ids: CallOwnerIds): Promise<boolean> {
  const { rowCount } = await hotPathPool().query({
    name: "vapi-still-owns-call", // prepared once per connection
    text: OWNS_CALL_SQL,
    values: [shopId, ids.assistantId ?? null, ids.phoneNumberId ?? null],
  });
  return (rowCount ?? 0) > 0;
}
