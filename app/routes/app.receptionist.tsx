// The "AI receptionist" page: set it up and follow its steps (assistant,
// number, live), copy its number, change its settings, refresh its product
// knowledge, or remove it. The view model is app/receptionist/receptionist-view.server.ts,
// the server actions app/receptionist/receptionist-actions.server.ts.
import { useEffect, useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator, type ClientActionFunctionArgs } from "@remix-run/react";
import { Banner, BlockStack, Layout, Page } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { RouteErrorBoundary } from "../components/errors/RouteErrorBoundary";
import { LiveReceptionistCard } from "../components/receptionist/LiveReceptionistCard";
import { RemoveReceptionistCard } from "../components/receptionist/RemoveReceptionistCard";
import { SettingsCard } from "../components/receptionist/SettingsCard";
import { SetupCard } from "../components/receptionist/SetupCard";
import { SetupProgressCard } from "../components/receptionist/SetupProgressCard";
import type { SettingsValues } from "../components/receptionist/SettingsFields";
import { runReceptionistAction } from "../receptionist/receptionist-actions.server";
import { submitReceptionistForm, type ReceptionistActionResult } from "../receptionist/receptionist-submit";
import { receptionistView } from "../receptionist/receptionist-view.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shop.server";

export const meta: MetaFunction = () => [{ title: "AI receptionist · AI Receptionist" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  return json(receptionistView(await requireShop(admin, session.shop)));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  const { result, status } = await runReceptionistAction(shop, admin, Object.fromEntries(await request.formData()));
  return json(result, { status });
};

// In the browser: setup goes to the provisioning API, and a request that gets no answer is a banner, not an error page.
export const clientAction = ({ request, serverAction }: ClientActionFunctionArgs) => submitReceptionistForm(request, serverAction);

/** How often the page reloads the receptionist's state while a setup runs. */
const SETUP_POLL_MS = 1000;

export default function ReceptionistPage() {
  const view = useLoaderData<typeof loader>();
  const setup = useFetcher<ReceptionistActionResult>({ key: "setup-receptionist" });
  const remove = useFetcher<ReceptionistActionResult>({ key: "remove-receptionist" });
  const revalidator = useRevalidator();
  const setupResult = setup.state === "idle" ? setup.data : undefined;
  // A removal clears the failed setup it followed: what that setup left is gone.
  const [removedAfter, setRemovedAfter] = useState<ReceptionistActionResult | undefined>();
  // "Already being set up" is not a failure: the page follows that setup instead.
  const setupFailure = setupResult && !setupResult.ok && setupResult.code !== "PROVISIONING_IN_PROGRESS" && setupResult !== removedAfter ? setupResult : null;
  const lastSetupResult = useRef(setupResult);
  lastSetupResult.current = setupResult;
  const settingUp = setup.state !== "idle" || view.status === "provisioning";
  const live = view.status === "active" && view.phoneNumber && !settingUp ? view.phoneNumber : null;
  const justSetUp = useSetupCompletion(settingUp, live !== null);

  // While a setup runs (this tab's request, or another tab's or instance's), its steps come in with the page's state.
  useEffect(() => {
    if (!settingUp) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), SETUP_POLL_MS);
    return () => clearInterval(timer);
  }, [settingUp, revalidator]);

  useEffect(() => {
    if (remove.state !== "idle" || !remove.data?.ok) return;
    window.shopify?.toast.show("Receptionist removed");
    setRemovedAfter(lastSetupResult.current);
  }, [remove.state, remove.data]);

  const submitSetup = (settings: Partial<SettingsValues>) => setup.submit({ intent: "setup", ...settings }, { method: "POST" });

  return (
    <Page title="AI receptionist" backAction={{ content: "Home", url: "/app" }}>
      <TitleBar title="AI receptionist" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {view.storefrontSyncError && (
              <Banner tone="warning" title="The storefront's “Call us” number is out of date">
                <p>Updating it failed ({view.storefrontSyncError}). The app keeps retrying; nothing to do unless this stays.</p>
              </Banner>
            )}
            {justSetUp && live && (
              <Banner tone="success" title="Your AI receptionist is set up">
                <p>Customers who call {live.display} now reach your receptionist. Its calls appear on the Calls page.</p>
              </Banner>
            )}
            {live ? (
              <>
                <LiveReceptionistCard phoneNumber={live} view={view} />
                <SettingsCard view={view} />
                <RemoveReceptionistCard
                  summary={`Removing the receptionist releases ${live.display}: calls to it stop being answered.`}
                  confirmation={`The phone number ${live.display} is released and stops answering. You can set up a new receptionist later, with a new number.`}
                  supportUrl={view.supportUrl}
                />
              </>
            ) : (
              <>
                {settingUp && (
                  <SetupProgressCard steps={view.setupSteps} stalled={view.setupStalled && setup.state === "idle"} onResume={() => submitSetup({})} />
                )}
                {/* Hidden, not unmounted, while setting up: what the merchant typed survives a failed setup. */}
                <div hidden={settingUp}>
                  <BlockStack gap="400">
                    <SetupCard view={view} failure={setupFailure} onSubmit={submitSetup} />
                    {view.leftovers && (
                      <RemoveReceptionistCard
                        summary="Not setting it up again? Remove what is left of it at the voice service."
                        confirmation={`${view.leftovers} left at the voice service ${view.leftovers.includes(" and ") ? "are" : "is"} released. You can set up the receptionist again later.`}
                        supportUrl={view.supportUrl}
                      />
                    )}
                  </BlockStack>
                </div>
              </>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** True once a setup this page watched has finished with the receptionist live (and a toast says so). */
function useSetupCompletion(settingUp: boolean, live: boolean): boolean {
  const watched = useRef(false);
  const [completed, setCompleted] = useState(false);
  useEffect(() => {
    if (settingUp) watched.current = true;
    else if (watched.current && live) {
      watched.current = false;
      setCompleted(true);
      window.shopify?.toast.show("AI receptionist is live");
    }
  }, [settingUp, live]);
  return completed && live;
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="AI receptionist" back={{ content: "Home", url: "/app" }} />;
}
