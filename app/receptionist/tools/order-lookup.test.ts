// order_lookup against the Admin API stand-in, through the app's real
// unauthenticated.admin path: details only for a verified caller.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EMMA_PHONE, startToolsTestEnv, type ToolsTestEnv } from "./test-support";

let env: ToolsTestEnv;
let lookup: (args: Record<string, unknown>, caller?: string | null, callId?: string) => Promise<string>;

beforeAll(async () => {
  env = await startToolsTestEnv();
  const { lookupOrder } = await import("./order-lookup.server");
  lookup = (args, caller = null, callId = randomUUID()) => lookupOrder(args, { shop: env.shopA, callerNumber: caller, callId });
});
beforeEach(() => env.standIn.reset());
afterAll(() => env.standIn.close());

/** Anything about order #1001 beyond its existence. */
const ORDER_1001_DETAILS = [/paid/i, /shipped/i, /delivered/i, /Flannel/, /Socks/, /1Z999AA10123456784/, /UPS/, /tracking number/i, /02108/, /emma/i, /September/];

function expectNoDetails(answer: string, details = ORDER_1001_DETAILS) {
  for (const detail of details) expect(answer).not.toMatch(detail);
}

const ORDER_1001 =
  "Order #1001, placed September 28, 2026, is paid and shipped, with 1 Flannel Button-Up Shirt and 2 Wool Hiking Socks (3-Pack). " +
  "Tracking: UPS tracking number 1Z999AA10123456784, delivered.";

