// What the receptionist page shows while a setup runs (pure): the step, and
// "stalled" once no process has held the lease for a while.
import { describe, expect, it } from "vitest";
import { provisioningProgress, PROVISIONING_LEASE_MS, STALLED_AFTER_LEASE_MS } from "./provisioning.server";

const NOW = new Date("2026-12-01T12:00:00Z");
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

describe("provisioningProgress", () => {
  it.each([
    ["active: no progress", { receptionistStatus: "active", provisioningStep: null, provisioningLeaseUntil: null }, null],
    ["failed: no progress (the form shows the error)", { receptionistStatus: "failed", provisioningStep: "number", provisioningLeaseUntil: null }, null],
    [
      "just started, lease held",
      { receptionistStatus: "provisioning", provisioningStep: null, provisioningLeaseUntil: at(PROVISIONING_LEASE_MS) },
      { step: null, stepNumber: 0, stalled: false },
    ],
    [
      "on the number, lease held",
      { receptionistStatus: "provisioning", provisioningStep: "number", provisioningLeaseUntil: at(10_000) },
      { step: "number", stepNumber: 2, stalled: false },
    ],
    [
      "lease just ran out: the watchdog is about to take over",
      { receptionistStatus: "provisioning", provisioningStep: "activation", provisioningLeaseUntil: at(-5_000) },
      { step: "activation", stepNumber: 3, stalled: false },
    ],
    [
      "lease ran out long ago: stalled",
      { receptionistStatus: "provisioning", provisioningStep: "assistant", provisioningLeaseUntil: at(-STALLED_AFTER_LEASE_MS - 1) },
      { step: "assistant", stepNumber: 1, stalled: true },
    ],
    [
      "no lease at all (a run from before leases had tokens): stalled",
      { receptionistStatus: "provisioning", provisioningStep: null, provisioningLeaseUntil: null },
      { step: null, stepNumber: 0, stalled: true },
    ],
    [
      "an unknown step name is shown as no step",
      { receptionistStatus: "provisioning", provisioningStep: "bogus", provisioningLeaseUntil: at(10_000) },
      { step: null, stepNumber: 0, stalled: false },
    ],
  ] as const)("%s", (_, shop, expected) => {
    const progress = provisioningProgress({ ...shop }, NOW);
    expect(progress).toEqual(expected === null ? null : { ...expected, totalSteps: 3 });
  });
});
