// The setup form: the settings the receptionist starts with, inline errors
// for a setting that is not valid (focus moves to the first), and a banner
// with a link to support when the setup itself failed or got no answer.
import { BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useFocusOnFailure } from "../forms/useFocusOnFailure";
import { useFormDraft } from "../forms/useFormDraft";
import type { ReceptionistActionResult } from "../../receptionist/receptionist-submit";
import type { ReceptionistView } from "../../receptionist/receptionist-view.server";
import { RequestFailure } from "./RequestFailure";
import { SettingsFormFields, invalidFieldIds, type SettingsValues } from "./SettingsFields";

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
  const draft = useFormDraft(view.settings);
  // A setting the merchant can fix is shown at its field, not as a failed setup.
  const fieldErrors = failure?.code === "VALIDATION_ERROR" && failure.fields && Object.keys(failure.fields).length > 0 ? failure.fields : undefined;
  const failureMessage = fieldErrors ? null : (failure?.message ?? view.lastError);
  const bannerRef = useFocusOnFailure(failure, invalidFieldIds(fieldErrors));
  return (
    <BlockStack gap="400">
      {failureMessage && (
        <RequestFailure
          title={failure?.code === "NO_ANSWER" ? "The setup request got no answer" : "Setup did not finish"}
          message={`${failureMessage} Set it up again below: anything already created is reused.`}
          supportUrl={view.supportUrl}
          focusRef={bannerRef}
        />
      )}
      <Card>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            onSubmit(draft.values);
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
            <SettingsFormFields draft={draft} voices={view.voices} errors={fieldErrors} showAreaCode />
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
