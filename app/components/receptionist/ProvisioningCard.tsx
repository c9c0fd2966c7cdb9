// The receptionist page while a setup runs: the step it is on, or, when no
// process is on it any more (the worker is down as well as the request that
// started it), a "stalled" banner with a button that resumes it.
import { Banner, BlockStack, Box, Card, ProgressBar, Spinner, Text } from "@shopify/polaris";
import type { ProvisioningProgress } from "../../receptionist/provisioning.server";

const STEP_LABELS: Record<NonNullable<ProvisioningProgress["step"]>, string> = {
  assistant: "Creating the assistant",
  number: "Getting a phone number",
  activation: "Activating the phone number",
};

export function ProvisioningCard({ progress, resuming, onResume }: { progress: ProvisioningProgress | null; resuming: boolean; onResume: () => void }) {
  const stepLabel = progress?.step ? STEP_LABELS[progress.step] : "Starting";
  const stepLine = progress ? `Step ${Math.max(progress.stepNumber, 1)} of ${progress.totalSteps}: ${stepLabel}` : "Starting";
  if (progress?.stalled && !resuming) {
    return (
      <Banner tone="warning" title="Setup stalled" action={{ content: "Resume setup", onAction: onResume }}>
        <p>The setup stopped at “{stepLabel.toLowerCase()}” and nothing has moved since. Resuming picks up where it stopped: nothing is bought twice.</p>
      </Banner>
    );
  }
  return (
    <Card>
      <Box padding="800">
        <BlockStack gap="400" inlineAlign="center">
          <Spinner accessibilityLabel="Setting up" size="large" />
          <Text as="p" variant="headingMd">
            Setting up your AI receptionist…
          </Text>
          <Text as="p">{stepLine}</Text>
          {progress && (
            <Box width="240px">
              <ProgressBar progress={(Math.max(progress.stepNumber - 1, 0) / progress.totalSteps) * 100} size="small" />
            </Box>
          )}
          <Text as="p" tone="subdued">
            This takes about 30 seconds.
          </Text>
        </BlockStack>
      </Box>
    </Card>
  );
}
