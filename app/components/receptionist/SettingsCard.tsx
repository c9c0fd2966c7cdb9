// The live receptionist's settings: voice, hours and forwarding number, saved
// with one PATCH to the assistant, through the form kit (the admin's save
// bar, a leave guard, Save only when something changed, focus on what
// failed). A failed or unanswered save keeps what was typed and says why.
import { useEffect } from "react";
import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { FormSaveBar } from "../forms/FormSaveBar";
import { LeaveGuard } from "../forms/LeaveGuard";
import { useFocusOnFailure } from "../forms/useFocusOnFailure";
import { useFormDraft } from "../forms/useFormDraft";
import type { ReceptionistActionResult } from "../../receptionist/receptionist-submit";
import type { ReceptionistView } from "../../receptionist/receptionist-view.server";
import { RequestFailure } from "./RequestFailure";
import { SettingsFormFields, invalidFieldIds } from "./SettingsFields";

export function SettingsCard({ view }: { view: Pick<ReceptionistView, "settings" | "voices" | "supportUrl"> }) {
  const update = useFetcher<ReceptionistActionResult>();
  // The settings form edits everything but the area code (the number is bought already).
  const draft = useFormDraft(view.settings);
  const saving = update.state !== "idle";
  const updateResult = saving ? undefined : update.data;
  const updateFailure = updateResult && !updateResult.ok ? updateResult : null;
  const fieldErrors = updateFailure?.code === "VALIDATION_ERROR" ? updateFailure.fields : undefined;
  const bannerRef = useFocusOnFailure(updateFailure, invalidFieldIds(fieldErrors));

  useEffect(() => {
    if (!updateResult?.ok) return;
    // The saved values as the server wrote them (a forwarding number typed "+1 415 555 0123" reads "(415) 555-0123").
    draft.discard();
    window.shopify?.toast.show("Receptionist updated");
    // draft.discard is stable; only a new answer matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [updateResult]);

  const save = () => update.submit({ intent: "update", ...draft.values }, { method: "POST" });

  return (
    <BlockStack gap="400">
      <FormSaveBar id="receptionist-settings-save-bar" dirty={draft.dirty} saving={saving} onSave={save} onDiscard={draft.discard} />
      <LeaveGuard dirty={draft.dirty} />
      <Card>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <BlockStack gap="400">
            <Text as="h2" variant="headingMd">
              Settings
            </Text>
            {updateFailure && !fieldErrors && (
              <RequestFailure title="Your changes were not saved" message={updateFailure.message} supportUrl={view.supportUrl} focusRef={bannerRef} />
            )}
            <SettingsFormFields draft={draft} voices={view.voices} errors={fieldErrors} showAreaCode={false} />
            <InlineStack align="end">
              <Button variant="primary" submit disabled={!draft.dirty} loading={saving}>
                Save changes
              </Button>
            </InlineStack>
          </BlockStack>
        </form>
      </Card>
    </BlockStack>
  );
}
