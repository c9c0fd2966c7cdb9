// What a log line may carry, by class of input: secrets by key name at any
// depth and in free text, phone numbers in every written form (and in phone
// fields), ids that look like numbers left alone, errors with their stack,
// cause chain and HTTP detail, and odd values (cycles, depth, bigint, dates).
import { VapiError } from "@vapi-ai/server-sdk";
import { describe, expect, it } from "vitest";
import { REDACTED, sanitizeForLog, sanitizeText, serializeError, type SerializedError } from "./log-sanitize";
import { maskPhonesInText } from "./mask";

describe("secrets by key name, at any depth and in any spelling", () => {
  const secretKeys = [
    "authorization",
    "Authorization",
    "x-vapi-secret",
    "X-Vapi-Secret",
    "x_vapi_secret",
    "xVapiSecret",
    "x-vapi-signature",
    "x-shopify-hmac-sha256",
    "cookie",
    "set-cookie",
    "accessToken",
    "access_token",
    "refreshToken",
    "id_token",
    "idToken",
    "sessionToken",
    "token",
    "apiKey",
    "api_key",
    "apiSecretKey",
    "SHOPIFY_API_SECRET",
    "VAPI_WEBHOOK_SECRET",
    "clientSecret",
    "secret",
    "password",
    "privateKey",
    "hmac",
    "signature",
  ];
  it.each(secretKeys)("%s is redacted at the top, nested and inside arrays", (key) => {
    const value = "s3cr3t-value-123";
    const out = JSON.stringify(sanitizeForLog({ [key]: value, nested: { deeper: { [key]: value } }, list: [{ [key]: value }] }));
    expect(out).not.toContain(value);
    expect(out.split(REDACTED).length - 1).toBe(3);
  });

  const kept = { shopId: "shop_1", callId: "call-1", orderNumber: "1001", code: "VAPI_REJECTED", credentialId: "cred-1", totalTokens: 42, attempt: 3 };
  it("keeps what is no secret (ids, codes, counts)", () => {
    expect(sanitizeForLog(kept)).toEqual(kept);
  });
});

describe("secrets in free text", () => {
  const cases: [string, string, string][] = [
    ["an embedded URL's id_token", "/app?embedded=1&shop=a.myshopify.com&id_token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln&host=YQ", "eyJhbGciOiJIUzI1NiJ9"],
    ["an OAuth callback's code and hmac", "/auth/callback?code=abc123def&hmac=9f8e7d&shop=a.myshopify.com&state=xyz789", "abc123def"],
    ["the hmac of that callback", "/auth/callback?code=abc123def&hmac=9f8e7d&shop=a.myshopify.com", "9f8e7d"],
    ["a bearer header copied into a message", "request failed: Authorization: Bearer eyJraWQiOiJ4In0.eyJhIjoxfQ.sig", "eyJraWQ"],
    ["a bare JWT", "token eyJhbGciOiJIUzI1NiJ9.eyJkZXN0IjoiaHR0cHM6Ly94In0.Zm9v was refused", "eyJkZXN0"],
    ["a Shopify offline token", "saved session with shpat_0123456789abcdef0123456789abcdef", "0123456789abcdef"],
    ["a Shopify refresh token", "refresh with shprt_abcdefabcdef", "abcdefabcdef"],
    ["a basic credential", "proxy said Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"],
    ["a context stringified into text", "Session saved | {shop: a.myshopify.com, accessToken: abc999xyz}", "abc999xyz"],
    ["JSON inside text", 'body {"apiKey":"k-live-777","name":"x"}', "k-live-777"],
    ["a key=value pair", "connecting with password=hunter2 to db", "hunter2"],
    ["a client secret", "client_secret: 0ff1ce", "0ff1ce"],
  ];
  it.each(cases)("%s", (_name, text, secret) => {
    const safe = sanitizeText(text);
    expect(safe).not.toContain(secret);
    expect(safe).toContain(REDACTED);
  });

  it("keeps the harmless parameters of a URL", () => {
    expect(sanitizeText("/app?embedded=1&shop=a.myshopify.com&id_token=x.y.z&host=YQ")).toBe(
      `/app?embedded=1&shop=a.myshopify.com&id_token=${REDACTED}&host=YQ`,
    );
  });
});

