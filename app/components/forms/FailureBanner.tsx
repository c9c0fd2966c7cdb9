import { Banner } from "@shopify/polaris";
import type { ReactNode, RefObject } from "react";

/**
 * A critical banner that can take focus (see useFocusOnFailure): the
 * wrapper is programmatically focusable and announced as an alert.
 */
export function FailureBanner({ title, focusRef, children }: { title: string; focusRef: RefObject<HTMLDivElement>; children?: ReactNode }) {
  return (
    <div ref={focusRef} tabIndex={-1} role="alert">
      <Banner tone="critical" title={title}>
        {children}
      </Banner>
    </div>
  );
}
