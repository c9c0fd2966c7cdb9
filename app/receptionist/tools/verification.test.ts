import { describe, expect, it } from "vitest";
import { normalizeEmail, normalizePostalCode, orderNumberOf, sameEmail, samePostalCode, toE164 } from "./verification";

describe("caller matching helpers", () => {
  it("reads caller IDs as E.164, and nothing else", () => {
    expect(toE164("+16175550101")).toBe("+16175550101");
    expect(toE164("(617) 555-0101")).toBe("+16175550101");
    expect(toE164("+44 20 7183 8750")).toBe("+442071838750");
    for (const value of [null, undefined, "", "anonymous", "123", 16175550101]) expect(toE164(value)).toBeNull();
  });

  it("reads order numbers the way callers and the model say them", () => {
    for (const value of ["1001", "#1001", "order 1001", "Order number #1001", 1001]) expect(orderNumberOf(value)).toBe("1001");
    for (const value of ["", "the blue one", null, "1234567890123"]) expect(orderNumberOf(value)).toBeNull();
  });

  it("compares emails without case or spaces", () => {
    const claimed = normalizeEmail(" Emma.Johnson @Example.com")!;
    expect(sameEmail(claimed, "emma.johnson@example.com")).toBe(true);
    expect(sameEmail(claimed, "emma.johnson@example.org")).toBe(false);
    expect(sameEmail(claimed, null)).toBe(false);
    expect(normalizeEmail("not an email")).toBeNull();
  });

  it("compares postal codes, including ZIP+4, but not prefixes", () => {
    const zip = normalizePostalCode("02108")!;
    expect(samePostalCode(zip, "02108")).toBe(true);
    expect(samePostalCode(zip, "02108-4411")).toBe(true);
    expect(samePostalCode(normalizePostalCode("02108 4411")!, "02108")).toBe(true);
    expect(samePostalCode(normalizePostalCode("k1a 0b1")!, "K1A 0B1")).toBe(true);
    expect(samePostalCode(normalizePostalCode("0210")!, "02108")).toBe(false);
    expect(samePostalCode(zip, null)).toBe(false);
    expect(normalizePostalCode("1")).toBeNull();
  });
});
