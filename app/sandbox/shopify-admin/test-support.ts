// Shared by this folder's tests: a stand-in serving the demo shop plus a
// second, unrelated shop, and a bare GraphQL POST like the app's client makes.
import { buildShopFixtures, DEMO_SHOP_DOMAIN, demoShopFixtures } from "../fixtures/demo-shop";
import { startShopifyAdminStandIn, type ShopifyAdminStandIn } from "./server";

export const DEMO_TOKEN = "shpat_sandbox_demo_token";
export const OTHER_SHOP_DOMAIN = "other-shop.myshopify.com";
export const OTHER_TOKEN = "shpat_other_shop_token";
export const GRAPHQL_PATH = "/admin/api/2026-07/graphql.json";

export const otherShopFixtures = buildShopFixtures({
  shop: { id: 73410560002, name: "Other Shop", myshopifyDomain: OTHER_SHOP_DOMAIN, primaryDomainHost: "other.example" },
  products: [
    {
      id: 9900000000001,
      title: "Other Shop Mug",
      handle: "other-shop-mug",
      status: "ACTIVE",
      productType: "Gear",
      vendor: "Other",
      tags: [],
      description: "A mug.",
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
      variants: [{ id: 9900000000101, title: "Default Title", sku: "OTHER-MUG", price: "12.00", inventoryQuantity: 3 }],
    },
  ],
  customers: [],
  orders: [],
});

export function startTestStandIn(): Promise<ShopifyAdminStandIn> {
  return startShopifyAdminStandIn({
    shops: {
      [DEMO_SHOP_DOMAIN]: { accessToken: DEMO_TOKEN, fixtures: demoShopFixtures },
      [OTHER_SHOP_DOMAIN]: { accessToken: OTHER_TOKEN, fixtures: otherShopFixtures },
    },
  });
}

export interface GraphQLResponseBody {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; locations?: unknown; path?: Array<string | number>; extensions?: Record<string, any> }>;
  extensions?: Record<string, any>;
}

export async function postGraphQL(
  standIn: ShopifyAdminStandIn,
  query: string,
  options: { variables?: Record<string, unknown>; shop?: string; token?: string | null; path?: string } = {},
): Promise<{ status: number; body: GraphQLResponseBody }> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Forwarded-Host": options.shop ?? DEMO_SHOP_DOMAIN,
  };
  const token = options.token === undefined ? DEMO_TOKEN : options.token;
  if (token !== null) headers["X-Shopify-Access-Token"] = token;
  const response = await fetch(`${standIn.url}${options.path ?? GRAPHQL_PATH}`, {
    method: "POST",
    headers,
    body: JSON.stringify({ query, variables: options.variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponseBody };
}

export const SHOP_POLICY_UPDATE = `mutation EditPolicy($shopPolicy: ShopPolicyInput!) {
  shopPolicyUpdate(shopPolicy: $shopPolicy) { shopPolicy { type title body updatedAt } userErrors { field message code } }
}`;

/** What the merchant does in the Shopify admin's policy editor. */
export function editShopPolicy(standIn: ShopifyAdminStandIn, type: string, body: string, options: { shop?: string; token?: string } = {}) {
  return postGraphQL(standIn, SHOP_POLICY_UPDATE, { ...options, variables: { shopPolicy: { type, body } } });
}
