import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { RemixBrowser } from "@remix-run/react";
import * as Sentry from "@sentry/remix";
import { maskPhonesDeep } from "./observability/mask";

// Sentry in the browser only when the server has a DSN configured.
const dsn = document.body.dataset.sentryDsn;
if (dsn) {
  Sentry.init({
    dsn,
    sendDefaultPii: false,
    beforeSend: (event) => maskPhonesDeep(event) as typeof event,
    beforeBreadcrumb: (breadcrumb) => maskPhonesDeep(breadcrumb) as typeof breadcrumb,
  });
}

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
