// The app's Shopify session storage: Shopify's Prisma storage, except that a
// session is loaded with one prepared statement through node-postgres.
// Loading is the hot operation (every Admin API query a tool makes while a
// caller waits on the line loads the shop's offline session), and through
// Prisma's WASM query compiler it cost about 1.5 ms of CPU (reference/
// stack.md; the bench's tool-call profile). Storing, deleting and listing
// stay Prisma's. The row is turned into a Session by the library's own
// conversion, so both ways of loading give the same session
// (session-storage.test.ts compares them).
import type { PrismaClient } from "@prisma/client";
import type { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { hotPathPool } from "../db-pool.server";

// The row as Prisma reads it: the "timestamp without time zone" columns are
// UTC (read as instants whatever the database session's zone), the BigInt
// user id as its digits (the library only ever turns it into a string).
const LOAD_SESSION_SQL = `
  SELECT id, shop, state, "isOnline", scope, expires AT TIME ZONE 'UTC' AS expires, "accessToken",
    "userId"::text AS "userId", "firstName", "lastName", email, "accountOwner", locale, collaborator,
    "emailVerified", "refreshToken", "refreshTokenExpires" AT TIME ZONE 'UTC' AS "refreshTokenExpires"
  FROM "Session" WHERE id = $1::text`;

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
    const { rows } = await hotPathPool().query({ name: "shopify-load-session", text: LOAD_SESSION_SQL, values: [id] });
    return rows[0] ? library.rowToSession(rows[0]) : undefined;
  }
}
