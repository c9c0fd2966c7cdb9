// The "AI receptionist" page: set it up (voice, hours, area code, forwarding
// number), watch it being provisioned, copy its number, change its voice or
// hours (one PATCH to the assistant), refresh its product knowledge, or
// remove it. Every change is mirrored to the storefront's "Call us" block.
import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator, type FetcherWithComponents } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, FormLayout, InlineStack, Layout, Modal, Page, Select, Text, TextField } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { ProvisioningCard } from "../components/receptionist/ProvisioningCard";
import { logger, newCorrelationId, withCorrelationId } from "../observability/logger.server";
import { receptionistState, removeReceptionist, updateReceptionist, type ReceptionistSettings } from "../receptionist/provisioning.server";
import { parseReceptionistSettings, type SettingsErrors } from "../receptionist/settings-input";
import { refreshKnowledge } from "../receptionist/knowledge-refresh.server";
import { loadPromptProducts, PRODUCT_SELECTION_DESCRIPTION } from "../receptionist/shop-knowledge.server";
import { VOICES } from "../receptionist/voices";
import { formatCallTime } from "../calls/format";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shop.server";
import { syncStorefrontNumber } from "../storefront/storefront-number.server";
import { AppError } from "../vapi/errors";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  return json({
    receptionist: receptionistState(shop),
    voices: VOICES.map(({ name, label, description }) => ({ name, label, description })),
    productSelection: PRODUCT_SELECTION_DESCRIPTION,
    // Formatted here, in the shop's timezone, so server and browser render the same text.
    knowledgeRefreshed: shop.knowledgeRefreshedAt ? formatCallTime(shop.knowledgeRefreshedAt, shop.timezone) : null,
  });
};

type ActionResult = { ok: true; intent: string } | { ok: false; message: string; fields?: SettingsErrors };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  return withCorrelationId(newCorrelationId(), async () => {
    const shop = await requireShop(admin, session.shop);
    const form = Object.fromEntries(await request.formData());
    try {
      if (form.intent === "remove") {
        await syncStorefrontNumber(admin, await removeReceptionist(shop.id));
        logger.info("Receptionist removed", { shop: shop.domain });
        return json<ActionResult>({ ok: true, intent: "remove" });
      }
      if (form.intent === "update") {
        const parsed = parseReceptionistSettings(form);
        if (!parsed.ok) return json<ActionResult>({ ok: false, message: parsed.message, fields: parsed.errors }, { status: 400 });
        await syncStorefrontNumber(admin, await updateReceptionist(shop.id, parsed.settings, () => loadPromptProducts(admin)));
        logger.info("Receptionist updated", { shop: shop.domain });
        return json<ActionResult>({ ok: true, intent: "update" });
      }
      if (form.intent === "refresh") {
        await refreshKnowledge(shop, admin);
        logger.info("Receptionist knowledge refreshed", { shop: shop.domain });
        return json<ActionResult>({ ok: true, intent: "refresh" });
      }
      return json<ActionResult>({ ok: false, message: "Unknown action." }, { status: 400 });
    } catch (error) {
      const failure = error instanceof AppError ? error : new AppError("DB_SAVE_FAILED", "Something went wrong. Please try again.", { cause: error });
      logger.error(`Receptionist ${String(form.intent)} failed: ${failure.code}`, { error: failure.cause ?? failure });
      return json<ActionResult>({ ok: false, message: failure.message }, { status: failure.status });
    }
  });
};

type ProvisionResponse =
  | { success: true; data: { status: string; phoneNumber: string | null } }
  | { success: false; error: { code: string; message: string }; fields?: SettingsErrors };

