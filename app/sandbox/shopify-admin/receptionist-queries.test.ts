// The receptionist's queries, verbatim from shared/reference/shopify.md,
// validate against the real 2026-07 schema and return the demo fixtures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../fixtures/demo-shop";
import type { ShopifyAdminStandIn } from "./server";
import { postGraphQL, startTestStandIn } from "./test-support";

const ORDER_BY_NUMBER = `
  query OrderByNumber($query: String!) {
    orders(first: 5, query: $query, sortKey: PROCESSED_AT, reverse: true) {
      nodes {
        id name processedAt cancelledAt displayFinancialStatus displayFulfillmentStatus
        totalPriceSet { shopMoney { amount currencyCode } }
        lineItems(first: 20) { nodes { title quantity } }
        fulfillments(first: 5) { trackingInfo { company number url } }
        customer { defaultPhoneNumber { phoneNumber } defaultEmailAddress { emailAddress } }
      }
    }
  }`;

const CUSTOMERS_BY_PHONE = `
  query CustomersByPhone($query: String!) {
    customers(first: 3, query: $query) {
      nodes {
        id firstName lastName
        orders(first: 5, sortKey: PROCESSED_AT, reverse: true) { nodes { name displayFulfillmentStatus } }
      }
    }
  }`;

const PRODUCT_SEARCH = `
  query ProductSearch($query: String!) {
    products(first: 5, query: $query) {
      nodes {
        title status totalInventory
        priceRangeV2 { minVariantPrice { amount currencyCode } }
        variants(first: 10) { nodes { title sku price inventoryQuantity availableForSale } }
      }
    }
  }`;

const SHOP = `{ shop { name myshopifyDomain ianaTimezone currencyCode contactEmail primaryDomain { url } shopAddress { phone } } }`;

let standIn: ShopifyAdminStandIn;
beforeAll(async () => {
  standIn = await startTestStandIn();
});
afterAll(() => standIn.close());

describe("order by number", () => {
  it("returns the order with totals, line items, tracking and customer contact", async () => {
    const { status, body } = await postGraphQL(standIn, ORDER_BY_NUMBER, { variables: { query: "name:#1001" } });

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.orders.nodes).toEqual([
      {
        id: "gid://shopify/Order/6150000001001",
        name: "#1001",
        processedAt: "2026-09-28T14:12:00Z",
        cancelledAt: null,
        displayFinancialStatus: "PAID",
        displayFulfillmentStatus: "FULFILLED",
        // 59.00 + 2 x 32.00, free shipping; Decimal printed the way Shopify does
        totalPriceSet: { shopMoney: { amount: "123.0", currencyCode: "USD" } },
        lineItems: {
          nodes: [
            { title: "Flannel Button-Up Shirt", quantity: 1 },
            { title: "Wool Hiking Socks (3-Pack)", quantity: 2 },
          ],
        },
        fulfillments: [{ trackingInfo: [{ company: "UPS", number: "1Z999AA10123456784", url: "https://www.ups.com/track?tracknum=1Z999AA10123456784" }] }],
        customer: {
          defaultPhoneNumber: { phoneNumber: "+16175550101" },
          defaultEmailAddress: { emailAddress: "emma.johnson@example.com" },
        },
      },
    ]);
    expect(body.extensions?.cost).toMatchObject({
      requestedQueryCost: expect.any(Number),
      actualQueryCost: expect.any(Number),
      throttleStatus: { maximumAvailable: 2000, restoreRate: 100 },
    });
    expect(body.extensions?.cost.actualQueryCost).toBeLessThan(body.extensions?.cost.requestedQueryCost);
  });

  it("shows a cancelled order as cancelled, and a guest order without customer", async () => {
    const cancelled = await postGraphQL(standIn, ORDER_BY_NUMBER, { variables: { query: "name:#1003" } });
    expect(cancelled.body.data?.orders.nodes[0]).toMatchObject({
      name: "#1003",
      cancelledAt: "2026-10-11T09:15:00Z",
      displayFinancialStatus: "REFUNDED",
      fulfillments: [],
    });

    const guest = await postGraphQL(standIn, ORDER_BY_NUMBER, { variables: { query: "name:1007" } });
    expect(guest.body.data?.orders.nodes).toHaveLength(1);
    expect(guest.body.data?.orders.nodes[0]).toMatchObject({ name: "#1007", customer: null });
  });

  it("finds nothing for an order number that does not exist", async () => {
    const { body } = await postGraphQL(standIn, ORDER_BY_NUMBER, { variables: { query: "name:#4242" } });
    expect(body.data?.orders.nodes).toEqual([]);
  });
});