describe("phone numbers in text", () => {
  const forms = [
    "+14155550123",
    "+1 415 555 0123",
    "+1 (415) 555-0123",
    "+1-415-555-0123",
    "+1.415.555.0123",
    "(415) 555-0123",
    "415-555-0123",
    "415.555.0123",
    "415 555 0123",
    "4155550123", // bare national number: the shops' default country is US
    "14155550123",
    "1-415-555-0123",
    "tel:+14155550123",
  ];
  it.each(forms)("%s is masked in the middle of a sentence", (form) => {
    const safe = sanitizeText(`please call ${form} after five`);
    expect(safe.replace(/\D/g, "")).not.toContain("5550123");
    expect(safe).toMatch(/415-\*\*\*-\*\*\*\*/);
    expect(safe).toMatch(/^please call .* after five$/);
  });

  const international = ["+44 20 7183 8750", "+442071838750", "+33 1 23 45 67 89", "+49 30 901820", "+61 2 9374 4000", "+81 3-3224-9999"];
  it.each(international)("%s (international) is masked", (form) => {
    const digits = form.replace(/\D/g, "");
    expect(sanitizeText(`from ${form}.`).replace(/\D/g, "")).not.toContain(digits.slice(-6));
  });

  it("the text after a number is kept (libphonenumber may report a match running past it)", () => {
    expect(sanitizeText("tried +442071838750, 555 times")).toBe("tried +44**********, 555 times");
    expect(sanitizeText("dial +1 415 555 0123 ext. 12 now")).toBe("dial +1-415-***-**** ext. 12 now");
  });

  const notPhones = [
    "gid://shopify/Order/5678901234",
    "gid://shopify/Customer/7012345678",
    "call 3f2a4155-5501-23b0-9a8f-000000000000 ended",
    "ts 1733050000123",
    "unix 1733050000",
    "port 127.0.0.1:5432",
    "took 2345 ms on 2026-12-01T11:38:56.000Z",
    "order #1001 of 3 items, $129.00",
    "shop_cm4x9k2l80000abcd4155550123",
  ];
  it.each(notPhones)("%s is not touched", (text) => {
    expect(maskPhonesInText(text)).toBe(text);
  });

  it("fuzz: a random US number in any written form, in random text, never survives", () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const words = ["call", "me", "at", "order", "#1001", "ok", "ID", "x", "—", "(", ")", ",", "."];
    for (let i = 0; i < 300; i++) {
      const area = `${2 + random(8)}${random(10)}${random(10)}`;
      const exchange = `${2 + random(8)}${random(10)}${random(10)}`;
      const line = `${random(10)}${random(10)}${random(10)}${random(10)}`;
      if (area[1] === "1" && area[2] === "1") continue; // N11 codes are service codes, not area codes
      const written = [
        `+1${area}${exchange}${line}`,
        `(${area}) ${exchange}-${line}`,
        `${area}-${exchange}-${line}`,
        `${area}${exchange}${line}`,
        `+1 ${area} ${exchange} ${line}`,
      ][random(5)];
      const text = [words[random(words.length)], written, words[random(words.length)]].join(" ");
      const safe = sanitizeText(text);
      expect(safe.replace(/\D/g, ""), `${text} -> ${safe}`).not.toContain(`${exchange}${line}`);
    }
  });
});

describe("phone fields", () => {
  it.each([
    ["phone", "555 0142 ext 9"],
    ["phoneNumber", "5550142999"],
    ["phoneE164", "+15550142999"],
    ["customerNumber", "555-0142-999"],
    ["forwardingNumber", "+1 555 0142 999"],
    ["to", "15550142999"],
    ["number", "555.014.2999"],
  ])("%s: %s is masked even where text matching would not see a number", (key, value) => {
    const out = JSON.stringify(sanitizeForLog({ customer: { [key]: value } }));
    expect(out.replace(/\D/g, "")).not.toContain("0142");
  });

  it("a short value in a number field is no phone number (an order number stays)", () => {
    expect(sanitizeForLog({ number: "1001", orderNumber: "#1001" })).toEqual({ number: "1001", orderNumber: "#1001" });
  });
});

