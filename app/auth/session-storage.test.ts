// The app's session storage loads every kind of session exactly as Shopify's
// Prisma storage does (the library's own loading is the oracle), against a
// real database whose sessions run fourteen hours ahead of UTC, from a
// process running in Los Angeles time: a timestamp read in either zone would
// move every expiry.
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import prisma from "../db.server";
import { hotPathPool } from "../db-pool.server";
import { AppSessionStorage } from "./session-storage.server";

const ZONE = "Pacific/Kiritimati";
const processZone = process.env.TZ;

afterAll(() => {
  if (processZone === undefined) delete process.env.TZ;
  else process.env.TZ = processZone;
});

beforeAll(async () => {
  process.env.TZ = "America/Los_Angeles"; // node-postgres reads a timestamp without zone in the process's zone
  expect(new Date("2026-12-01T12:00:00Z").getHours()).toBe(4);
  // Before the hot-path pool's first connection: new connections take the database's setting.
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`ALTER DATABASE "${(await admin.query<{ name: string }>("SELECT current_database() AS name")).rows[0].name}" SET timezone TO '${ZONE}'`);
  await admin.end();
  const { rows } = await hotPathPool().query<{ zone: string }>("SELECT current_setting('TimeZone') AS zone");
  expect(rows[0].zone).toBe(ZONE);
});

const user = {
  id: 9_007_199_254_740_000, // beyond 32 bits (a BigInt column)
  first_name: "Ada",
  last_name: "Lovelace",
  email: "ada@example.com",
  email_verified: true,
  account_owner: true,
  locale: "en-GB",
  collaborator: false,
};

const SESSIONS: Array<[string, Session]> = [
  [
    "an expiring offline token with its refresh token",
    new Session({
      id: "offline_expiring.myshopify.com",
      shop: "expiring.myshopify.com",
      state: "",
      isOnline: false,
      scope: "read_orders,read_products",
      accessToken: "shpat_expiring",
      expires: new Date("2026-12-01T23:59:59.123Z"),
      refreshToken: "shprt_refresh",
      refreshTokenExpires: new Date("2027-03-01T00:00:00.456Z"),
    }),
  ],
  [
    "a non-expiring offline token, no scope",
    new Session({ id: "offline_plain.myshopify.com", shop: "plain.myshopify.com", state: "", isOnline: false, accessToken: "shpat_plain" }),
  ],
  [
    "a session with no access token yet",
    new Session({ id: "offline_pending.myshopify.com", shop: "pending.myshopify.com", state: "nonce-1", isOnline: false }),
  ],
  [
    "an online session with its user",
    new Session({
      id: "online.myshopify.com_9007199254740000",
      shop: "online.myshopify.com",
      state: "state",
      isOnline: true,
      scope: "read_orders",
      accessToken: "shpua_online",
      expires: new Date("2026-12-02T01:00:00.000Z"),
      onlineAccessInfo: { expires_in: 86_400, associated_user_scope: "read_orders", associated_user: user },
    }),
  ],
  [
    "an online session whose user has no names, email or locale",
    new Session({
      id: "online.myshopify.com_1",
      shop: "online.myshopify.com",
      state: "",
      isOnline: true,
      accessToken: "shpua_bare",
      onlineAccessInfo: {
        expires_in: 60,
        associated_user_scope: "",
        associated_user: { ...user, id: 1, first_name: undefined, last_name: undefined, email: undefined, locale: undefined, account_owner: false },
      } as unknown as Session["onlineAccessInfo"],
    }),
  ],
];

it.each(SESSIONS)("%s loads as Shopify's Prisma storage loads it", async (_name, session) => {
  const library = new PrismaSessionStorage(prisma);
  await library.storeSession(session);
  const expected = await library.loadSession(session.id);
  const loaded = await new AppSessionStorage(prisma).loadSession(session.id);
  expect(loaded?.constructor.name).toBe("Session"); // the library's class (its CommonJS copy, so not instanceof here)
  expect(loaded?.toPropertyArray(true)).toEqual(expected?.toPropertyArray(true));
  expect(loaded?.expires?.toISOString()).toBe(session.expires?.toISOString());
  expect(new Date(loaded?.refreshTokenExpires ?? 0).toISOString()).toBe((session.refreshTokenExpires ?? new Date(0)).toISOString());
});

it("a session that is not stored loads as undefined, as the library's does", async () => {
  expect(await new AppSessionStorage(prisma).loadSession("offline_absent.myshopify.com")).toBeUndefined();
  expect(await new PrismaSessionStorage(prisma).loadSession("offline_absent.myshopify.com")).toBeUndefined();
});

it("the app's Shopify configuration uses it, and a stored session is loaded through it", async () => {
  const { sessionStorage } = await import("../shopify.server");
  expect(sessionStorage.constructor.name).toBe(AppSessionStorage.name);
  const [, session] = SESSIONS[0];
  await sessionStorage.storeSession(session);
  expect((await sessionStorage.loadSession(session.id))?.accessToken).toBe("shpat_expiring");
});
