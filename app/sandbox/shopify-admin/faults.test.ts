// Scripted failures behave like Shopify's: THROTTLED in a 200, 5xx bodies,
// protected customer data withheld with partial data, slow and dropped
// responses; rules are consumed, filtered and reset as documented.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ShopifyAdminStandIn } from "./server";
import { OTHER_SHOP_DOMAIN, OTHER_TOKEN, postGraphQL, startTestStandIn } from "./test-support";

const ORDER_WITH_CONTACT = `query OrderContact {
  orders(first: 1, query: "name:#1001") {
    nodes { name customer { firstName defaultPhoneNumber { phoneNumber } defaultEmailAddress { emailAddress } } }
  }
}`;

let standIn: ShopifyAdminStandIn;
beforeAll(async () => {
  standIn = await startTestStandIn();
});
afterEach(() => standIn.reset());
afterAll(() => standIn.close());

describe("fail()", () => {
  it("throttled: 200 with Shopify's THROTTLED error and a drained bucket, once", async () => {
    standIn.fail({ throttled: true });

    const throttled = await postGraphQL(standIn, ORDER_WITH_CONTACT);
    expect(throttled.status).toBe(200);
    expect(throttled.body.data).toBeUndefined();
    expect(throttled.body.errors).toEqual([
      { message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } },
    ]);
    const cost = throttled.body.extensions?.cost;
    expect(cost.actualQueryCost).toBeNull();
    expect(cost.throttleStatus.currentlyAvailable).toBeLessThan(cost.requestedQueryCost);

    const next = await postGraphQL(standIn, ORDER_WITH_CONTACT);
    expect(next.body.data?.orders.nodes[0].name).toBe("#1001");
  });

  it("status 500: Shopify's internal error body", async () => {
    standIn.fail({ status: 500 });
    const { status, body } = await postGraphQL(standIn, "{ shop { name } }");
    expect(status).toBe(500);
    expect(body.errors?.[0]).toMatchObject({
      message: expect.stringContaining("Internal error. Looks like something went wrong on our end."),
      extensions: { code: "INTERNAL_SERVER_ERROR", requestId: expect.any(String) },
    });
  });

  it("partialData: protected customer fields come back null with ACCESS_DENIED errors", async () => {
    standIn.fail({ partialData: ["phone", "email"] });
    const { status, body } = await postGraphQL(standIn, ORDER_WITH_CONTACT);

    expect(status).toBe(200);
    // Name was not withheld; phoneNumber/emailAddress are non-null, so null bubbles to their parents.
    expect(body.data?.orders.nodes[0]).toEqual({
      name: "#1001",
      customer: { firstName: "Emma", defaultPhoneNumber: null, defaultEmailAddress: null },
    });
    expect(body.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([
      ["ACCESS_DENIED", ["orders", "nodes", 0, "customer", "defaultPhoneNumber", "phoneNumber"]],
      ["ACCESS_DENIED", ["orders", "nodes", 0, "customer", "defaultEmailAddress", "emailAddress"]],
    ]);
    expect(body.errors?.[0].message).toContain("This app is not approved to use the phoneNumber field");
  });

  it("errors: arbitrary top-level errors without data", async () => {
    standIn.fail({ errors: [{ message: "Shop is frozen", extensions: { code: "SHOP_INACTIVE" } }] });
    const { body } = await postGraphQL(standIn, "{ shop { name } }");
    expect(body).toEqual({ errors: [{ message: "Shop is frozen", extensions: { code: "SHOP_INACTIVE" } }] });
  });

  it("delayMs and setLatency slow responses down", async () => {
    standIn.fail({ delayMs: 150 });
    let started = Date.now();
    await postGraphQL(standIn, "{ shop { name } }");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    standIn.setLatency(80);
    started = Date.now();
    await postGraphQL(standIn, "{ shop { name } }");
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
  });

  it("dropConnection makes fetch reject", async () => {
    standIn.fail({ dropConnection: true });
    await expect(postGraphQL(standIn, "{ shop { name } }")).rejects.toThrow();
    expect(standIn.requests().at(-1)).toMatchObject({ status: 0, faulted: true });
  });

  it("applies only to matching shop/operation, `times` times, and reset() clears it", async () => {
    standIn.fail({ status: 503, operation: "orders", shop: OTHER_SHOP_DOMAIN, times: 2 });

    expect((await postGraphQL(standIn, "{ shop { name } }", { shop: OTHER_SHOP_DOMAIN, token: OTHER_TOKEN })).status).toBe(200);
    expect((await postGraphQL(standIn, "{ orders(first: 1) { nodes { name } } }")).status).toBe(200);
    for (let attempt = 0; attempt < 2; attempt++) {
      const { status } = await postGraphQL(standIn, "{ orders(first: 1) { nodes { name } } }", { shop: OTHER_SHOP_DOMAIN, token: OTHER_TOKEN });
      expect(status).toBe(503);
    }
    expect((await postGraphQL(standIn, "{ orders(first: 1) { nodes { name } } }", { shop: OTHER_SHOP_DOMAIN, token: OTHER_TOKEN })).status).toBe(200);

    standIn.fail({ status: 500, times: Infinity });
    standIn.reset();
    expect((await postGraphQL(standIn, "{ shop { name } }")).status).toBe(200);
    expect(standIn.requests()).toHaveLength(1);
  });
});
