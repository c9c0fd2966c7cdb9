// A failed request on the receptionist page: what went wrong, and where to
// get help when retrying does not (the support URL from the configuration).
import { forwardRef } from "react";
import { Banner, Text } from "@shopify/polaris";

export const FailureBanner = forwardRef<HTMLDivElement, { title: string; message: string; supportUrl: string | null }>(function FailureBanner(
  { title, message, supportUrl },
  ref,
) {
  return (
    // Focusable, so focus can move here after a failed submission.
    <div ref={ref} tabIndex={-1}>
      <Banner tone="critical" title={title} secondaryAction={supportUrl ? { content: "Contact support", url: supportUrl, target: "_blank" } : undefined}>
        <Text as="p">{message}</Text>
      </Banner>
    </div>
  );
});
