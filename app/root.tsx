import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData } from "@remix-run/react";
import { env } from "./env.server";

// The browser's Sentry DSN (public by design; no secret reaches the page).
export const loader = (_args: LoaderFunctionArgs) => json({ sentryDsn: env.SENTRY_DSN ?? null });

export default function App() {
  const { sentryDsn } = useLoaderData<typeof loader>();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        <Meta />
        <Links />
      </head>
      <body data-sentry-dsn={sentryDsn ?? undefined}>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
