import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Outlet, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { Card, Layout, SkeletonBodyText, SkeletonDisplayText, SkeletonPage } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { env } from "../env.server";
import { authenticate } from "../shopify.server";
import { AppLayoutErrorBoundary } from "../components/errors/AppLayoutErrorBoundary";
import { AppNavMenu } from "../components/layout/AppNavMenu";
import { newMessageCountForDomain } from "../messages/messages.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json({
    newMessages: await newMessageCountForDomain(session.shop),
    // The API key is public (it is in every admin URL); secrets never leave the server.
    apiKey: env.SHOPIFY_API_KEY,
    appBridgeUrl: env.APP_BRIDGE_URL,
  });
};

export default function App() {
  const { apiKey, appBridgeUrl, newMessages } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const location = useLocation();
  // Moving to another page: a skeleton instead of the old page's stale figures.
  const loadingAnotherPage = navigation.state === "loading" && navigation.location.pathname !== location.pathname;
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} {...(appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {})}>
      <AppNavMenu newMessages={newMessages} />
      {loadingAnotherPage ? <PageSkeleton /> : <Outlet />}
    </AppProvider>
  );
}

function PageSkeleton() {
  return (
    <SkeletonPage primaryAction>
      <Layout>
        <Layout.Section>
          <Card>
            <SkeletonDisplayText size="small" />
            <SkeletonBodyText lines={4} />
          </Card>
        </Layout.Section>
      </Layout>
    </SkeletonPage>
  );
}

// Shopify's auth responses still go through its boundary (inside); anything
// else is a Polaris error page with the navigation kept.
export function ErrorBoundary() {
  return <AppLayoutErrorBoundary />;
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
