// Shop.shopPolicies, Shop.shipsToCountries and shopPolicyUpdate at the
// stand-in, shaped as 2026-07 answers them; each shop's edits are its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STORE_KNOWLEDGE_QUERY } from "../../knowledge/store-knowledge.server";
import type { ShopifyAdminStandIn } from "./server";
import { editShopPolicy, OTHER_SHOP_DOMAIN, OTHER_TOKEN, postGraphQL, startTestStandIn } from "./test-support";

let standIn: ShopifyAdminStandIn;
beforeAll(async () => {
  standIn = await startTestStandIn();
});
afterAll(() => standIn.close());

const FULL = `{ shop { shipsToCountries shopPolicies { id type title body url createdAt updatedAt translations(locale: "fr") { key value } } } }`;

describe("shop policies", () => {
  it("serves the app's knowledge query (validated against the real schema) with the demo shop's policies and countries", async () => {
    const { status, body } = await postGraphQL(standIn, STORE_KNOWLEDGE_QUERY);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.shop.shipsToCountries).toEqual(["US", "CA"]);
    expect(body.data?.shop.shopPolicies.map((policy: { type: string }) => policy.type)).toEqual([
      "REFUND_POLICY",
      "SHIPPING_POLICY",
      "PRIVACY_POLICY",
      "TERMS_OF_SERVICE",
      "CONTACT_INFORMATION",
    ]);
  });

  it("derives id, title and url from the type", async () => {
    const { body } = await postGraphQL(standIn, FULL);
    const refund = body.data?.shop.shopPolicies.find((policy: { type: string }) => policy.type === "REFUND_POLICY");
    expect(refund).toMatchObject({
      id: expect.stringMatching(/^gid:\/\/shopify\/ShopPolicy\/\d+$/),
      title: "Refund policy",
      url: "https://harborandpine.example/policies/refund-policy",
      translations: [],
    });
    expect(refund.body).toContain("<strong>30 days</strong>");
  });

  it("an edit changes what the next query returns, for that shop only; an empty body hides the policy", async () => {
    const edited = await editShopPolicy(standIn, "REFUND_POLICY", "<p>Returns within 60 days.</p>");
    expect(edited.body.data?.shopPolicyUpdate).toMatchObject({ shopPolicy: { type: "REFUND_POLICY", body: "<p>Returns within 60 days.</p>" }, userErrors: [] });
    const { body } = await postGraphQL(standIn, STORE_KNOWLEDGE_QUERY);
    expect(body.data?.shop.shopPolicies.find((policy: { type: string }) => policy.type === "REFUND_POLICY").body).toBe("<p>Returns within 60 days.</p>");

    const other = await postGraphQL(standIn, STORE_KNOWLEDGE_QUERY, { shop: OTHER_SHOP_DOMAIN, token: OTHER_TOKEN });
    expect(other.body.data?.shop.shopPolicies.find((policy: { type: string }) => policy.type === "REFUND_POLICY").body).toContain("30 days");

    await editShopPolicy(standIn, "PRIVACY_POLICY", "");
    const after = await postGraphQL(standIn, STORE_KNOWLEDGE_QUERY);
    expect(after.body.data?.shop.shopPolicies.map((policy: { type: string }) => policy.type)).not.toContain("PRIVACY_POLICY");
  });

  it("refuses a body over 512 KB with TOO_BIG and keeps the policy", async () => {
    const { body } = await editShopPolicy(standIn, "SHIPPING_POLICY", "x".repeat(512 * 1024 + 1));
    expect(body.data?.shopPolicyUpdate).toEqual({
      shopPolicy: null,
      userErrors: [{ field: ["shopPolicy", "body"], message: expect.stringContaining("too big"), code: "TOO_BIG" }],
    });
  });

  it("refuses a policy type that does not exist (schema validation)", async () => {
    const { body } = await editShopPolicy(standIn, "RETURNS", "x");
    expect(body.errors?.[0]?.message).toMatch(/RETURNS/);
  });
});
