import { describe, expect, it } from "vitest";
import { draftAfterLoad } from "./useFormDraft";

const on = { name: "Dana", active: true };
const off = { name: "Dana", active: false };
const renamed = { name: "Dana Whitfield", active: true };

describe("draftAfterLoad", () => {
  it.each([
    // An untouched form follows what is loaded (another tab paused calls), and a next edit starts from it.
    ["untouched, paused elsewhere", { values: on, origin: on }, on, off, { values: off, origin: off }],
    // An edited form keeps its edits, and what they started from: calls were on when the name was edited.
    ["edited, then paused elsewhere", { values: renamed, origin: on }, on, off, { values: renamed, origin: on }],
    // Saved as it is (the loader now has the edits): it is untouched again, from the saved values.
    ["edited, then saved", { values: renamed, origin: on }, on, renamed, { values: renamed, origin: renamed }],
    ["edited, a revalidation of the same values", { values: renamed, origin: on }, on, on, { values: renamed, origin: on }],
  ])("%s", (_name, current, previous, saved, expected) => {
    expect(draftAfterLoad(current, previous, saved)).toEqual(expected);
  });
});
