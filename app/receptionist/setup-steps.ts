// The setup's steps as the merchant follows them (pure): the assistant, the
// phone number, then live. Provisioning records the step a run is on
// (Shop.provisioningStep); every step before it has completed.
import { PROVISIONING_STEPS, type ProvisioningStep } from "./provisioning.server";

export type SetupStepState = "complete" | "current" | "waiting";

export interface SetupStep {
  key: ProvisioningStep;
  label: string;
  state: SetupStepState;
}

const STEP_LABELS: Record<ProvisioningStep, { doing: string; done: string; waiting: string }> = {
  assistant: { doing: "Creating your assistant", done: "Assistant created", waiting: "Create your assistant" },
  number: { doing: "Getting a phone number", done: "Phone number ready", waiting: "Get a phone number" },
  activation: { doing: "Going live", done: "Live", waiting: "Go live" },
};

/** Each step with its state; `current` null means the run has not reached its first step yet. */
export function setupSteps(current: ProvisioningStep | null): SetupStep[] {
  // Before the first step the assistant is what is being worked on.
  const position = current ? PROVISIONING_STEPS.indexOf(current) : 0;
  return PROVISIONING_STEPS.map((key, index) => {
    const state: SetupStepState = index < position ? "complete" : index === position ? "current" : "waiting";
    const labels = STEP_LABELS[key];
    return { key, state, label: state === "complete" ? labels.done : state === "current" ? labels.doing : labels.waiting };
  });
}
