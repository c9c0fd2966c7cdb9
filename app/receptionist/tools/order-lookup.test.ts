// order_lookup against the Admin API stand-in, through the app's real
// unauthenticated.admin path: details only for a caller who gives a
// knowledge factor (email or postal code on the order); caller ID never
// suffices; wrong factors are capped in Postgres across calls and instances.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { EMMA_PHONE, startToolsTestEnv, type ToolsTestEnv } from "./test-support";

let env: ToolsTestEnv;
let prisma: typeof import("../../db.server").default;
let lookupOrder: typeof import("./order-lookup.server").lookupOrder;
const lookup = (args: Record<string, unknown>, caller: string | null = null, callId: string = randomUUID()) =>
  lookupOrder(args, { shop: env.shopA, callerNumber: caller, callId, toolCallId: "tool-1" });

beforeAll(async () => {
  env = await startToolsTestEnv();
  ({ default: prisma } = await import("../../db.server"));
  ({ lookupOrder } = await import("./order-lookup.server"));
});
beforeEach(async () => {
  env.standIn.reset();
  await prisma.verificationFailure.deleteMany();
});
afterAll(() => env.standIn.close());

/** Anything about order #1001 beyond its existence. */
const ORDER_1001_DETAILS = [
  /paid/i,
  /shipped/i,
  /delivered/i,
  /Flannel/,
  /Socks/,
  /1Z999AA10123456784/,
  /UPS/,
  /tracking number/i,
  /02108/,
  /emma/i,
  /September/,
];

function expectNoDetails(answer: string, details = ORDER_1001_DETAILS) {
  for (const detail of details) expect(answer).not.toMatch(detail);
}

const ORDER_1001 =
  "Order #1001, placed September 28, 2026, is paid and shipped, with 1 Flannel Button-Up Shirt and 2 Wool Hiking Socks (3-Pack). " +
  "Tracking: UPS tracking number 1Z999AA10123456784, delivered (tracking link https://www.ups.com/track?tracknum=1Z999AA10123456784). " +
  "Offer the tracking link by text only if asked; it is also in the shipping confirmation email.";

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

  it("calling from the customer's own number (caller ID) is not enough", async () => {
    for (const caller of [EMMA_PHONE, "(617) 555-0101", "6175550101"]) {
      const answer = await lookup({ orderNumber: "#1001" }, caller);
      expect(answer).toContain("Order #1001 exists, but its details can only be shared after verifying the caller");
      expectNoDetails(answer);
    }
  });
});

