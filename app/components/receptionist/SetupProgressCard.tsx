// The receptionist page while a setup runs: its steps (assistant, number,
// live) as they complete, or, when no process is on it any more (the worker
// is down as well as the request that started it), a "stalled" banner with
// a button that resumes it.
import { Banner, BlockStack, Card, Icon, InlineStack, Spinner, Text } from "@shopify/polaris";
import { CheckCircleIcon } from "@shopify/polaris-icons";
import type { ReceptionistView } from "../../receptionist/receptionist-view.server";

type Steps = ReceptionistView["setupSteps"];

export function SetupProgressCard({ steps, stalled, onResume }: { steps: Steps; stalled: boolean; onResume: () => void }) {
  const current = steps.find((step) => step.state === "current");
  if (stalled) {
    return (
      <Banner tone="warning" title="Setup stalled" action={{ content: "Resume setup", onAction: onResume }}>
        <p>
          The setup stopped at “{(current?.label ?? "the first step").toLowerCase()}” and nothing has moved since. Resuming picks up where it stopped: nothing
          is bought twice.
        </p>
      </Banner>
    );
  }
  const done = steps.filter((step) => step.state === "complete").length;
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Setting up your AI receptionist…
        </Text>
        {/* Read out as each step completes. */}
        <div role="status" aria-live="polite">
          <Text as="p" tone="subdued">{`Step ${Math.min(done + 1, steps.length)} of ${steps.length}. This usually takes under a minute.`}</Text>
        </div>
        <ol aria-label="Setup steps" style={{ listStyle: "none", margin: 0, padding: 0, display: "grid", gap: "var(--p-space-300)" }}>
          {steps.map((step) => (
            <li key={step.key} data-testid={`setup-step-${step.key}`} data-state={step.state}>
              <InlineStack gap="200" blockAlign="center" wrap={false}>
                <span style={{ width: 20, display: "inline-flex", justifyContent: "center" }}>
                  {step.state === "complete" ? (
                    <Icon source={CheckCircleIcon} tone="success" accessibilityLabel="Done" />
                  ) : step.state === "current" ? (
                    <Spinner size="small" accessibilityLabel="In progress" />
                  ) : (
                    <span aria-hidden="true">○</span>
                  )}
                </span>
                <Text as="span" tone={step.state === "waiting" ? "subdued" : undefined} fontWeight={step.state === "current" ? "semibold" : undefined}>
                  {step.label}
                </Text>
              </InlineStack>
            </li>
          ))}
        </ol>
      </BlockStack>
    </Card>
  );
}
