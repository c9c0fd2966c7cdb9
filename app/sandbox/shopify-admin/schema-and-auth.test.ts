// What the stand-in refuses, and how: schema errors as Shopify words them,
// bad tokens, unknown versions, one shop's token against another shop, and
// queries Shopify would refuse before running them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShopifyAdminStandIn } from "./server";
import { OTHER_SHOP_DOMAIN, OTHER_TOKEN, postGraphQL, startTestStandIn } from "./test-support";

let standIn: ShopifyAdminStandIn;
beforeAll(async () => {
  standIn = await startTestStandIn();
});
afterAll(() => standIn.close());

describe("schema validation", () => {
  it("rejects a field that does not exist with Shopify's undefinedField error", async () => {
    const { status, body } = await postGraphQL(standIn, "{ shop { name phoneNumber } }");
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      {
        message: "Field 'phoneNumber' doesn't exist on type 'Shop'",
        locations: [{ line: 1, column: 15 }],
        extensions: { code: "undefinedField", typeName: "Shop", fieldName: "phoneNumber" },
      },
    ]);
  });

  it("rejects unknown arguments, missing required arguments and bad enum values", async () => {
    const unknownArgument = await postGraphQL(standIn, '{ orders(first: 1, phone: "+1") { nodes { name } } }');
    expect(unknownArgument.body.errors?.[0]).toMatchObject({
      message: "Field 'orders' doesn't accept argument 'phone'",
      extensions: { code: "argumentNotAccepted", argumentName: "phone" },
    });

    const missingId = await postGraphQL(standIn, "{ order { name } }");
    expect(missingId.body.errors?.[0]).toMatchObject({
      message: "Field 'order' is missing required arguments: id",
      extensions: { code: "missingRequiredArguments" },
    });

    const wrongEnum = await postGraphQL(standIn, "{ products(first: 1, sortKey: BEST_SELLING) { nodes { title } } }");
    expect(wrongEnum.body.errors?.[0].extensions?.code).toBe("argumentLiteralsIncompatible");
  });

  it("reports syntax errors with their location", async () => {
    const { status, body } = await postGraphQL(standIn, "{ shop { name }");
    expect(status).toBe(200);
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringContaining("Syntax Error"), locations: [{ line: 1, column: 16 }] });
  });

  it("refuses a connection without first/last or over 250, and a query over the 1000-point cost limit", async () => {
    const noPageSize = await postGraphQL(standIn, "{ products { nodes { title } } }");
    expect(noPageSize.body.errors?.[0]).toMatchObject({ message: "you must provide one of first or last", path: ["products"] });
    const pageTooLarge = await postGraphQL(standIn, "{ products(first: 251) { nodes { title } } }");
    expect(pageTooLarge.body.errors?.[0].message).toContain("between 0 and 250");

    const tooExpensive = await postGraphQL(standIn, "{ customers(first: 50) { nodes { orders(first: 50) { nodes { name } } } } }");
    expect(tooExpensive.body.data).toBeUndefined();
    // 2 + 50 customers x (1 + orders connection 2 + 50 orders x 1) = 2652
    expect(tooExpensive.body.errors?.[0].extensions).toEqual({ code: "MAX_COST_EXCEEDED", cost: 2652, maxCost: 1000 });
  });

  it("answers a query text asked again as the first time: its parse and validation are kept, its variables are not", async () => {
    const invalid = "{ shop { name phoneNumber } }";
    const unparsable = "{ shop { name }";
    const firstInvalid = await postGraphQL(standIn, invalid);
    const firstUnparsable = await postGraphQL(standIn, unparsable);
    for (let round = 0; round < 3; round++) {
      expect(await postGraphQL(standIn, invalid)).toEqual(firstInvalid);
      expect(await postGraphQL(standIn, unparsable)).toEqual(firstUnparsable);
    }
    expect(firstInvalid.body.errors?.[0].extensions?.code).toBe("undefinedField");

    const byTitle = "query Find($query: String!) { products(first: 5, query: $query) { nodes { title } } }";
    const titles = async (query: string) =>
      ((await postGraphQL(standIn, byTitle, { variables: { query } })).body.data?.products.nodes as Array<{ title: string }>).map(({ title }) => title);
    const flannel = await titles("flannel");
    const nothing = await titles("no-such-product-anywhere");
    expect(flannel.length).toBeGreaterThan(0);
    expect(flannel.every((title) => /flannel/i.test(title))).toBe(true);
    expect(nothing).toEqual([]);
    expect(await titles("flannel")).toEqual(flannel);
    const missingVariable = await postGraphQL(standIn, byTitle, { variables: {} });
    expect(missingVariable.body.errors?.[0].message).toContain('Variable "$query" of required type "String!" was not provided.');
  });

  it("fails loudly on a valid field the stand-in does not implement", async () => {
    const { body } = await postGraphQL(standIn, "{ shop { name plan { partnerDevelopment } } }");
    expect(body.errors?.[0]).toMatchObject({
      message: "The Shopify Admin stand-in does not implement Shop.plan.",
      extensions: { code: "STAND_IN_NOT_IMPLEMENTED" },
    });
  });
});

describe("authentication and routing", () => {
  it("answers 401 with Shopify's message for a missing or wrong access token", async () => {
    for (const token of [null, "shpat_wrong"]) {
      const { status, body } = await postGraphQL(standIn, "{ shop { name } }", { token });
      expect(status).toBe(401);
      expect(body).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    }
  });

  it("answers 404 for an API version it does not serve, and for an unknown shop", async () => {
    const oldVersion = await postGraphQL(standIn, "{ shop { name } }", { path: "/admin/api/2023-01/graphql.json" });
    expect(oldVersion.status).toBe(404);
    const unknownShop = await postGraphQL(standIn, "{ shop { name } }", { shop: "nobody.myshopify.com" });
    expect(unknownShop.status).toBe(404);
  });

  it("keeps shops apart: a second shop's token cannot read the first shop", async () => {
    const crossShop = await postGraphQL(standIn, "{ orders(first: 1) { nodes { name } } }", { token: OTHER_TOKEN });
    expect(crossShop.status).toBe(401);

    const ownShop = await postGraphQL(standIn, "{ shop { name } orders(first: 5) { nodes { name } } products(first: 5) { nodes { title } } }", {
      shop: OTHER_SHOP_DOMAIN,
      token: OTHER_TOKEN,
    });
    expect(ownShop.body.data).toEqual({
      shop: { name: "Other Shop" },
      orders: { nodes: [] },
      products: { nodes: [{ title: "Other Shop Mug" }] },
    });
  });

  it("logs each request's shop, operation, variables and status", async () => {
    standIn.reset();
    await postGraphQL(standIn, "query Lookup($q: String) { orders(first: 1, query: $q) { nodes { name } } }", {
      variables: { q: "name:#1002" },
    });
    await postGraphQL(standIn, "{ shop { name } }", { token: "shpat_wrong" });
    expect(standIn.requests()).toEqual([
      expect.objectContaining({
        shop: "sandbox-demo.myshopify.com",
        operationName: "Lookup",
        rootField: "orders",
        variables: { q: "name:#1002" },
        status: 200,
        errorCodes: [],
        faulted: false,
      }),
      expect.objectContaining({ shop: "sandbox-demo.myshopify.com", status: 401 }),
    ]);
  });
});
