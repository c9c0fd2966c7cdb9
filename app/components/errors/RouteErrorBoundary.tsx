// What a page shows when its loader or rendering fails: a Polaris page the
// merchant can act on ("Try again", a way back), never a stack trace or a
// bare status code. Shopify's own auth responses (the App Bridge bounce
// page, thrown as 2xx/3xx responses) are still rendered as Shopify's library
// expects.
import { isRouteErrorResponse, useRevalidator, useRouteError } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useEffect } from "react";

export interface WayBack {
  content: string;
  url: string;
}

export interface RouteErrorBoundaryProps {
  /** The page's title while it cannot be shown ("Calls"). */
  title: string;
  /** Where "back" goes from this page. */
  back: WayBack;
  /** What a 404 from this page's loader means ("This call does not exist"). */
  notFound?: { title: string; message: string };
}

export function RouteErrorBoundary(props: RouteErrorBoundaryProps) {
  const error = useRouteError();
  const shopifyResponse = isRouteErrorResponse(error) && error.status < 400;
  useEffect(() => {
    // The details go to the console (and Sentry's handlers), not to the merchant.
    if (!shopifyResponse) console.error(error);
  }, [error, shopifyResponse]);
  if (shopifyResponse) return boundary.error(error);
  if (isRouteErrorResponse(error) && error.status === 404) {
    const notFound = props.notFound ?? { title: "Page not found", message: "This page does not exist, or it was removed." };
    return <NotFoundPage title={notFound.title} message={notFound.message} back={props.back} />;
  }
  return <ErrorPage title={props.title} back={props.back} />;
}

export function NotFoundPage({ title, message, back }: { title: string; message: string; back: WayBack }) {
  return (
    <Page title={title} backAction={back}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="p">{message}</Text>
              <InlineStack gap="200">
                <Button url={back.url} variant="primary">
                  {`Back to ${back.content}`}
                </Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function ErrorPage({ title, back }: { title: string; back: WayBack }) {
  const revalidator = useRevalidator();
  return (
    <Page title={title} backAction={back}>
      <Layout>
        <Layout.Section>
          <Banner
            tone="critical"
            title="This page could not be loaded"
            action={{ content: "Try again", onAction: () => revalidator.revalidate(), loading: revalidator.state === "loading" }}
            secondaryAction={{ content: `Back to ${back.content}`, url: back.url }}
          >
            <p>Something went wrong while loading it. Your settings and calls are safe. Try again in a moment; if it keeps failing, come back later.</p>
          </Banner>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
