import { describe, expect, it } from "vitest";
import { DEFAULT_AREA_CODES, initialAreaCodes, unavailableAreaCodeHint, withSuggestions } from "./area-codes";

describe("initialAreaCodes", () => {
  it.each([
    [undefined, ["800", "888", "877", "866", "212", "415", "510"]],
    ["415", ["415", "800", "888", "877", "866", "212", "510"]],
    ["303", ["303", "800", "888", "877", "866", "212", "415", "510"]],
    ["099", ["800", "888", "877", "866", "212", "415", "510"]], // not a US area code
  ])("preferred %s -> %j", (preferred, expected) => {
    expect(initialAreaCodes(preferred, DEFAULT_AREA_CODES)).toEqual(expected);
  });
});

describe("unavailableAreaCodeHint", () => {
  it.each([
    ["This area code is currently not available. Hint: Try one of 562, 662, 716.", true, ["562", "662", "716"]],
    ["This area code is currently not available.", true, []],
    ["numberDesiredAreaCode must be a 3 digit string", false, []],
    ["Something else went wrong", false, []],
  ])("%s", (message, unavailable, suggested) => {
    expect(unavailableAreaCodeHint(message)).toEqual({ unavailable, suggested });
  });
});

describe("withSuggestions", () => {
  it.each([
    // Suggestions first (they have numbers now), then the rest of the configured codes; no repeats, nothing tried twice.
    [
      ["212", "415"],
      ["800", "562"],
      ["562", "662", "415"],
      ["662", "415", "212"],
    ],
    [["212", "415"], ["800"], [], ["212", "415"]],
    [[], ["800"], ["562", "662"], ["562", "662"]],
    [["212"], ["800"], ["800"], ["212"]],
  ])("queue %j, tried %j, suggested %j -> %j", (queue, tried, suggested, expected) => {
    expect(withSuggestions(queue, new Set(tried), suggested)).toEqual(expected);
  });
});
