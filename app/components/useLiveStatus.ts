// Keeps a page's loader data current while something on it can still change
// (a call queued, ringing or in progress): revalidates every few seconds
// while the tab is visible, and whenever the window gets focus. Revalidation
// only refreshes loader data: forms keep what the merchant is typing (their
// state is the component's, keyed by the saved version, not by the data).
import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

export const LIVE_STATUS_INTERVAL_MS = 3_000;

export function useLiveStatus(live: boolean, intervalMs = LIVE_STATUS_INTERVAL_MS): void {
  const revalidator = useRevalidator();
  // The latest revalidator, without restarting the timers on every render.
  const latest = useRef(revalidator);
  latest.current = revalidator;

  useEffect(() => {
    const refresh = () => {
      if (document.visibilityState === "visible" && latest.current.state === "idle") latest.current.revalidate();
    };
    window.addEventListener("focus", refresh);
    const timer = live ? window.setInterval(refresh, intervalMs) : undefined;
    return () => {
      window.removeEventListener("focus", refresh);
      if (timer !== undefined) window.clearInterval(timer);
    };
  }, [live, intervalMs]);
}
