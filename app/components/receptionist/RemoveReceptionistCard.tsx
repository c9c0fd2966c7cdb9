// Removing the receptionist, after a confirmation: the live one (its number
// is released), or what a failed setup left at the voice service. A removal
// that fails says why, above the card.
import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Modal, Text } from "@shopify/polaris";
import { useFocusOnFailure } from "../forms/useFocusOnFailure";
import type { ReceptionistActionResult } from "../../receptionist/receptionist-submit";
import { RequestFailure } from "./RequestFailure";

export function RemoveReceptionistCard({
  summary,
  confirmation,
  supportUrl,
}: {
  /** What removing does, on the card. */
  summary: string;
  /** What the merchant confirms, in the dialog. */
  confirmation: string;
  supportUrl: string | null;
}) {
  // The page's toast listens to the same fetcher (by key).
  const remove = useFetcher<ReceptionistActionResult>({ key: "remove-receptionist" });
  const [confirming, setConfirming] = useState(false);
  const removing = remove.state !== "idle";
  const failure = !removing && remove.data && !remove.data.ok ? remove.data : null;
  const bannerRef = useFocusOnFailure(failure);

  // The dialog stays open (its button spinning) until the removal has an answer.
  useEffect(() => {
    if (!removing) setConfirming(false);
  }, [removing]);

  return (
    <BlockStack gap="400">
      {failure && <RequestFailure title="The receptionist could not be removed" message={failure.message} supportUrl={supportUrl} focusRef={bannerRef} />}
      <Card>
        <InlineStack align="space-between" blockAlign="center" gap="400">
          <Text as="p" tone="subdued">
            {summary}
          </Text>
          <Button tone="critical" onClick={() => setConfirming(true)}>
            Remove receptionist
          </Button>
        </InlineStack>
      </Card>
      <Modal
        open={confirming}
        onClose={() => !removing && setConfirming(false)}
        title="Remove the AI receptionist?"
        primaryAction={{
          content: "Remove",
          destructive: true,
          loading: removing,
          onAction: () => remove.submit({ intent: "remove" }, { method: "POST" }),
        }}
        secondaryActions={[{ content: "Cancel", disabled: removing, onAction: () => setConfirming(false) }]}
      >
        <Modal.Section>
          <Text as="p">{confirmation}</Text>
        </Modal.Section>
      </Modal>
    </BlockStack>
  );
}
