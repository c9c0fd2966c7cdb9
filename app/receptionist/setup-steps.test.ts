// The setup's steps as the receptionist page shows them, for every step a
// run can record (and none yet).
import { describe, expect, it } from "vitest";
import { PROVISIONING_STEPS } from "./provisioning.server";
import { setupSteps } from "./setup-steps";

describe("setupSteps", () => {
  it.each([
    [null, ["current", "waiting", "waiting"], ["Creating your assistant", "Get a phone number", "Go live"]],
    ["assistant", ["current", "waiting", "waiting"], ["Creating your assistant", "Get a phone number", "Go live"]],
    ["number", ["complete", "current", "waiting"], ["Assistant created", "Getting a phone number", "Go live"]],
    ["activation", ["complete", "complete", "current"], ["Assistant created", "Phone number ready", "Going live"]],
  ] as const)("on step %s", (step, states, labels) => {
    const steps = setupSteps(step);
    expect(steps.map((entry) => entry.key)).toEqual([...PROVISIONING_STEPS]);
    expect(steps.map((entry) => entry.state)).toEqual(states);
    expect(steps.map((entry) => entry.label)).toEqual(labels);
  });

  it("always has exactly one step in progress", () => {
    for (const step of [null, ...PROVISIONING_STEPS]) expect(setupSteps(step).filter((entry) => entry.state === "current")).toHaveLength(1);
  });
});
