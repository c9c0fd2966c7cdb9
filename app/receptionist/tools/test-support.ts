// Shared by this folder's tests: two installed shops served by the Admin API
// stand-in (A: the demo shop; B: a different shop whose order #2001 and
// product exist only there), reached through the app's real
// unauthenticated.admin path, and Vapi tool-calls messages in every
// documented item shape.
import type { Shop } from "@prisma/client";
import { buildShopFixtures, DEMO_SHOP_DOMAIN, demoShopFixtures } from "../../sandbox/fixtures/demo-shop";
import { startShopifyAdminStandIn, type ShopifyAdminStandIn } from "../../sandbox/shopify-admin/server";
import { ToolCallsSchema, type ToolCallsMessage } from "../../vapi/server-messages";

export const SHOP_A = DEMO_SHOP_DOMAIN;
export const SHOP_B = "lighthouse-goods.myshopify.com";
export const EMMA_PHONE = "+16175550101"; // shop A's customer with orders #1001, #1004, #1010
export const BEA_PHONE = "+12075550199"; // shop B's customer with order #2001
export const BEA_EMAIL = "bea.lighthouse@example.com";

const shopBFixtures = buildShopFixtures({
  shop: { id: 73410560099, name: "Lighthouse Goods", myshopifyDomain: SHOP_B, primaryDomainHost: "lighthouse.example" },
  products: [
    {
      id: 9910000000001,
      title: "Lighthouse Print",
      handle: "lighthouse-print",
      status: "ACTIVE",
      productType: "Art",
      vendor: "Lighthouse Goods",
      tags: ["print", "shirt"],
      description: "A print.",
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
      variants: [{ id: 9910000000101, title: "Default Title", sku: "LG-PRINT", price: "40.00", inventoryQuantity: 3 }],
    },
  ],
  customers: [
    {
      id: 9920000000001,
      firstName: "Bea",
      lastName: "Keeper",
      phone: BEA_PHONE,
      email: BEA_EMAIL,
      tags: [],
      createdAt: "2026-02-01T00:00:00Z",
      defaultAddress: {
        address1: "1 Light Road",
        address2: null,
        city: "Portland",
        province: "Maine",
        provinceCode: "ME",
        zip: "04101",
        country: "United States",
        countryCodeV2: "US",
      },
    },
  ],
  orders: [
    {
      id: 9930000002001,
      name: "#2001",
      customerId: 9920000000001,
      email: BEA_EMAIL,
      phone: BEA_PHONE,
      processedAt: "2026-11-01T12:00:00Z",
      cancelledAt: null,
      cancelReason: null,
      displayFinancialStatus: "PAID",
      displayFulfillmentStatus: "FULFILLED",
      lineItems: [
        {
          id: 9940000000001,
          productId: 9910000000001,
          variantId: 9910000000101,
          title: "Lighthouse Print",
          variantTitle: null,
          sku: "LG-PRINT",
          quantity: 1,
          unitPrice: "40.00",
        },
      ],
      shippingPrice: "0.00",
      fulfillments: [
        {
          id: 9950000000001,
          displayStatus: "IN_TRANSIT",
          createdAt: "2026-11-02T12:00:00Z",
          estimatedDeliveryAt: null,
          deliveredAt: null,
          trackingInfo: [{ company: "USPS", number: "9400999999999999999999", url: "https://tools.usps.com/" }],
        },
      ],
      tags: [],
    },
  ],
});

export interface ToolsTestEnv {
  standIn: ShopifyAdminStandIn;
  shopA: Shop;
  shopB: Shop;
}

/** Call from beforeAll, before importing anything that imports shopify.server. */
export async function startToolsTestEnv(): Promise<ToolsTestEnv> {
  const standIn = await startShopifyAdminStandIn({
    shops: {
      [SHOP_A]: { accessToken: `shpat_${SHOP_A}`, fixtures: demoShopFixtures },
      [SHOP_B]: { accessToken: `shpat_${SHOP_B}`, fixtures: shopBFixtures },
    },
  });
  // Read by env.server.ts when shopify.server.ts is first imported (by installShop).
  process.env.SANDBOX_ADMIN_API_URL = standIn.url;
  const { installShop } = await import("../../../tests/support/shopify");
  const shopA = await installShop(SHOP_A, { name: "Harbor & Pine Outfitters", timezone: "America/New_York" });
  const shopB = await installShop(SHOP_B, { name: "Lighthouse Goods", timezone: "America/New_York" });
  return { standIn, shopA, shopB };
}

export type ItemShape = "object" | "json-string" | "name-parameters";

export interface TestToolCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
  shape?: ItemShape;
}

/** A tool-calls server message as Vapi sends it, validated by the app's own schema. */
export function toolCallsMessage(
  calls: TestToolCall[],
  { callId = "call-1", caller = null as string | null, callType = "inboundPhoneCall" as "inboundPhoneCall" | "outboundPhoneCall" } = {},
): ToolCallsMessage {
  return ToolCallsSchema.parse({
    type: "tool-calls",
    timestamp: Date.now(),
    call: { id: callId, type: callType, customer: caller ? { number: caller } : undefined },
    toolCallList: calls.map(({ id, name, args, shape = "object" }) => {
      switch (shape) {
        case "object":
          return { id, type: "function", function: { name, arguments: args } };
        case "json-string":
          return { id, type: "function", function: { name, arguments: JSON.stringify(args) } };
        case "name-parameters":
          return { id, name, parameters: args };
      }
    }),
  });
}