export default function ReceptionistPage() {
  const { receptionist, voices, productSelection, knowledgeRefreshed } = useLoaderData<typeof loader>();
  const provision = useFetcher<ProvisionResponse>();
  // Owned here, not by the active view: that view unmounts once the removal succeeded.
  const remove = useFetcher<ActionResult>();
  const revalidator = useRevalidator();
  const provisioning = provision.state !== "idle" || receptionist.status === "provisioning";
  const provisionFailure = provision.state === "idle" && provision.data && !provision.data.success ? provision.data : null;
  // "Already being set up" is not a failure: the page follows that setup instead.
  const inProgressElsewhere = provisionFailure?.error.code === "PROVISIONING_IN_PROGRESS";
  const provisionError = inProgressElsewhere ? null : provisionFailure;
  const active = receptionist.status === "active" && receptionist.phoneNumber;
  const removeResult = remove.state === "idle" ? remove.data : undefined;

  // An error answer (4xx/5xx) does not revalidate the loader: fetch the
  // state another request is setting up, so the polling below follows it.
  useEffect(() => {
    if (inProgressElsewhere) revalidator.revalidate();
  }, [inProgressElsewhere, provisionFailure]);

  useEffect(() => {
    if (removeResult?.ok) window.shopify?.toast.show("Receptionist removed");
  }, [removeResult]);

  // Another tab (or instance) is setting it up: follow its progress.
  useEffect(() => {
    if (receptionist.status !== "provisioning" || provision.state !== "idle") return;
    const timer = setInterval(() => revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [receptionist.status, provision.state, revalidator]);

  return (
    <Page title="AI receptionist" backAction={{ content: "Home", url: "/app" }}>
      <TitleBar title="AI receptionist" />
      <Layout>
        <Layout.Section>
          {receptionist.storefrontSyncError && (
            <Box paddingBlockEnd="400">
              <Banner tone="warning" title="The storefront's “Call us” number is out of date">
                <p>Updating it failed ({receptionist.storefrontSyncError}). The app keeps retrying; nothing to do unless this stays.</p>
              </Banner>
            </Box>
          )}
          {active && !provisioning ? (
            <ActiveReceptionist
              phoneNumber={receptionist.phoneNumber!}
              settings={receptionist}
              knowledgeRefreshed={knowledgeRefreshed}
              voices={voices}
              productSelection={productSelection}
              remove={remove}
              removeError={removeResult && !removeResult.ok ? removeResult.message : undefined}
            />
          ) : (
            <>
              {provisioning && (
                <ProvisioningCard
                  progress={receptionist.progress}
                  resuming={provision.state !== "idle"}
                  // An empty body: the settings saved when the setup started.
                  onResume={() => provision.submit({}, { method: "POST", action: "/api/vapi/provision", encType: "application/json" })}
                />
              )}
              {/* Hidden, not unmounted, while provisioning: what the merchant typed survives a failed setup. */}
              <div hidden={provisioning}>
                <SetupForm
                  settings={receptionist}
                  voices={voices}
                  errorMessage={provisionError?.error.message ?? (receptionist.status === "failed" ? receptionist.lastError?.message : undefined)}
                  fieldErrors={provisionError?.fields}
                  onSubmit={(settings) => provision.submit(settings, { method: "POST", action: "/api/vapi/provision", encType: "application/json" })}
                />
              </div>
            </>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}

type Voice = { name: string; label: string; description: string };
type SettingsFields = Pick<ReceptionistSettings, "voice" | "hoursOfOperation" | "preferredAreaCode" | "forwardingNumber">;

function useSettingsFields(initial: SettingsFields) {
  const [voice, setVoice] = useState(initial.voice);
  const [hours, setHours] = useState(initial.hoursOfOperation ?? "");
  const [areaCode, setAreaCode] = useState(initial.preferredAreaCode ?? "");
  const [forwarding, setForwarding] = useState(initial.forwardingNumber ?? "");
  return {
    values: { voice, hoursOfOperation: hours, preferredAreaCode: areaCode, forwardingNumber: forwarding },
    setters: { setVoice, setHours, setAreaCode, setForwarding },
  };
}

function SettingsFormFields({
  fields,
  voices,
  errors,
  showAreaCode,
}: {
  fields: ReturnType<typeof useSettingsFields>;
  voices: Voice[];
  errors?: SettingsErrors;
  showAreaCode: boolean;
}) {
  const { values, setters } = fields;
  const selected = voices.find((voice) => voice.name === values.voice);
  return (
    <FormLayout>
      <Select
        label="Voice"
        options={voices.map((voice) => ({ label: voice.label, value: voice.name }))}
        value={values.voice}
        onChange={setters.setVoice}
        helpText={selected?.description}
        error={errors?.voice}
      />
      <TextField
        label="Hours of operation"
        value={values.hoursOfOperation}
        onChange={setters.setHours}
        placeholder="Mon-Fri 9am-5pm ET"
        helpText="Outside these hours the receptionist takes a message."
        autoComplete="off"
        error={errors?.hoursOfOperation}
      />
      {showAreaCode && (
        <TextField
          label="Preferred area code"
          value={values.preferredAreaCode}
          onChange={setters.setAreaCode}
          placeholder="415"
          helpText="Optional. If it has no numbers left, we try others."
          autoComplete="off"
          error={errors?.preferredAreaCode}
        />
      )}
      <TextField
        label="Forwarding number"
        type="tel"
        value={values.forwardingNumber}
        onChange={setters.setForwarding}
        placeholder="+1 415 555 0123"
        helpText="Optional. Callers who ask for a person are transferred here."
        autoComplete="tel"
        error={errors?.forwardingNumber}
      />
    </FormLayout>
  );
}

function SetupForm({
  settings,
  voices,
  errorMessage,
  fieldErrors,
  onSubmit,
}: {
  settings: SettingsFields;
  voices: Voice[];
  errorMessage?: string;
  fieldErrors?: SettingsErrors;
  onSubmit: (settings: Record<string, string>) => void;
}) {
  const fields = useSettingsFields(settings);
  return (
    <BlockStack gap="400">
      {errorMessage && (
        <Banner tone="critical" title="Setup failed">
          <p>{errorMessage}</p>
          <p>Retry below. Contact support if the problem persists.</p>
        </Banner>
      )}
      <Card>
        <BlockStack gap="400">
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              Set up your AI receptionist
            </Text>
            <Text as="p" tone="subdued">
              Your store gets its own phone number, answered by an assistant that knows your products and can look up orders for verified callers.
            </Text>
          </BlockStack>
          <SettingsFormFields fields={fields} voices={voices} errors={fieldErrors} showAreaCode />
          <InlineStack align="end">
            <Button variant="primary" onClick={() => onSubmit(fields.values)}>
              {errorMessage ? "Retry setup" : "Set up AI receptionist"}
            </Button>
          </InlineStack>
        </BlockStack>
      </Card>
    </BlockStack>
  );
}

function ActiveReceptionist({
  phoneNumber,
  settings,
  voices,
  productSelection,
  remove,
  removeError,
  knowledgeRefreshed,
}: {
  phoneNumber: string;
  settings: SettingsFields & { provisionedAt: string | null };
  knowledgeRefreshed: string | null;
  voices: Voice[];
  productSelection: string;
  remove: FetcherWithComponents<ActionResult>;
  removeError?: string;
}) {
  const update = useFetcher<ActionResult>();
  const refresh = useFetcher<ActionResult>();
  const refreshResult = refresh.state === "idle" ? refresh.data : undefined;
  const [confirmRemove, setConfirmRemove] = useState(false);
  const fields = useSettingsFields(settings);
  const updateResult = update.state === "idle" ? update.data : undefined;
  const removing = remove.state !== "idle";

  useEffect(() => {
    if (updateResult?.ok) window.shopify?.toast.show("Receptionist updated");
  }, [updateResult]);

  useEffect(() => {
    if (refreshResult?.ok) window.shopify?.toast.show("Product knowledge refreshed");
  }, [refreshResult]);

  // The dialog stays open (its button spinning) until the removal has an answer.
  useEffect(() => {
    if (!removing) setConfirmRemove(false);
  }, [removing]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(phoneNumber);
      window.shopify?.toast.show("Number copied");
    } catch {
      // No clipboard permission (e.g. a frame without clipboard-write).
      window.shopify?.toast.show("Could not copy the number: select it and copy it instead", { isError: true });
    }
  };

  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="300">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Your AI receptionist is live
            </Text>
            <Badge tone="success">Active</Badge>
          </InlineStack>
          <InlineStack gap="300" blockAlign="center">
            <Text as="p" variant="heading2xl">
              <span data-testid="receptionist-number">{phoneNumber}</span>
            </Text>
            <Button onClick={copy}>Copy</Button>
          </InlineStack>
          <Text as="p">Customers can now call this number.</Text>
          <Text as="p" tone="subdued">
            It knows {productSelection} and searches your whole catalogue during calls.
          </Text>
          <InlineStack gap="300" blockAlign="center">
            <Text as="p" tone="subdued">
              <span data-testid="knowledge-refreshed">
                {knowledgeRefreshed ? `Knowledge last refreshed ${knowledgeRefreshed}` : "Knowledge not refreshed yet"}
              </span>
              . Product changes are picked up within a few minutes.
            </Text>
            <Button loading={refresh.state !== "idle"} onClick={() => refresh.submit({ intent: "refresh" }, { method: "POST" })}>
              Refresh now
            </Button>
          </InlineStack>
          {refreshResult && !refreshResult.ok && (
            <Banner tone="critical">
              <p>{refreshResult.message}</p>
            </Banner>
          )}
        </BlockStack>
      </Card>
      {removeError && (
        <Banner tone="critical" title="The receptionist could not be removed">
          <p>{removeError}</p>
        </Banner>
      )}
      <Card>
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            Settings
          </Text>
          {updateResult && !updateResult.ok && (
            <Banner tone="critical">
              <p>{updateResult.message}</p>
            </Banner>
          )}
          <SettingsFormFields
            fields={fields}
            voices={voices}
            errors={updateResult && !updateResult.ok ? updateResult.fields : undefined}
            showAreaCode={false}
          />
          <InlineStack align="space-between">
            <Button tone="critical" variant="plain" onClick={() => setConfirmRemove(true)}>
              Remove receptionist
            </Button>
            <Button
              variant="primary"
              loading={update.state !== "idle"}
              onClick={() => update.submit({ intent: "update", ...fields.values }, { method: "POST" })}
            >
              Save changes
            </Button>
          </InlineStack>
        </BlockStack>
      </Card>
      <Modal
        open={confirmRemove}
        onClose={() => !removing && setConfirmRemove(false)}
        title="Remove the AI receptionist?"
        primaryAction={{
          content: "Remove",
          destructive: true,
          loading: removing,
          onAction: () => remove.submit({ intent: "remove" }, { method: "POST" }),
        }}
        secondaryActions={[{ content: "Cancel", disabled: removing, onAction: () => setConfirmRemove(false) }]}
      >
        <Modal.Section>
          <Text as="p">The phone number {phoneNumber} is released and stops answering. You can set up a new receptionist later, with a new number.</Text>
        </Modal.Section>
      </Modal>
    </BlockStack>
  );
}
