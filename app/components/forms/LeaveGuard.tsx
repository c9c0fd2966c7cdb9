import { useBlocker } from "@remix-run/react";
import { Modal, Text } from "@shopify/polaris";
import { useEffect } from "react";

/**
 * Asks before a navigation would lose unsaved changes: in-app links through
 * Remix's blocker, and closing or reloading the frame through the browser's
 * own prompt. (The admin's own navigation is guarded by the save bar.)
 */
export function LeaveGuard({ dirty }: { dirty: boolean }) {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && `${currentLocation.pathname}${currentLocation.search}` !== `${nextLocation.pathname}${nextLocation.search}`,
  );

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  useEffect(() => {
    // Saved or discarded meanwhile: nothing left to lose, let the navigation go.
    if (blocker.state === "blocked" && !dirty) blocker.proceed();
  }, [blocker, dirty]);

  return (
    <Modal
      open={blocker.state === "blocked"}
      onClose={() => blocker.reset?.()}
      title="Leave page with unsaved changes?"
      primaryAction={{ content: "Leave page", destructive: true, onAction: () => blocker.proceed?.() }}
      secondaryActions={[{ content: "Stay", onAction: () => blocker.reset?.() }]}
    >
      <Modal.Section>
        <Text as="p">Leaving this page will discard the changes you have not saved.</Text>
      </Modal.Section>
    </Modal>
  );
}