describe("a verified caller", () => {
  it("gets status, items and tracking with the email on the order, in any case", async () => {
    expect(await lookup({ orderNumber: "1001", email: " Emma.Johnson@Example.COM " })).toBe(`The caller is verified. ${ORDER_1001}`);
  });

  it("gets them with the postal code on the order, also as ZIP+4", async () => {
    expect(await lookup({ orderNumber: "1001", postalCode: "02108" })).toBe(`The caller is verified. ${ORDER_1001}`);
    expect(await lookup({ orderNumber: "1001", postalCode: "02108-4411" })).toBe(`The caller is verified. ${ORDER_1001}`);
  });

  it("never hears an address, only what the table allows", async () => {
    const answer = await lookup({ orderNumber: "1001", postalCode: "02108" }, EMMA_PHONE);
    expect(answer).not.toMatch(/02108|Beacon|Boston|street|address/i);
  });

  it("hears a cancelled order as cancelled, and an unshipped one without tracking", async () => {
    expect(await lookup({ orderNumber: "1003", email: "olivia.martinez@example.com" })).toBe(
      "The caller is verified. Order #1003, placed October 10, 2026, was cancelled on October 11, 2026, refunded, " +
        "with 1 Waxed Canvas Field Jacket. There is no tracking number yet.",
    );
    expect(await lookup({ orderNumber: "1008", email: "liam.chen@example.com" })).toContain(
      "is paid and shipped, with 1 Down Puffer Vest and 2 Oxford Cloth Shirt. Tracking: UPS tracking number 1Z999AA10123456787, in transit, " +
        "expected to arrive November 22, 2026 (tracking link https://www.ups.com/track?tracknum=1Z999AA10123456787).",
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

describe("wrong factors, capped in Postgres", () => {
  const LOCKED = /^Order lookups are paused for this caller/;

  it("five wrong postal codes lock the order: refused even with the right one, on a new call and on a second instance", async () => {
    for (const [index, postalCode] of ["11111", "22222", "33333", "44444"].entries()) {
      const answer = await lookup({ orderNumber: "1001", postalCode }, null, `call-${index}`); // a redial each time
      expect(answer).toMatch(/do not match order #1001/);
    }
    const fifth = await lookup({ orderNumber: "1001", postalCode: "55555" }, null, "call-fifth");
    expect(fifth).toMatch(LOCKED);

    // A new call with the right postal code.
    const redial = await lookup({ orderNumber: "1001", postalCode: "02108" }, null, "call-redial");
    expect(redial).toMatch(LOCKED);
    expectNoDetails(redial);

    // A second app instance: fresh modules, sharing only the database.
    vi.resetModules();
    const second = await import("./order-lookup.server");
    expect(second.lookupOrder).not.toBe(lookupOrder);
    const elsewhere = await second.lookupOrder(
      { orderNumber: "1001", email: "emma.johnson@example.com" },
      { shop: env.shopA, callerNumber: null, callId: "call-other-instance", toolCallId: "tool-1" },
    );
    expect(elsewhere).toMatch(LOCKED);
    expectNoDetails(elsewhere);

    // The merchant sees it: the call is flagged.
    const flagged = await prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: "call-redial" } });
    expect(flagged).toMatchObject({ shopId: env.shopA.id, verificationLockedAt: expect.any(Date) });
    // Another order is not locked.
    expect(await lookup({ orderNumber: "1003", email: "olivia.martinez@example.com" })).toContain("The caller is verified.");
  });

  it("five wrong factors from one caller number lock that caller, whatever order they try next", async () => {
    const orders = ["1001", "1002", "1003", "1004", "1005"];
    for (const orderNumber of orders) await lookup({ orderNumber, postalCode: "99999" }, "+19785550142");
    const next = await lookup({ orderNumber: "1006", email: "anything@example.com" }, "+19785550142");
    expect(next).toMatch(LOCKED);
    // The same orders from another number, with the right factor, still work (only the caller is locked).
    expect(await lookup({ orderNumber: "1003", email: "olivia.martinez@example.com" }, "+12125550102")).toContain("The caller is verified.");
  });

  // Guesses sent together: the parallel tool calls of one message (answered at once), and deliveries arriving at once.
  it.each([
    ["one message with 20 order lookups", 1, 20],
    ["4 messages of 5 lookups delivered at once", 4, 5],
    ["20 messages of 1 lookup delivered at once", 20, 1],
  ])("%s, each a wrong postal code: at most 5 are ever tried, and the right one after them is refused", async (_label, messages, perMessage) => {
    const { answerToolCalls } = await import("./answer-tool-calls.server");
    const { toolCallsMessage } = await import("./test-support");
    const { MAX_FAILED_VERIFICATIONS } = await import("./verification-attempts.server");
    const answered = await Promise.all(
      Array.from({ length: messages }, (_, m) =>
        answerToolCalls(
          env.shopA,
          toolCallsMessage(
            Array.from({ length: perMessage }, (_, i) => ({
              id: `tool-${m}-${i}`,
              name: "order_lookup",
              args: { orderNumber: "1001", postalCode: String(10_000 + m * 100 + i) },
            })),
            { callId: `call-burst-${m}` },
          ),
        ),
      ),
    );
    const answers = answered.flatMap(({ results }) => results.map(({ result }) => result));
    expect(answers).toHaveLength(20);
    for (const answer of answers) {
      expect(answer).toMatch(/do not match order #1001|^Order lookups are paused for this caller|^The order cannot be checked right now/);
      expectNoDetails(answer);
    }
    // Each guess counts those sent with it: past the cap, they are refused untried (possibly all of them).
    const triedInBurst = await prisma.verificationFailure.count({ where: { shopId: env.shopA.id, orderNumber: "1001" } });
    expect(triedInBurst).toBeLessThanOrEqual(MAX_FAILED_VERIFICATIONS);
    // (A wrong answer counts those still being tried too, so it may already be told the lookups are paused.)
    expect(answers.filter((answer) => /do not match/.test(answer)).length).toBeLessThanOrEqual(Math.min(triedInBurst, MAX_FAILED_VERIFICATIONS - 1));

    // Guessing on, one at a time: the cap is reached after exactly 5 tried in all, then even the right one is refused.
    for (let guess = 0; guess < MAX_FAILED_VERIFICATIONS - triedInBurst; guess++) {
      await lookup({ orderNumber: "1001", postalCode: String(30_000 + guess) }, null, `call-after-burst-${guess}`);
    }
    expect(await prisma.verificationFailure.count({ where: { shopId: env.shopA.id, orderNumber: "1001" } })).toBe(MAX_FAILED_VERIFICATIONS);
    const right = await lookup({ orderNumber: "1001", postalCode: "02108" }, null, "call-after-burst");
    expect(right).toMatch(LOCKED);
    expectNoDetails(right);
  });

  it("6 right factors sent together (one caller checking an order in parallel) are all told, the last after its turn, and nothing is counted", async () => {
    const { answerToolCalls } = await import("./answer-tool-calls.server");
    const { toolCallsMessage } = await import("./test-support");
    const { results } = await answerToolCalls(
      env.shopA,
      toolCallsMessage(
        Array.from({ length: 6 }, (_, i) => ({
          id: `tool-right-${i}`,
          name: "order_lookup",
          args: { orderNumber: "1001", email: "emma.johnson@example.com" },
        })),
        { callId: "call-parallel-right", caller: EMMA_PHONE },
      ),
    );
    expect(results.map(({ result }) => result)).toEqual(Array.from({ length: 6 }, () => `The caller is verified. ${ORDER_1001}`));
    expect(await prisma.verificationFailure.count()).toBe(0);
    expect((await prisma.callSession.findUnique({ where: { vapiCallId: "call-parallel-right" } }))?.verificationLockedAt ?? null).toBeNull();
  });

  it("factors left pending by a process that died count as wrong; ones still being tested elsewhere make a new one wait, then give up without a lock", async () => {
    const { MAX_FAILED_VERIFICATIONS } = await import("./verification-attempts.server");
    const pending = (ago: number, orderNumber: string) =>
      prisma.verificationFailure.createMany({
        data: Array.from({ length: MAX_FAILED_VERIFICATIONS }, (_, i) => ({
          shopId: env.shopA.id,
          orderNumber,
          callerNumber: null,
          vapiCallId: "elsewhere",
          toolCallId: `t-${orderNumber}-${i}`,
          pending: true,
          failedAt: new Date(Date.now() - ago),
        })),
      });
    await pending(2 * 60_000, "1001"); // two minutes old: that process is gone
    expect(await lookup({ orderNumber: "1001", postalCode: "02108" }, null, "call-after-crash")).toMatch(LOCKED);

    await pending(0, "1004"); // being tested right now, and never settled during the wait
    const started = Date.now();
    const answer = await lookup({ orderNumber: "1004", email: "emma.johnson@example.com" }, null, "call-busy");
    expect(answer).toMatch(/^The order cannot be checked right now\. Do not try again during this call/);
    expectNoDetails(answer);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);
    expect(await prisma.verificationFailure.count({ where: { orderNumber: "1004" } })).toBe(MAX_FAILED_VERIFICATIONS);
    expect((await prisma.callSession.findUnique({ where: { vapiCallId: "call-busy" } }))?.verificationLockedAt ?? null).toBeNull();
  });

  it("the right factor among guesses sent together is told only while the cap allows it: never more than 5 wrong ones are tried", async () => {
    const { answerToolCalls } = await import("./answer-tool-calls.server");
    const { toolCallsMessage } = await import("./test-support");
    const guesses = [...Array.from({ length: 19 }, (_, i) => String(20_000 + i)), "02108"];
    const { results } = await answerToolCalls(
      env.shopA,
      toolCallsMessage(
        guesses.map((postalCode, i) => ({ id: `tool-${i}`, name: "order_lookup", args: { orderNumber: "1001", postalCode } })),
        { callId: "call-burst-right" },
      ),
    );
    const wrongTried = await prisma.verificationFailure.count({ where: { shopId: env.shopA.id, orderNumber: "1001" } });
    const told = results.filter(({ result }) => result.startsWith("The caller is verified.")).length;
    expect(told).toBeLessThanOrEqual(1);
    // A right answer is not a wrong one (its slot frees for the next guess), so the cap bounds the wrong ones tried.
    expect(wrongTried).toBeLessThanOrEqual(5);
    const answered = results.filter(({ result }) =>
      /do not match|^Order lookups are paused|^The order cannot be checked right now|^The caller is verified/.test(result),
    );
    expect(answered).toHaveLength(20);
  });

  it("a tool call Vapi delivers again counts once; a right factor and a refused one count nothing", async () => {
    const again = () =>
      lookupOrder(
        { orderNumber: "1001", postalCode: "99999" },
        { shop: env.shopA, callerNumber: EMMA_PHONE, callId: "call-retried", toolCallId: "tool-retried" },
      );
    const answers = [await again(), await again(), await again()];
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toMatch(/do not match order #1001/);
    expect(await prisma.verificationFailure.count()).toBe(1);

    expect(await lookup({ orderNumber: "1001", postalCode: "02108" }, EMMA_PHONE, "call-right")).toBe(`The caller is verified. ${ORDER_1001}`);
    expect(await prisma.verificationFailure.count()).toBe(1);

    await prisma.verificationFailure.createMany({
      data: Array.from({ length: 5 }, () => ({ shopId: env.shopA.id, orderNumber: "1004", callerNumber: null, vapiCallId: "old-call" })),
    });
    expect(await lookup({ orderNumber: "1004", postalCode: "02108" }, null, "call-refused")).toMatch(LOCKED);
    expect(await prisma.verificationFailure.count()).toBe(6);
  });

  it("wrong factors older than the window no longer count", async () => {
    const old = new Date(Date.now() - 25 * 60 * 60 * 1000);
    await prisma.verificationFailure.createMany({
      data: Array.from({ length: 5 }, () => ({ shopId: env.shopA.id, orderNumber: "1001", callerNumber: null, vapiCallId: "old", failedAt: old })),
    });
    expect(await lookup({ orderNumber: "1001", postalCode: "02108" })).toBe(`The caller is verified. ${ORDER_1001}`);
  });

  it("the counts are per shop: shop B's failures do not lock shop A's order #1001", async () => {
    await prisma.verificationFailure.createMany({
      data: Array.from({ length: 5 }, () => ({ shopId: env.shopB.id, orderNumber: "1001", callerNumber: EMMA_PHONE, vapiCallId: "b" })),
    });
    expect(await lookup({ orderNumber: "1001", postalCode: "02108" }, EMMA_PHONE)).toBe(`The caller is verified. ${ORDER_1001}`);
  });
});

describe("by caller ID only", () => {
  it("says at most that an order exists, without its number, and asks for the factor", async () => {
    const answer = await lookup({}, EMMA_PHONE);
    expect(answer).toBe(
      "There is an order for the number the caller is calling from, but a phone number alone does not verify the caller. " +
        "Do not share anything about it, not even its number. Ask for the email address or the postal code on the order " +
        "(and the order number if they have it), or offer to take a message for the team.",
    );
    expectNoDetails(answer);
    expect(answer).not.toMatch(/1010|1004|1001/);
  });

  it("with the correct postal code, describes the most recent order it matches", async () => {
    const answer = await lookup({ postalCode: "02108" }, EMMA_PHONE);
    expect(answer).toMatch(/^The caller is verified\. Order #1010, placed November 19, 2026, is authorized for payment and not shipped yet/);
    // The caller's other orders the same postal code verifies are listed briefly (status, delivery), never more.
    expect(answer).toContain(
      "Their other orders: #1004, placed October 18, 2026, partly shipped, delivered on October 21, 2026; #1001, placed September 28, 2026, shipped, delivered on October 2, 2026.",
    );
    expect(answer).not.toMatch(/Beacon|Boston|street|address/i);
  });

  it("with a wrong factor, shares nothing and counts the failure against the caller", async () => {
    const answer = await lookup({ postalCode: "90210" }, EMMA_PHONE);
    expect(answer).toMatch(/do not match; ask them to check/);
    expectNoDetails(answer);
    expect(await prisma.verificationFailure.count({ where: { shopId: env.shopA.id, callerNumber: EMMA_PHONE } })).toBe(1);
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

describe("one call's wrong answers", () => {
  it("count together whatever orders they name: a call with caller ID withheld cannot guess its way through the orders", async () => {
    const { MAX_FAILED_VERIFICATIONS } = await import("./verification-attempts.server");
    const callId = randomUUID();
    // Each its own tool call (one tool call delivered again counts once).
    const inCall = (args: Record<string, unknown>, toolCallId: string) => lookupOrder(args, { shop: env.shopA, callerNumber: null, callId, toolCallId });
    for (let guess = 0; guess < MAX_FAILED_VERIFICATIONS; guess++) {
      const answer = await inCall({ orderNumber: String(2001 + guess), postalCode: "02108" }, `guess-${guess}`);
      // The last wrong answer the cap allows is told the lookups are paused.
      expect(answer).toMatch(guess < MAX_FAILED_VERIFICATIONS - 1 ? /^There is no order number/ : /^Order lookups are paused for this caller/);
    }
    // The sixth try, on a real order with its right postal code: refused on this call.
    const refused = await inCall({ orderNumber: "1001", postalCode: "02108" }, "sixth");
    expect(refused).toMatch(/^Order lookups are paused for this caller/);
    expectNoDetails(refused);
    // Another call is not held back by this one's guesses (each order was guessed once).
    expect(await lookup({ orderNumber: "1001", postalCode: "02108" }, null)).toBe(`The caller is verified. ${ORDER_1001}`);
  });
});

describe("when Shopify withholds protected customer data", () => {
  it("cannot verify by email, so asks for the postal code, which still verifies", async () => {
    env.standIn.fail({ partialData: ["phone", "email"], times: Infinity });
    const byCaller = await lookup({ orderNumber: "1001", email: "emma.johnson@example.com" }, EMMA_PHONE);
    expect(byCaller).toContain("The email address cannot be checked right now (the details were not wrong). Ask for the postal code on the order instead");
    expect(byCaller).not.toContain("do not match");
    expectNoDetails(byCaller);
    expect(await lookup({ orderNumber: "1001", postalCode: "02108" })).toBe(`The caller is verified. ${ORDER_1001}`);
  });

  it.each([
    ["by order number", { orderNumber: "1001" }, null],
    ["by caller ID", {}, EMMA_PHONE],
  ])("an email it cannot check is never counted as a wrong answer, %s: asked again and again, nothing locks", async (_label, args, caller) => {
    env.standIn.fail({ partialData: ["email"], times: Infinity });
    const { MAX_FAILED_VERIFICATIONS } = await import("./verification-attempts.server");
    for (let index = 0; index <= MAX_FAILED_VERIFICATIONS; index++) {
      const answer = await lookup({ ...args, email: "emma.johnson@example.com" }, caller);
      expect(answer).toContain("The email address cannot be checked right now");
      expectNoDetails(answer);
    }
    expect(await prisma.verificationFailure.count()).toBe(0);
    expect(await lookup({ ...args, postalCode: "02108" }, caller)).toMatch(/^The caller is verified\. /);
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
