// The preinstall check evaluates package.json's engines range as npm would.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { satisfies } from "../../scripts/check-node-version.mjs";

const range = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).engines.node as string;

describe("the engines range", () => {
  it("is the documented one", () => expect(range).toBe(">=20.19 <21 || >=22.12"));

  it.each([
    ["v20.19.0", true],
    ["v20.20.2", true],
    ["v22.12.0", true],
    ["v22.23.0", true],
    ["v24.1.0", true],
    ["v20.10.0", false], // ERR_REQUIRE_ESM at boot
    ["v20.18.3", false],
    ["v21.7.3", false],
    ["v22.11.0", false],
    ["v18.20.4", false],
  ])("Node %s: %s", (version, allowed) => {
    expect(satisfies(version, range)).toBe(allowed);
  });

  it("refuses a comparator it cannot read instead of guessing", () => {
    expect(() => satisfies("v22.12.0", "^22")).toThrow(/Unsupported engines comparator/);
  });
});
