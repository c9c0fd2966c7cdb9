// The app's Shopify session storage: Shopify's Prisma storage, except that a
// session is loaded with one prepared statement through node-postgres.
// Loading is the hot operation (every Admin API query a tool makes while a
// caller waits on the line loads the shop's offline session), and through
// Prisma's WASM query compiler it cost about 1.5 ms of CPU (reference/
// stack.md; the bench's tool-call profile). Storing, deleting and listing
// stay Prisma's. The row is turned into a Session by the library's own
// conversion, so both ways of loading give the same session
// (session-storage.test.ts compares them).
import { AsyncLocalStorage } from "node:async_hooks";
import type { PrismaClient } from "@prisma/client";
import type { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { hotPathPool } from "../db-pool.server";

/**
 * The columns of a "Session" row (table alias `table`) as Prisma reads them:
 * the "timestamp without time zone" columns are UTC (read as instants
 * whatever the database session's zone), the BigInt user id as its digits
 * (the library only ever turns it into a string).
 */
export function sessionColumns(table: string): string {
  const t = (column: string) => `${table}.${column}`;
  return [
    `${t("id")}, ${t("shop")}, ${t("state")}, ${t('"isOnline"')}, ${t("scope")}, ${t("expires")} AT TIME ZONE 'UTC' AS expires, ${t('"accessToken"')}`,
    `${t('"userId"')}::text AS "userId", ${t('"firstName"')}, ${t('"lastName"')}, ${t("email")}, ${t('"accountOwner"')}, ${t("locale")}, ${t("collaborator")}`,
    `${t('"emailVerified"')}, ${t('"refreshToken"')}, ${t('"refreshTokenExpires"')} AT TIME ZONE 'UTC' AS "refreshTokenExpires"`,
  ].join(", ");
}

const LOAD_SESSION_SQL = `SELECT ${sessionColumns("s")} FROM "Session" s WHERE s.id = $1::text`;

/** The library's id of a shop's offline session (@shopify/shopify-api's session.getOfflineId). */
export const offlineSessionId = (shopDomain: string) => `offline_${shopDomain}`;

/** A session row read by the request itself, in the same statement as something else it needed. */
interface PreloadedSession {
  id: string;
  row: Record<string, unknown> | null;
  used: boolean;
}
const preloaded = new AsyncLocalStorage<PreloadedSession>();

/**
 * Runs `work` with session `id` already read (`row`, null: there is none):
 * the first load of that id within `work` takes it instead of querying. Only
 * the first: a later load reads the table as before (a later query of the
 * same tool sees a session the first one stored, a refreshed token; tool
 * calls of one message run side by side and may each load the session, as
 * they did before).
 */
export function withPreloadedSession<T>(id: string, row: Record<string, unknown> | null, work: () => Promise<T>): Promise<T> {
  return preloaded.run({ id, row, used: false }, work);
}

/** What PrismaSessionStorage keeps private but is the library's one row-to-session conversion. */
interface RowConversion {
  rowToSession(row: Record<string, unknown>): Session;
  ensureReady(): Promise<void>;
}

export class AppSessionStorage extends PrismaSessionStorage<PrismaClient> {
  // No options: the statement reads the "Session" table, the library's default.
  constructor(prisma: PrismaClient) {
    super(prisma);
  }

  override async loadSession(id: string): Promise<Session | undefined> {
    const library = this as unknown as RowConversion;
    await library.ensureReady();
    const known = preloaded.getStore();
    if (known && !known.used && known.id === id) {
      const { row } = known;
      // Work the request started (a socket, a timer) keeps the store: it keeps no token.
      known.used = true;
      known.row = null;
      return row ? library.rowToSession(row) : undefined;
    }
    const { rows } = await hotPathPool().query({ name: "shopify-load-session", text: LOAD_SESSION_SQL, values: [id] });
    return rows[0] ? library.rowToSession(rows[0]) : undefined;
  }
}