describe("errors", () => {
  function thrower(): never {
    throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
  }
  function wrapper(): never {
    try {
      thrower();
    } catch (cause) {
      throw new Error("Could not load the shop for +14155550123", { cause });
    }
  }
  function caught(run: () => never): Error {
    try {
      run();
    } catch (error) {
      return error as Error;
    }
  }

  it("keeps the stack of the error and of each cause, masked", () => {
    const serialized = serializeError(caught(wrapper));
    expect(serialized.type).toBe("Error");
    expect(serialized.message).toBe("Could not load the shop for +1-415-***-****");
    expect(serialized.stack).toMatch(/at wrapper/);
    expect(serialized.stack).not.toContain("5550123");
    const cause = serialized.cause as SerializedError;
    expect(cause.message).toBe("connect ECONNREFUSED 127.0.0.1:5432");
    expect(cause.stack).toMatch(/at thrower/);
  });

  it("keeps a VapiError's status and body, with the body's secrets and numbers scrubbed", () => {
    const error = new VapiError({
      message: "Status code: 400",
      statusCode: 400,
      body: { message: ["customer.number +13125550187 is not valid"], error: "Bad Request", apiKey: "sk-live-123" },
      cause: new TypeError("fetch failed"),
    });
    const serialized = serializeError(error);
    expect(serialized.statusCode).toBe(400);
    expect(serialized.body).toEqual({ message: ["customer.number +1-312-***-**** is not valid"], error: "Bad Request", apiKey: REDACTED });
    expect((serialized.cause as SerializedError).type).toBe("TypeError");
    expect(serialized.stack).toBeTruthy();
  });

  it("keeps own properties (code, status) and an AggregateError's errors", () => {
    const inner = Object.assign(new Error("connect ECONNREFUSED ::1:5432"), { code: "ECONNREFUSED", errno: -111 });
    const serialized = serializeError(new AggregateError([inner, new Error("second")], "all attempts failed"));
    expect(serialized.errors).toMatchObject([{ message: "connect ECONNREFUSED ::1:5432", code: "ECONNREFUSED", errno: -111 }, { message: "second" }]);
  });

  it("a non-Error cause, a cause cycle and a long chain end cleanly", () => {
    expect(serializeError(new Error("a", { cause: { reason: "timeout", token: "t" } })).cause).toEqual({ reason: "timeout", token: REDACTED });
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(JSON.stringify(serializeError(a))).toContain("[cause chain cut]");
    let chain = new Error("0");
    for (let i = 1; i < 50; i++) chain = new Error(String(i), { cause: chain });
    expect(JSON.stringify(serializeError(chain)).length).toBeLessThan(20_000);
  });

  it("an error nested in a context is serialized where it sits", () => {
    const out = sanitizeForLog({ resource: { id: "asst-1" }, error: new RangeError("bad") }) as { error: SerializedError };
    expect(out.error).toMatchObject({ type: "RangeError", message: "bad" });
    expect(out.error.stack).toMatch(/RangeError: bad/);
  });
});

describe("odd values", () => {
  it("cycles, depth, bigint, dates, buffers, maps, headers and functions", () => {
    const cyclic: Record<string, unknown> = { name: "a" };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 40; i++) deep = { deep };
    const out = sanitizeForLog({
      cyclic,
      sameTwice: [kept(), kept()],
      deep,
      big: 12n,
      at: new Date("2030-01-01T00:00:00Z"),
      invalid: new Date("nope"),
      buffer: Buffer.from("abc"),
      map: new Map([["authorization", "x"]]),
      headers: new Headers({ Authorization: "Bearer x", "content-type": "application/json" }),
      fn: () => 1,
    }) as Record<string, unknown>;
    expect(out.cyclic).toEqual({ name: "a", self: "[circular]" });
    expect(out.sameTwice).toEqual([{ id: 1 }, { id: 1 }]);
    expect(JSON.stringify(out.deep)).toContain("[too deep]");
    expect(out.big).toBe("12");
    expect(out.at).toBe("2030-01-01T00:00:00.000Z");
    expect(out.invalid).toBe("Invalid Date");
    expect(out.buffer).toBe("[3 bytes]");
    expect(out.map).toEqual({ authorization: REDACTED });
    expect(out.headers).toEqual({ authorization: REDACTED, "content-type": "application/json" });
    expect("fn" in out).toBe(false);
  });
  function kept() {
    return { id: 1 };
  }
});
