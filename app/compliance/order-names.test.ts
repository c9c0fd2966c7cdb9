// Privacy requests name orders by id, callers by name ("#1001"): the job asks
// the shop's Admin API (the stand-in, with the demo shop's orders) for the
// names, and finds the calls that say them; without the Admin API it still
// completes, matching by id, phone, email and verified order.
import type { Shop } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildShopFixtures } from "../sandbox/fixtures/demo-shop";
import { startShopifyAdminStandIn, type ShopifyAdminStandIn } from "../sandbox/shopify-admin/server";
import { startCheckins, stopCheckins, type CheckinModules } from "../../tests/support/checkins";
import { installShop, TEST_SHOP } from "../../tests/support/shopify";

const fixtures = buildShopFixtures({ shop: { myshopifyDomain: TEST_SHOP } });
const [asked, other] = fixtures.orders;

let m: CheckinModules;
let adminApi: ShopifyAdminStandIn;
let compliance: typeof import("./compliance-work.server");
let shop: Shop;

beforeAll(async () => {
  adminApi = await startShopifyAdminStandIn({ shops: { [TEST_SHOP]: { accessToken: `shpat_${TEST_SHOP}`, fixtures } } });
  m = await startCheckins({ SANDBOX_ADMIN_API_URL: adminApi.url });
  compliance = await import("./compliance-work.server");
});
afterAll(async () => {
  await stopCheckins(m);
  await adminApi.close();
});
beforeEach(async () => {
  await m.prisma.shop.deleteMany();
  await m.prisma.session.deleteMany();
  shop = await installShop(TEST_SHOP);
});

const digits = (name: string) => name.replace(/^#/, "");
// [call, what was said, whether it names the order asked about]
const TEXTS: Array<[string, string, boolean]> = [
  ["by-name", `Where is my order ${asked.name}?`, true],
  ["by-number", `It's order number ${digits(asked.name)}, placed last week`, true],
  ["by-id", `Order ${asked.id} please`, true],
  ["other-order", `Where is my order ${other.name}?`, false],
  ["longer-number", `Order ${digits(asked.name)}7 is late`, false],
  ["nothing", "Do you sell hats?", false],
];

async function seedCalls() {
  await m.prisma.callSession.createMany({
    data: TEXTS.map(([id, transcript]) => ({ shopId: shop.id, vapiCallId: `names-${id}`, status: "ended", direction: "inbound" as const, transcript })),
  });
}

const customer = { id: 4242, email: null, phone: null };

describe("orders named as callers say them", () => {
  it("customers/redact anonymises the calls that say the order's name or number, and no other", async () => {
    await seedCalls();
    await compliance.runComplianceWork({ topic: "customers/redact", shopDomain: TEST_SHOP, customer, orderIds: [asked.id] });
    for (const [id, , named] of TEXTS) {
      const call = await m.prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: `names-${id}` } });
      expect({ id, redacted: call.transcript === null }).toEqual({ id, redacted: named });
    }
  });

  it("the data request reports the same calls", async () => {
    await seedCalls();
    await compliance.runComplianceWork({ topic: "customers/data_request", shopDomain: TEST_SHOP, customer, orderIds: [asked.id], dataRequestId: null });
    const { report } = await m.prisma.complianceReport.findFirstOrThrow({ where: { shopId: shop.id } });
    const reported = (report as { calls: Array<{ vapiCallId: string }> }).calls.map((call) => call.vapiCallId).sort();
    expect(reported).toEqual(
      TEXTS.filter(([, , named]) => named)
        .map(([id]) => `names-${id}`)
        .sort(),
    );
  });

  it("with the Admin API failing, the request still completes, matching the order by its id", async () => {
    await seedCalls();
    adminApi.fail({ operation: "ComplianceOrderNames", status: 503 });
    await compliance.runComplianceWork({ topic: "customers/redact", shopDomain: TEST_SHOP, customer, orderIds: [asked.id] });
    const redacted = await m.prisma.callSession.findMany({ where: { shopId: shop.id, transcript: null }, select: { vapiCallId: true } });
    expect(redacted.map((call) => call.vapiCallId)).toEqual(["names-by-id"]);
  });
});
