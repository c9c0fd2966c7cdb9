// The real @shopify/shopify-api GraphQL client (what authenticate.admin's
// admin.graphql wraps), offline: with the redirect installed before the node
// adapter is imported, its requests reach the stand-in, and its behaviour on
// errors is the one the app will see against Shopify.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphqlClient } from "@shopify/shopify-api";
import { DEMO_SHOP_DOMAIN } from "../fixtures/demo-shop";
import { routeShopifyAdminApiTo } from "./redirect-fetch";
import type { ShopifyAdminStandIn } from "./server";
import { DEMO_TOKEN, startTestStandIn } from "./test-support";

let standIn: ShopifyAdminStandIn;
let restoreFetch: () => void;
let client: GraphqlClient;
let shopifyApiModule: typeof import("@shopify/shopify-api");

beforeAll(async () => {
  standIn = await startTestStandIn();
  restoreFetch = routeShopifyAdminApiTo(standIn.url);
  // Order matters: the adapter captures globalThis.fetch when it is imported.
  await import("@shopify/shopify-api/adapters/node");
  shopifyApiModule = await import("@shopify/shopify-api");
  const { shopifyApi, ApiVersion, LogSeverity, Session } = shopifyApiModule;
  const shopify = shopifyApi({
    apiKey: "sandbox-api-key",
    apiSecretKey: "sandbox-api-secret",
    hostName: "localhost:3000",
    apiVersion: ApiVersion.July26,
    isEmbeddedApp: true,
    scopes: ["read_orders", "read_products", "read_customers"],
    logger: { level: LogSeverity.Error },
  });
  const session = new Session({
    id: `offline_${DEMO_SHOP_DOMAIN}`,
    shop: DEMO_SHOP_DOMAIN,
    state: "",
    isOnline: false,
    accessToken: DEMO_TOKEN,
  });
  client = new shopify.clients.Graphql({ session });
});

afterAll(async () => {
  restoreFetch();
  await standIn.close();
});

describe("@shopify/shopify-api GraphQL client against the stand-in", () => {
  it("runs a query and gets data plus cost extensions", async () => {
    const response = await client.request(
      `query Order($query: String!) { orders(first: 1, query: $query) { nodes { name totalPriceSet { shopMoney { amount } } } } }`,
      { variables: { query: "name:#1002" } },
    );
    expect(response.data).toEqual({ orders: { nodes: [{ name: "#1002", totalPriceSet: { shopMoney: { amount: "146.5" } } }] } });
    expect(response.extensions).toMatchObject({ cost: { throttleStatus: { maximumAvailable: 2000 } } });
    expect(standIn.requests().at(-1)).toMatchObject({ shop: DEMO_SHOP_DOMAIN, operationName: "Order", status: 200 });
  });

  it("throws GraphqlQueryError, with the partial data, when protected data is withheld", async () => {
    standIn.fail({ partialData: ["phone"] });
    const error = await client.request(`{ customers(first: 1) { nodes { firstName defaultPhoneNumber { phoneNumber } } } }`).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(shopifyApiModule.GraphqlQueryError);
    const { body } = error as InstanceType<typeof shopifyApiModule.GraphqlQueryError>;
    expect(body?.data).toEqual({ customers: { nodes: [{ firstName: "Emma", defaultPhoneNumber: null }] } });
  });

  it("throws on THROTTLED, and retries a 503 when asked to", async () => {
    standIn.fail({ throttled: true });
    await expect(client.request(`{ shop { name } }`)).rejects.toBeInstanceOf(shopifyApiModule.GraphqlQueryError);

    standIn.reset();
    standIn.fail({ status: 503 });
    const response = await client.request(`{ shop { name } }`, { retries: 1 });
    expect(response.data).toEqual({ shop: { name: "Harbor & Pine Outfitters" } });
    expect(standIn.requests().map((entry) => entry.status)).toEqual([503, 200]);
  });

  it("rejects a query with a field that does not exist", async () => {
    const error = await client.request(`{ shop { name phoneNumber } }`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(shopifyApiModule.GraphqlQueryError);
    expect((error as Error).message).toContain("Field 'phoneNumber' doesn't exist on type 'Shop'");
  });
});