describe("an unverified caller", () => {
  it("hears that the order exists and is asked for the email or postal code, and nothing else", async () => {
    for (const orderNumber of ["1001", "#1001", "order 1001", "Order number #1001"]) {
      const answer = await lookup({ orderNumber });
      expect(answer).toBe(
        "Order #1001 exists, but its details can only be shared after verifying the caller. " +
          "Ask for the email address or the postal code on the order, or offer to take a message for the team.",
      );
      expectNoDetails(answer);
    }
  });

  it("calling from another customer's number gets no details", async () => {
    const answer = await lookup({ orderNumber: "1001" }, "+12125550102"); // Liam's number
    expect(answer).toContain("Order #1001 exists");
    expectNoDetails(answer);
  });

  it("giving a wrong email or postal code gets no details and no hint", async () => {
    for (const claim of [{ email: "liam.chen@example.com" }, { email: "emma.johnson@example.org" }, { postalCode: "10019" }]) {
      const answer = await lookup({ orderNumber: "1001", ...claim });
      expect(answer).toMatch(/^The details the caller gave do not match order #1001\. Do not share anything/);
      expectNoDetails(answer);
    }
  });

  it("is locked out after three wrong answers in one call, even with the right one", async () => {
    const callId = randomUUID();
    await lookup({ orderNumber: "1001", postalCode: "11111" }, null, callId);
    await lookup({ orderNumber: "1001", postalCode: "22222" }, null, callId);
    const third = await lookup({ orderNumber: "1001", postalCode: "33333" }, null, callId);
    expect(third).toContain("do not try to verify again during this call");
    const right = await lookup({ orderNumber: "1001", postalCode: "02108" }, null, callId);
    expect(right).toContain("could not be verified");
    expectNoDetails(right);
    // Another call starts afresh.
    expect(await lookup({ orderNumber: "1001", postalCode: "02108" })).toContain("The caller is verified.");
  });
});

describe("a verified caller", () => {
  it("gets status, items and tracking when the caller ID is the customer's phone, however it is written", async () => {
    for (const caller of [EMMA_PHONE, "(617) 555-0101", "6175550101"]) {
      expect(await lookup({ orderNumber: "#1001" }, caller)).toBe(`The caller is verified. ${ORDER_1001}`);
    }
  });

  it("gets them with the email on the order, in any case", async () => {
    expect(await lookup({ orderNumber: "1001", email: " Emma.Johnson@Example.COM " })).toBe(`The caller is verified. ${ORDER_1001}`);
  });

  it("gets them with the postal code on the order, also as ZIP+4", async () => {
    expect(await lookup({ orderNumber: "1001", postalCode: "02108" })).toBe(`The caller is verified. ${ORDER_1001}`);
    expect(await lookup({ orderNumber: "1001", postalCode: "02108-4411" })).toBe(`The caller is verified. ${ORDER_1001}`);
  });

  it("hears a cancelled order as cancelled, and an unshipped one without tracking", async () => {
    expect(await lookup({ orderNumber: "1003", email: "olivia.martinez@example.com" })).toBe(
      "The caller is verified. Order #1003, placed October 10, 2026, was cancelled on October 11, 2026, refunded, " +
        "with 1 Waxed Canvas Field Jacket. There is no tracking number yet.",
    );
    expect(await lookup({ orderNumber: "1008" }, "+12125550102")).toContain(
      "is paid and shipped, with 1 Down Puffer Vest and 2 Oxford Cloth Shirt. Tracking: UPS tracking number 1Z999AA10123456787, in transit.",
    );
  });

  it("of a guest order can only verify with the order's email", async () => {
    const byEmail = await lookup({ orderNumber: "1007", email: "guest.shopper@example.com" });
    expect(byEmail).toContain("The caller is verified. Order #1007");
    expect(byEmail).toContain("is paid and not shipped yet, with 1 Gift Card and 1 Headlamp 400.");

    const byPostalCode = await lookup({ orderNumber: "1007", postalCode: "02110" });
    expect(byPostalCode).toContain("do not match order #1007");
    expectNoDetails(byPostalCode, [/Gift Card/, /Headlamp/, /paid/]);
  });
});

describe("by caller ID only", () => {
  it("describes the caller's most recent order and offers the others by number", async () => {
    const answer = await lookup({}, EMMA_PHONE);
    expect(answer).toMatch(/^The caller is verified by their phone number\. Their most recent order: Order #1010, placed November 19, 2026, is authorized for payment and not shipped yet/);
    expect(answer).toContain("The caller also has orders #1004 and #1001; offer to check one of those by its number.");
    expect(env.standIn.requests().map((request) => request.rootField)).toEqual(["customers"]);
  });

  it("finds nothing for a number without a customer, and asks for the order number without any caller ID", async () => {
    expect(await lookup({}, "+19785550142")).toMatch(/^No orders were found for the number the caller is calling from/);
    expect(await lookup({}, "anonymous")).toMatch(/^Ask the caller for their order number/);
    expect(await lookup({ orderNumber: "the blue one" })).toMatch(/^That is not an order number/);
  });
});

describe("orders that do not exist", () => {
  it("says so without calling it an error", async () => {
    expect(await lookup({ orderNumber: "4242" }, EMMA_PHONE)).toMatch(/^There is no order number 4242\./);
  });
});

describe("when Shopify withholds protected customer data", () => {
  it("cannot verify by caller ID or email, so asks for the postal code, which still verifies", async () => {
    env.standIn.fail({ partialData: ["phone", "email"], times: Infinity });
    const byCaller = await lookup({ orderNumber: "1001", email: "emma.johnson@example.com" }, EMMA_PHONE);
    expect(byCaller).toContain("Ask the caller to check the postal code on the order");
    expectNoDetails(byCaller);
    expect(await lookup({ orderNumber: "1001", postalCode: "02108" })).toBe(`The caller is verified. ${ORDER_1001}`);
  });

  it("offers a message when nothing can be checked", async () => {
    env.standIn.fail({ partialData: true, times: Infinity });
    const answer = await lookup({ orderNumber: "1001", postalCode: "02108" }, EMMA_PHONE);
    expect(answer).toContain("the caller cannot be verified right now");
    expectNoDetails(answer);
  });

  it("by caller ID, asks for the order number and postal code instead", async () => {
    env.standIn.fail({ partialData: ["phone"] });
    const answer = await lookup({}, EMMA_PHONE);
    expect(answer).toBe(
      "The caller's phone number cannot be matched to orders right now. Ask for the order number and the postal code on the order, or offer to take a message for the team.",
    );
  });
});
