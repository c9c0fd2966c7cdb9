// The stand-in's metafield mutations: validated against the 2026-07 schema
// like every query, stored per shop, with Shopify's userErrors for bad input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP_DOMAIN } from "../fixtures/demo-shop";
import type { ShopifyAdminStandIn } from "./server";
import { OTHER_SHOP_DOMAIN, OTHER_TOKEN, postGraphQL, startTestStandIn } from "./test-support";

let standIn: ShopifyAdminStandIn;
beforeAll(async () => {
  standIn = await startTestStandIn();
});
afterAll(() => standIn.close());

const SET = `mutation Set($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) { metafields { id namespace key type value } userErrors { field message code } }
}`;
const DELETE = `mutation Delete($metafields: [MetafieldIdentifierInput!]!) {
  metafieldsDelete(metafields: $metafields) { deletedMetafields { key } userErrors { field message } }
}`;

async function installationId(options: { shop?: string; token?: string } = {}): Promise<string> {
  const { body } = await postGraphQL(standIn, "{ currentAppInstallation { id } }", options);
  return body.data!.currentAppInstallation.id as string;
}

describe("metafieldsSet / metafieldsDelete", () => {
  it("stores an app-data metafield per shop, reads it back, and deletes it", async () => {
    const ownerId = await installationId();
    const input = { ownerId, namespace: "receptionist", key: "storefront", type: "json", value: '{"phone":"+14155550123"}' };
    const { body } = await postGraphQL(standIn, SET, { variables: { metafields: [input] } });
    expect(body.data!.metafieldsSet).toMatchObject({ metafields: [{ namespace: "receptionist", key: "storefront", type: "json" }], userErrors: [] });

    const read = await postGraphQL(standIn, '{ currentAppInstallation { metafield(namespace: "receptionist", key: "storefront") { value } } }');
    expect(read.body.data!.currentAppInstallation.metafield).toEqual({ value: '{"phone":"+14155550123"}' });
    expect(standIn.metafields(OTHER_SHOP_DOMAIN)).toEqual([]);

    const identifier = { ownerId, namespace: "receptionist", key: "storefront" };
    const first = await postGraphQL(standIn, DELETE, { variables: { metafields: [identifier] } });
    const again = await postGraphQL(standIn, DELETE, { variables: { metafields: [identifier] } });
    expect(first.body.data!.metafieldsDelete.deletedMetafields).toEqual([{ key: "storefront" }]);
    expect(again.body.data!.metafieldsDelete.deletedMetafields).toEqual([null]);
    expect(standIn.metafields(DEMO_SHOP_DOMAIN)).toEqual([]);
  });

  it("refuses blank values, invalid JSON and another shop's owner, writing nothing", async () => {
    const ownerId = await installationId();
    const otherOwner = await installationId({ shop: OTHER_SHOP_DOMAIN, token: OTHER_TOKEN });
    const { body } = await postGraphQL(standIn, SET, {
      variables: {
        metafields: [
          { ownerId, namespace: "receptionist", key: "a", type: "json", value: "{not json" },
          { ownerId, namespace: "receptionist", key: "b", type: "single_line_text_field", value: " " },
          { ownerId: otherOwner, namespace: "receptionist", key: "c", type: "json", value: "{}" },
        ],
      },
    });
    expect(body.data!.metafieldsSet.metafields).toBeNull();
    expect(body.data!.metafieldsSet.userErrors.map((error: { code: string }) => error.code)).toEqual(["INVALID_VALUE", "BLANK", "INVALID"]);
    expect(standIn.metafields(DEMO_SHOP_DOMAIN)).toEqual([]);
  });

  it("rejects a mutation that does not match the schema", async () => {
    const { body } = await postGraphQL(standIn, 'mutation { metafieldsSet(metafields: [{ key: "k" }]) { userErrors { message } } }');
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0].message).toMatch(/ownerId|value/);
  });
});
