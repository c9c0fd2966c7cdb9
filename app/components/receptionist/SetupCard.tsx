// The setup form: the settings the receptionist starts with, inline errors
// for a setting that is not valid, and a banner (with a link to support)
// when the setup itself failed or got no answer.
import { BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { ReceptionistActionResult } from "../../receptionist/receptionist-submit";
import type { ReceptionistView } from "../../receptionist/receptionist-view.server";
import { FailureBanner } from "./FailureBanner";
import { SettingsFormFields, useSettingsFields, type SettingsValues } from "./SettingsFields";

export function SetupCard({
  view,
  failure,
  onSubmit,
}: {
  view: Pick<ReceptionistView, "settings" | "voices" | "supportUrl" | "lastError">;
  /** The last setup request's failure, if it failed. */
  failure: Extract<ReceptionistActionResult, { ok: false }> | null;
  onSubmit: (settings: SettingsValues) => void;
}) {
  const fields = useSettingsFields(view.settings);
  // A setting the merchant can fix is shown at its field, not as a failed setup.
  const invalid = failure?.code === "VALIDATION_ERROR" && failure.fields && Object.keys(failure.fields).length > 0;
  const failureMessage = invalid ? null : (failure?.message ?? view.lastError);
  return (
    <BlockStack gap="400">
      {failureMessage && (
        <FailureBanner
          title={failure?.code === "NO_ANSWER" ? "The setup request got no answer" : "Setup did not finish"}
          message={`${failureMessage} Set it up again below: anything already created is reused.`}
          supportUrl={view.supportUrl}
        />
      )}
      <Card>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            onSubmit(fields.values);
          }}
        >
          <BlockStack gap="400">
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Set up your AI receptionist
              </Text>
              <Text as="p" tone="subdued">
                Your store gets its own phone number, answered by an assistant that knows your products and can look up orders for verified callers.
              </Text>
            </BlockStack>
            <SettingsFormFields fields={fields} voices={view.voices} errors={invalid ? failure.fields : undefined} showAreaCode />
            <InlineStack align="end">
              <Button variant="primary" submit>
                Set up AI receptionist
              </Button>
            </InlineStack>
          </BlockStack>
        </form>
      </Card>
    </BlockStack>
  );
}
