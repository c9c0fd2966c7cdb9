// The app layout's error boundary: the layout's own loader failed (or a page
// without a boundary threw). The navigation and Polaris stay, with the same
// error page the pages show.
import { isRouteErrorResponse, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { AppProvider as PolarisAppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { AppNavMenu } from "../layout/AppNavMenu";
import { RouteErrorBoundary } from "./RouteErrorBoundary";

interface LayoutData {
  apiKey: string;
  appBridgeUrl?: string;
}

export function AppLayoutErrorBoundary() {
  const error = useRouteError();
  // Present when a page below failed; missing when the layout's loader did.
  const layout = useRouteLoaderData<LayoutData>("routes/app");
  // Shopify needs Remix to catch its auth responses (the bounce page) so that their headers are included.
  if (isRouteErrorResponse(error) && error.status < 400) return boundary.error(error);
  const page = (
    <>
      <AppNavMenu />
      <RouteErrorBoundary title="AI Receptionist" back={{ content: "Home", url: "/app" }} />
    </>
  );
  if (!layout) return <PolarisAppProvider i18n={en}>{page}</PolarisAppProvider>;
  return (
    <AppProvider isEmbeddedApp apiKey={layout.apiKey} {...(layout.appBridgeUrl ? { __APP_BRIDGE_URL: layout.appBridgeUrl } : {})}>
      {page}
    </AppProvider>
  );
}
