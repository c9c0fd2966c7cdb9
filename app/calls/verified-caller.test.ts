// The verified caller on a call record, against a real database: written
// where order_lookup verified the caller (the record created when no status
// update came yet), only Shopify gids kept, the name made storable, another
// shop's call untouched; and the call page naming them with admin links.
import type { Shop } from "@prisma/client";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { installShop } from "../../tests/support/shopify";
import { callDetailView, callsListView } from "./calls-view.server";
import { parseCallFilters } from "./call-queries.server";
import { flagVerificationLock } from "./call-records.server";
import { recordVerifiedCaller } from "./verified-caller.server";

let shop: Shop;
let other: Shop;
const EMMA_ORDER = { id: "gid://shopify/Order/5001", name: "#1001", customer: { id: "gid://shopify/Customer/7610000000001", displayName: "Emma Johnson" } };

beforeAll(async () => {
  shop = await installShop("harbor-pine.myshopify.com", { timezone: "America/New_York" });
  other = await installShop("other-store.myshopify.com");
  await prisma.callSession.create({ data: { shopId: other.id, vapiCallId: "theirs", direction: "inbound", status: "ended" } });
});

const stored = (vapiCallId: string) =>
  prisma.callSession.findFirst({
    where: { vapiCallId },
    select: { shopId: true, verifiedCustomerId: true, verifiedCustomerName: true, verifiedOrderId: true, verifiedOrderName: true, callerNumber: true },
  });

describe("recordVerifiedCaller", () => {
  it("writes the order and customer on an existing record", async () => {
    await prisma.callSession.create({ data: { shopId: shop.id, vapiCallId: "existing", direction: "inbound", status: "in-progress" } });
    await recordVerifiedCaller(shop, "existing", "+16175550101", EMMA_ORDER);
    expect(await stored("existing")).toMatchObject({
      verifiedOrderId: EMMA_ORDER.id,
      verifiedOrderName: "#1001",
      verifiedCustomerId: EMMA_ORDER.customer.id,
      verifiedCustomerName: "Emma Johnson",
    });
  });

  it("creates the record when the tool call comes before any status update", async () => {
    await recordVerifiedCaller(shop, "early", "+16175550101", EMMA_ORDER);
    expect(await stored("early")).toMatchObject({ shopId: shop.id, callerNumber: "+16175550101", verifiedCustomerName: "Emma Johnson" });
  });

  it.each([
    [
      "a withheld name (protected customer data)",
      { ...EMMA_ORDER, customer: { id: EMMA_ORDER.customer.id, displayName: null } },
      { verifiedCustomerName: null },
    ],
    ["no customer on the order", { ...EMMA_ORDER, customer: null }, { verifiedCustomerId: null, verifiedCustomerName: null, verifiedOrderId: EMMA_ORDER.id }],
    [
      "a NUL and a lone surrogate in the name",
      { ...EMMA_ORDER, customer: { ...EMMA_ORDER.customer, displayName: "Em\u0000ma \ud800J" } },
      { verifiedCustomerName: "Em\uFFFDma \uFFFDJ" },
    ],
    ["a 10 kB name", { ...EMMA_ORDER, customer: { ...EMMA_ORDER.customer, displayName: "E".repeat(10_000) } }, { verifiedCustomerName: "E".repeat(200) }],
    ["an id that is not a Shopify gid", { ...EMMA_ORDER, id: "javascript:alert(1)" }, { verifiedOrderId: null }],
    ["a customer gid of another type", { ...EMMA_ORDER, customer: { ...EMMA_ORDER.customer, id: "gid://shopify/Product/1" } }, { verifiedCustomerId: null }],
  ])("%s", async (_, order, expected) => {
    const callId = `case-${Math.random()}`;
    await recordVerifiedCaller(shop, callId, null, order);
    expect(await stored(callId)).toMatchObject(expected);
  });

  it("keeps what an earlier note wrote (a verification lock, then a verified caller), and the status and direction", async () => {
    const lockedAt = new Date("2026-11-21T15:01:02.345Z");
    await prisma.callSession.create({ data: { shopId: shop.id, vapiCallId: "locked-then-verified", direction: "inbound", status: "in-progress" } });
    await flagVerificationLock(shop, "locked-then-verified", null, lockedAt);
    await recordVerifiedCaller(shop, "locked-then-verified", null, EMMA_ORDER);
    expect(await prisma.callSession.findFirst({ where: { vapiCallId: "locked-then-verified" } })).toMatchObject({
      verificationLockedAt: lockedAt,
      verifiedOrderName: "#1001",
      status: "in-progress",
      direction: "inbound",
      callerNumber: null,
    });
  });

  it("writes both notes once when two lookups of the same new call race", async () => {
    await Promise.all([recordVerifiedCaller(shop, "raced", "+16175550101", EMMA_ORDER), flagVerificationLock(shop, "raced", "+16175550101")]);
    expect(await prisma.callSession.findMany({ where: { vapiCallId: "raced" } })).toEqual([
      expect.objectContaining({ shopId: shop.id, verifiedOrderName: "#1001", verificationLockedAt: expect.any(Date) }),
    ]);
  });

  it("leaves another shop's call alone", async () => {
    await recordVerifiedCaller(shop, "theirs", null, EMMA_ORDER);
    expect(await stored("theirs")).toMatchObject({ shopId: other.id, verifiedCustomerId: null, verifiedCustomerName: null });
  });
});

describe("the calls pages", () => {
  it("name the verified caller and link to them and the order in the Shopify admin", async () => {
    const call = await prisma.callSession.findFirstOrThrow({ where: { shopId: shop.id, vapiCallId: "existing" } });
    expect((await callDetailView(shop, call.id))?.verifiedCaller).toEqual({
      name: "Emma Johnson",
      customerUrl: "https://admin.shopify.com/store/harbor-pine/customers/7610000000001",
      order: "#1001",
      orderUrl: "https://admin.shopify.com/store/harbor-pine/orders/5001",
    });
    const list = await callsListView(shop, parseCallFilters(new URLSearchParams()));
    expect(list.calls.find((row) => row.id === call.id)?.partyName).toBe("Emma Johnson");
  });

  it("name nobody on a call where nobody was verified", async () => {
    const call = await prisma.callSession.create({ data: { shopId: shop.id, vapiCallId: "anonymous", direction: "inbound", status: "ended" } });
    expect((await callDetailView(shop, call.id))?.verifiedCaller).toBeNull();
  });
});
