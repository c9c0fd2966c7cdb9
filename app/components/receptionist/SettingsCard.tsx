// The live receptionist's settings: voice, hours and forwarding number, saved
// with one PATCH to the assistant; Save only when something changed; a
// failed or unanswered save keeps what was typed and says why. Removing the
// receptionist (with a confirmation) is here too.
import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Modal, Text } from "@shopify/polaris";
import type { ReceptionistActionResult } from "../../receptionist/receptionist-submit";
import type { ReceptionistView } from "../../receptionist/receptionist-view.server";
import { FailureBanner } from "./FailureBanner";
import { SettingsFormFields, useSettingsFields } from "./SettingsFields";

export function SettingsCard({ view, phoneNumber }: { view: Pick<ReceptionistView, "settings" | "voices" | "supportUrl">; phoneNumber: string }) {
  const update = useFetcher<ReceptionistActionResult>();
  const remove = useFetcher<ReceptionistActionResult>({ key: "remove-receptionist" });
  const fields = useSettingsFields(view.settings);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const updateResult = update.state === "idle" ? update.data : undefined;
  const updateFailure = updateResult && !updateResult.ok ? updateResult : null;
  const removeFailure = remove.state === "idle" && remove.data && !remove.data.ok ? remove.data : null;
  const removing = remove.state !== "idle";
  const invalid = updateFailure?.code === "VALIDATION_ERROR" && updateFailure.fields;

  useEffect(() => {
    if (updateResult?.ok) window.shopify?.toast.show("Receptionist updated");
  }, [updateResult]);

  // The dialog stays open (its button spinning) until the removal has an answer.
  useEffect(() => {
    if (!removing) setConfirmRemove(false);
  }, [removing]);

  const save = () => update.submit({ intent: "update", ...fields.values }, { method: "POST" });

  return (
    <BlockStack gap="400">
      {removeFailure && <FailureBanner title="The receptionist could not be removed" message={removeFailure.message} supportUrl={view.supportUrl} />}
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
            {updateFailure && !invalid && <FailureBanner title="Your changes were not saved" message={updateFailure.message} supportUrl={view.supportUrl} />}
            <SettingsFormFields fields={fields} voices={view.voices} errors={invalid ? updateFailure.fields : undefined} showAreaCode={false} />
            <InlineStack align="space-between">
              <Button tone="critical" variant="plain" onClick={() => setConfirmRemove(true)}>
                Remove receptionist
              </Button>
              <Button variant="primary" submit disabled={!fields.dirty} loading={update.state !== "idle"}>
                Save changes
              </Button>
            </InlineStack>
          </BlockStack>
        </form>
      </Card>
      <Modal
        open={confirmRemove}
        onClose={() => !removing && setConfirmRemove(false)}
        title="Remove the AI receptionist?"
        primaryAction={{
          content: "Remove",
          destructive: true,
          loading: removing,
          onAction: () => remove.submit({ intent: "remove" }, { method: "POST" }),
        }}
        secondaryActions={[{ content: "Cancel", disabled: removing, onAction: () => setConfirmRemove(false) }]}
      >
        <Modal.Section>
          <Text as="p">The phone number {phoneNumber} is released and stops answering. You can set up a new receptionist later, with a new number.</Text>
        </Modal.Section>
      </Modal>
    </BlockStack>
  );
}
