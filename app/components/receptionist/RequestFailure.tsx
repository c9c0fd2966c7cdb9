// A failed request on the receptionist page, in the form kit's focusable
// banner: what went wrong, and where to get help when trying again does not
// (the support URL from the configuration).
import type { RefObject } from "react";
import { BlockStack, Link, Text } from "@shopify/polaris";
import { FailureBanner } from "../forms/FailureBanner";

export function RequestFailure({
  title,
  message,
  supportUrl,
  focusRef,
}: {
  title: string;
  message: string;
  supportUrl: string | null;
  focusRef: RefObject<HTMLDivElement>;
}) {
  return (
    <FailureBanner title={title} focusRef={focusRef}>
      <BlockStack gap="100">
        <Text as="p">{message}</Text>
        {supportUrl && (
          <Text as="p">
            If it keeps failing,{" "}
            <Link url={supportUrl} target="_blank">
              contact support
            </Link>
            .
          </Text>
        )}
      </BlockStack>
    </FailureBanner>
  );
}
