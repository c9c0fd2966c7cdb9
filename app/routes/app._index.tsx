import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shop.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  return json({
    shopName: shop.name,
    timezone: shop.timezone,
    receptionist: { status: shop.receptionistStatus, phoneNumber: shop.phoneNumber },
  });
};

export default function Home() {
  const { shopName, timezone, receptionist } = useLoaderData<typeof loader>();
  return (
    <Page>
      <TitleBar title="AI Receptionist" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="h1" variant="headingLg">
              {shopName}
            </Text>
            <Card>
              <BlockStack gap="200">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    AI receptionist
                  </Text>
                  <Badge tone={receptionist.status === "active" ? "success" : undefined}>
                    {receptionist.status === "active" ? "Active" : "Not set up"}
                  </Badge>
                </InlineStack>
                <Text as="p">
                  {receptionist.phoneNumber
                    ? `Customers can call ${receptionist.phoneNumber}.`
                    : "Give your store a phone number answered by an AI receptionist that knows your products and orders."}
                </Text>
                <InlineStack>
                  <Button url="/app/receptionist" variant={receptionist.status === "active" ? undefined : "primary"}>
                    {receptionist.status === "active" ? "Manage receptionist" : "Set up AI receptionist"}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
            <Text as="p" tone="subdued">
              Times are shown in your store's timezone ({timezone}).
            </Text>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
