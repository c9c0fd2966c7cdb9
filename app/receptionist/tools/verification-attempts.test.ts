// The wrong-answer cap against a real database: counted per order and per
// caller within the sliding window (its edges included), per shop, and the
// same whatever time zone the database session runs in.
import type { Shop } from "@prisma/client";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../db.server";
import { hotPathPool } from "../../db-pool.server";
import { installShop } from "../../../tests/support/shopify";
import { isVerificationLocked, MAX_FAILED_VERIFICATIONS, VERIFICATION_WINDOW_MS, type VerificationSubject } from "./verification-attempts.server";

const NOW = new Date("2026-11-21T15:00:00.000Z");
const MINUTE = 60_000;
let shop: Shop;
let other: Shop;

async function fail(shopId: string, subject: Partial<VerificationSubject>, agoMs: number, times = MAX_FAILED_VERIFICATIONS) {
  await prisma.verificationFailure.createMany({
    data: Array.from({ length: times }, () => ({
      shopId,
      orderNumber: subject.orderNumber ?? null,
      callerNumber: subject.callerNumber ?? null,
      vapiCallId: "call",
      failedAt: new Date(NOW.getTime() - agoMs),
    })),
  });
}

beforeAll(async () => {
  shop = await installShop("cap-shop.myshopify.com");
  other = await installShop("cap-other.myshopify.com");
  await fail(shop.id, { orderNumber: "1001" }, VERIFICATION_WINDOW_MS - MINUTE); // inside the window
  await fail(shop.id, { orderNumber: "1002" }, VERIFICATION_WINDOW_MS + MINUTE); // just outside
  await fail(shop.id, { orderNumber: "1003" }, MINUTE, MAX_FAILED_VERIFICATIONS - 1); // one short
  await fail(shop.id, { callerNumber: "+16175550101" }, 10 * MINUTE);
  await fail(other.id, { orderNumber: "2001", callerNumber: "+12075550199" }, MINUTE);
});

describe("isVerificationLocked", () => {
  it.each<[string, Partial<VerificationSubject>, boolean]>([
    ["an order with the cap reached inside the window", { orderNumber: "1001" }, true],
    ["an order whose failures are just outside the window", { orderNumber: "1002" }, false],
    ["an order one failure short of the cap", { orderNumber: "1003" }, false],
    ["a caller with the cap reached", { callerNumber: "+16175550101" }, true],
    ["a clean order from a locked caller", { orderNumber: "1004", callerNumber: "+16175550101" }, true],
    ["a locked order from a clean caller", { orderNumber: "1001", callerNumber: "+16175550199" }, true],
    ["an order and a caller locked at another shop only", { orderNumber: "2001", callerNumber: "+12075550199" }, false],
    ["nothing known", {}, false],
  ])("%s", async (_label, subject, locked) => {
    const full = { orderNumber: subject.orderNumber ?? null, callerNumber: subject.callerNumber ?? null };
    expect(await isVerificationLocked(shop.id, full, NOW)).toBe(locked);
  });

  it.each(["UTC", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Kiritimati"])("reads the window the same with the session time zone %s", async (zone) => {
    const pool = hotPathPool();
    const clients = await Promise.all(Array.from({ length: 10 }, () => pool.connect()));
    try {
      for (const client of clients) await client.query(`SET TIME ZONE '${zone}'`);
    } finally {
      for (const client of clients) client.release();
    }
    try {
      expect(await isVerificationLocked(shop.id, { orderNumber: "1001", callerNumber: null }, NOW)).toBe(true);
      expect(await isVerificationLocked(shop.id, { orderNumber: "1002", callerNumber: null }, NOW)).toBe(false);
    } finally {
      const reset = await Promise.all(Array.from({ length: 10 }, () => pool.connect()));
      for (const client of reset) {
        await client.query("RESET TIME ZONE");
        client.release();
      }
    }
  });
});