describe("orders by caller phone", () => {
  it("finds the customer by quoted E.164 phone, then their orders newest first", async () => {
    const { body } = await postGraphQL(standIn, CUSTOMERS_BY_PHONE, { variables: { query: 'phone:"+16175550101"' } });

    expect(body.errors).toBeUndefined();
    expect(body.data?.customers.nodes).toEqual([
      {
        id: "gid://shopify/Customer/7610000000001",
        firstName: "Emma",
        lastName: "Johnson",
        orders: {
          nodes: [
            { name: "#1010", displayFulfillmentStatus: "UNFULFILLED" },
            { name: "#1004", displayFulfillmentStatus: "PARTIALLY_FULFILLED" },
            { name: "#1001", displayFulfillmentStatus: "FULFILLED" },
          ],
        },
      },
    ]);
  });

  it("finds no customer for an unknown number", async () => {
    const { body } = await postGraphQL(standIn, CUSTOMERS_BY_PHONE, { variables: { query: 'phone:"+19995550199"' } });
    expect(body.data?.customers.nodes).toEqual([]);
  });

  it("ignores a search field orders do not have, with a warning, like Shopify", async () => {
    const { body } = await postGraphQL(standIn, ORDER_BY_NUMBER, { variables: { query: 'phone:"+16175550101"' } });
    // Every order comes back (first: 5): the filter was ignored, not applied.
    expect(body.data?.orders.nodes).toHaveLength(5);
    expect(body.extensions?.search).toEqual([
      {
        path: ["orders"],
        query: 'phone:"+16175550101"',
        warnings: [{ field: "phone", message: "Invalid search field for this query." }],
      },
    ]);
  });
});

describe("product search", () => {
  it("title:*shirt* returns shirts with price range and variants", async () => {
    const { body } = await postGraphQL(standIn, PRODUCT_SEARCH, { variables: { query: "title:*shirt*" } });

    expect(body.errors).toBeUndefined();
    const products = body.data?.products.nodes as Array<Record<string, any>>;
    expect(products.map((product) => product.title)).toEqual([
      "Classic Cotton T-Shirt",
      "Flannel Button-Up Shirt",
      "Linen Camp Shirt",
      "Oxford Cloth Shirt",
      "Striped Breton Shirt",
    ]);
    expect(products[0]).toMatchObject({
      status: "ACTIVE",
      totalInventory: 55,
      priceRangeV2: { minVariantPrice: { amount: "24.0", currencyCode: "USD" } },
    });
    expect(products[0].variants.nodes[2]).toEqual({
      title: "Large / Navy",
      sku: "HP-TEE-NVY-L",
      price: "24.00",
      inventoryQuantity: 0,
      availableForSale: false,
    });
    // Sold out everywhere: the caller should hear "out of stock".
    expect(products[2]).toMatchObject({ title: "Linen Camp Shirt", totalInventory: 0 });
    expect(products[2].variants.nodes.every((variant: { availableForSale: boolean }) => !variant.availableForSale)).toBe(true);
    // Archived products are still returned unless the query filters on status.
    expect(products[4].status).toBe("ARCHIVED");
  });

  it("status:active and free text narrow the search", async () => {
    const active = await postGraphQL(standIn, PRODUCT_SEARCH, { variables: { query: "title:*shirt* status:active" } });
    expect(active.body.data?.products.nodes.map((product: { title: string }) => product.title)).not.toContain("Striped Breton Shirt");

    // Free text matches titles, tags and product types: "merino" is a tag of the socks.
    const merino = await postGraphQL(standIn, PRODUCT_SEARCH, { variables: { query: "merino" } });
    expect(merino.body.data?.products.nodes.map((product: { title: string }) => product.title)).toEqual([
      "Merino Crewneck Sweater",
      "Wool Hiking Socks (3-Pack)",
    ]);
  });

  it("keeps backorderable variants available at zero stock, and drafts unavailable", async () => {
    const boots = await postGraphQL(standIn, PRODUCT_SEARCH, { variables: { query: "handle:leather-chukka-boots" } });
    const us10 = boots.body.data?.products.nodes[0].variants.nodes[1];
    expect(us10).toMatchObject({ title: "US 10", inventoryQuantity: 0, availableForSale: true });

    const draft = await postGraphQL(standIn, PRODUCT_SEARCH, { variables: { query: "status:draft" } });
    expect(draft.body.data?.products.nodes).toHaveLength(1);
    expect(draft.body.data?.products.nodes[0].variants.nodes.some((variant: { availableForSale: boolean }) => variant.availableForSale)).toBe(false);
  });

  it("paginates with edges, cursors and pageInfo", async () => {
    const page = `query Page($after: String) {
      products(first: 10, after: $after, sortKey: TITLE) {
        edges { cursor node { title } }
        pageInfo { hasNextPage hasPreviousPage endCursor }
      }
    }`;
    const titles: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 5; pages++) {
      const { body } = await postGraphQL(standIn, page, { variables: { after } });
      const connection = body.data?.products;
      titles.push(...connection.edges.map((edge: { node: { title: string } }) => edge.node.title));
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(titles).toHaveLength(25);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b)));
  });
});

describe("shop", () => {
  it("returns the shop's name, timezone, currency, contact email, domain and phone", async () => {
    const { body } = await postGraphQL(standIn, SHOP);
    expect(body.errors).toBeUndefined();
    expect(body.data?.shop).toEqual({
      name: "Harbor & Pine Outfitters",
      myshopifyDomain: DEMO_SHOP_DOMAIN,
      ianaTimezone: "America/New_York",
      currencyCode: "USD",
      contactEmail: "hello@harborandpine.example",
      primaryDomain: { url: "https://harborandpine.example" },
      shopAddress: { phone: "+16175550100" },
    });
  });
});
