// The live receptionist: its number (the store's format on screen, E.164 on
// hover and in the clipboard), and its product knowledge with a refresh.
import { useEffect } from "react";
import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { DisplayPhone } from "../../formatting/phone";
import type { ReceptionistActionResult } from "../../receptionist/receptionist-submit";
import type { ReceptionistView } from "../../receptionist/receptionist-view.server";
import { PhoneNumberText } from "../format/PhoneNumberText";

export function LiveReceptionistCard({
  phoneNumber,
  view,
}: {
  phoneNumber: DisplayPhone;
  view: Pick<ReceptionistView, "knowledgeRefreshed" | "productSelection">;
}) {
  const refresh = useFetcher<ReceptionistActionResult>();
  const refreshResult = refresh.state === "idle" ? refresh.data : undefined;

  useEffect(() => {
    if (refreshResult?.ok) window.shopify?.toast.show("Product knowledge refreshed");
  }, [refreshResult]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(phoneNumber.e164);
      window.shopify?.toast.show("Number copied");
    } catch {
      // No clipboard permission (e.g. a frame without clipboard-write).
      window.shopify?.toast.show("Could not copy the number: select it and copy it instead", { isError: true });
    }
  };

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Your AI receptionist is live
          </Text>
          <Badge tone="success">Active</Badge>
        </InlineStack>
        <InlineStack gap="300" blockAlign="center">
          <Text as="p" variant="heading2xl">
            <PhoneNumberText phone={phoneNumber} testId="receptionist-number" />
          </Text>
          <Button onClick={copy} accessibilityLabel={`Copy ${phoneNumber.display}`}>
            Copy
          </Button>
        </InlineStack>
        <Text as="p">Customers can now call this number.</Text>
        <Text as="p" tone="subdued">
          It knows {view.productSelection} and searches your whole catalogue during calls.
        </Text>
        <InlineStack gap="300" blockAlign="center">
          <Text as="p" tone="subdued">
            <span data-testid="knowledge-refreshed">
              {view.knowledgeRefreshed ? `Knowledge last refreshed ${view.knowledgeRefreshed}` : "Knowledge not refreshed yet"}
            </span>
            . Product changes are picked up within a few minutes.
          </Text>
          <Button loading={refresh.state !== "idle"} onClick={() => refresh.submit({ intent: "refresh" }, { method: "POST" })}>
            Refresh now
          </Button>
        </InlineStack>
        {refreshResult && !refreshResult.ok && (
          <Banner tone="critical" title="The knowledge could not be refreshed">
            <p>{refreshResult.message}</p>
          </Banner>
        )}
      </BlockStack>
    </Card>
  );
}
