// Setting up, updating and removing a shop's receptionist. Provisioning never
// duplicates: a lease on the Shop row admits one request per shop at a time
// (tabs, double clicks, app instances), every Vapi result is saved as soon
// as it exists (the assistant before the number is requested), and a retry
// resumes from what was saved, or finds what a crashed attempt created.
import type { Shop } from "@prisma/client";
import prisma from "../db.server";
import { env } from "../env.server";
import { logger } from "../observability/logger.server";
import { AppError, ValidationError } from "../vapi/errors";
import type { RetryOptions } from "../vapi/retry";
import { initialAreaCodes, isAreaCode } from "./area-codes";
import { issueAssistantSecret } from "../vapi/webhook-secrets.server";
import { assistantName, buildAssistantConfig, buildAssistantUpdate, validateAssistantInput, type AssistantInput } from "./assistant-config";
import type { ProductSummary } from "./system-prompt";
import {
  createAssistant,
  createPhoneNumber,
  deleteAssistant,
  findAssistantNumber,
  findShopAssistant,
  releasePhoneNumber,
  updateAssistant,
  waitUntilActive,
  type ActivationOptions,
} from "./vapi-resources.server";

/** Long enough for the slowest provisioning (retries, fallbacks, activation). */
const LEASE_MS = 3 * 60 * 1000;

export interface ReceptionistSettings {
  voice: string;
  hoursOfOperation: string | null;
  preferredAreaCode: string | null;
  forwardingNumber: string | null;
}

export interface ProvisionOptions extends RetryOptions {
  activation?: Pick<ActivationOptions, "pollIntervalMs" | "timeoutMs">;
}

export interface ReceptionistState {
  status: Shop["receptionistStatus"];
  assistantId: string | null;
  assistantName: string | null;
  phoneNumber: string | null;
  phoneNumberId: string | null;
  voice: string;
  hoursOfOperation: string | null;
  preferredAreaCode: string | null;
  forwardingNumber: string | null;
  provisionedAt: Date | null;
  knowledgeRefreshedAt: Date | null;
  lastError: { code: string; message: string } | null;
}

export function receptionistState(shop: Shop): ReceptionistState {
  return {
    status: shop.receptionistStatus,
    assistantId: shop.assistantId,
    assistantName: shop.assistantName,
    phoneNumber: shop.phoneNumber,
    phoneNumberId: shop.phoneNumberId,
    voice: shop.voice,
    hoursOfOperation: shop.hoursOfOperation,
    preferredAreaCode: shop.preferredAreaCode,
    forwardingNumber: shop.forwardingNumber,
    provisionedAt: shop.provisionedAt,
    knowledgeRefreshedAt: shop.knowledgeRefreshedAt,
    lastError: shop.lastErrorCode ? { code: shop.lastErrorCode, message: shop.lastErrorMessage ?? "" } : null,
  };
}

/** The settings the receptionist was last set up or updated with. */
export function savedSettings(shop: Shop): ReceptionistSettings {
  return { voice: shop.voice, hoursOfOperation: shop.hoursOfOperation, preferredAreaCode: shop.preferredAreaCode, forwardingNumber: shop.forwardingNumber };
}

export type ProvisionOutcome = { status: "provisioned" | "already_provisioned"; shop: Shop };

export function isProvisioned(shop: Shop): boolean {
  return shop.receptionistStatus === "active" && Boolean(shop.assistantId && shop.phoneNumberId && shop.phoneNumber);
}

/** Everything the assistant is built from; validated before any Vapi request. */
async function assistantInput(shop: Shop, settings: ReceptionistSettings, products: ProductSummary[]): Promise<AssistantInput> {
  const input: AssistantInput = {
    shopId: shop.id,
    shopName: shop.name,
    products,
    hoursOfOperation: settings.hoursOfOperation,
    timezone: shop.timezone,
    voice: settings.voice,
    forwardingNumber: settings.forwardingNumber,
    serverUrl: new URL("/webhooks/vapi", env.SHOPIFY_APP_URL).toString(),
    webhookSecret: await issueAssistantSecret(shop.id),
    credentialId: env.VAPI_WEBHOOK_CREDENTIAL_ID ?? null,
    model: env.VAPI_MODEL,
  };
  validateAssistantInput(input);
  if (settings.preferredAreaCode && !isAreaCode(settings.preferredAreaCode)) {
    throw new ValidationError("The preferred area code must be 3 digits, like 415 (US area codes do not start with 0 or 1).", "preferredAreaCode");
  }
  return input;
}

/**
 * Sets up the shop's receptionist, or returns it if it exists. Throws an
 * AppError (VALIDATION_ERROR before any Vapi request; PROVISIONING_IN_PROGRESS
 * while another request holds the lease; Vapi and database failures).
 */
export async function provisionReceptionist(
  shopId: string,
  settings: ReceptionistSettings,
  loadProducts: () => Promise<ProductSummary[]>,
  options: ProvisionOptions = {},
): Promise<ProvisionOutcome> {
  const shop = await prisma.shop.findUniqueOrThrow({ where: { id: shopId } });
  if (isProvisioned(shop)) return { status: "already_provisioned", shop };

  const products = await loadProducts();
  const input = await assistantInput(shop, settings, products);

  const leased = await acquireLease(shop, settings);
  if (!leased) {
    const current = await prisma.shop.findUniqueOrThrow({ where: { id: shopId } });
    // The request that held the lease may have just finished.
    if (isProvisioned(current)) return { status: "already_provisioned", shop: current };
    throw new AppError("PROVISIONING_IN_PROGRESS", "Your receptionist is already being set up. This page will update when it is ready.");
  }
  const vapi = { ...options, shopId: shop.id };
  try {
    const since = leased.provisioningStartedAt ?? new Date();

    let assistantId = leased.assistantId;
    if (!assistantId) {
      logger.info(`Creating Vapi assistant for ${shop.name}`);
      const assistant = (await findShopAssistant(since, vapi)) ?? (await createAssistant(buildAssistantConfig(input), since, vapi));
      assistantId = assistant.id;
      await saveOrRelease({ assistantId, assistantName: assistant.name ?? assistantName(shop.name) }, shop.id, () => deleteAssistant(assistant.id, vapi));
      logger.info(`Assistant created: ${assistantId}`);
    }

    let phoneNumberId = leased.phoneNumberId;
    if (!phoneNumberId) {
      logger.info("Provisioning a phone number for the assistant");
      const number =
        (await findAssistantNumber(assistantId, since, vapi)) ??
        (await createPhoneNumber(
          { assistantId, name: assistantName(shop.name), areaCodes: initialAreaCodes(settings.preferredAreaCode, env.VAPI_AREA_CODES), since },
          vapi,
        ));
      phoneNumberId = number.id;
      await saveOrRelease({ phoneNumberId }, shop.id, () => releasePhoneNumber(number.id, vapi));
    }

    const phoneNumber = await waitUntilActive(phoneNumberId, { ...vapi, ...options.activation });
    const provisioned = await prisma.shop.update({
      where: { id: shop.id },
      data: {
        phoneNumber,
        receptionistStatus: "active",
        provisionedAt: new Date(),
        knowledgeRefreshedAt: new Date(),
        provisioningLeaseUntil: null,
        provisioningStartedAt: null,
        lastErrorCode: null,
        lastErrorMessage: null,
      },
    });
    logger.info(`Phone number provisioned: ${phoneNumber}`);
    return { status: "provisioned", shop: provisioned };
  } catch (error) {
    const failure = error instanceof AppError ? error : new AppError("DB_SAVE_FAILED", "Saving the receptionist failed. Please try again.", { cause: error });
    // Keep whatever was created (the assistant, the number) for the next try.
    await prisma.shop
      .update({
        where: { id: shop.id },
        data: { receptionistStatus: "failed", provisioningLeaseUntil: null, lastErrorCode: failure.code, lastErrorMessage: failure.message },
      })
      .catch((saveError: unknown) => logger.error("Could not record the provisioning failure", { error: saveError }));
    throw failure;
  }
}

/**
 * Takes the shop's provisioning lease with one conditional update, so exactly
 * one request wins however many arrive at once. Saves the settings with it.
 * Null when another request holds it (or the receptionist is active).
 */
async function acquireLease(shop: Shop, settings: ReceptionistSettings): Promise<Shop | null> {
  const now = new Date();
  const { count } = await prisma.shop.updateMany({
    where: {
      id: shop.id,
      receptionistStatus: { not: "active" },
      OR: [{ provisioningLeaseUntil: null }, { provisioningLeaseUntil: { lt: now } }],
    },
    data: {
      receptionistStatus: "provisioning",
      provisioningLeaseUntil: new Date(now.getTime() + LEASE_MS),
      ...settings,
    },
  });
  if (count === 0) return null;
  const current = await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } });
  // The first attempt's start is kept across retries: resources created since
  // then may be ours.
  return current.provisioningStartedAt ? current : prisma.shop.update({ where: { id: shop.id }, data: { provisioningStartedAt: now } });
}

/**
 * Saves a Vapi resource's id. If the database refuses, the resource is
 * released at Vapi so nothing is left orphaned; if that fails too, the error
 * log names the resource for an operator.
 */
async function saveOrRelease(data: Partial<Shop>, shopId: string, release: () => Promise<void>): Promise<void> {
  try {
    await prisma.shop.update({ where: { id: shopId }, data });
  } catch (saveError) {
    logger.error("Saving a Vapi resource failed; releasing it", { resource: data, error: saveError });
    try {
      await release();
    } catch (releaseError) {
      logger.error("ORPHANED Vapi resource: saving and releasing both failed, delete it by hand", { resource: data, error: releaseError });
    }
    throw new AppError("DB_SAVE_FAILED", "Your receptionist was created but could not be saved, so it was released. Please try again.", { cause: saveError });
  }
}

/** Applies changed voice, hours, forwarding number or products with one PATCH. */
export async function updateReceptionist(
  shopId: string,
  settings: ReceptionistSettings,
  loadProducts: () => Promise<ProductSummary[]>,
  options: RetryOptions = {},
): Promise<Shop> {
  const shop = await prisma.shop.findUniqueOrThrow({ where: { id: shopId } });
  if (!isProvisioned(shop) || !shop.assistantId) throw new AppError("NOT_PROVISIONED", "Set up the receptionist first.");
  const input = await assistantInput(shop, settings, await loadProducts());
  await updateAssistant(shop.assistantId, buildAssistantUpdate(input), { ...options, shopId: shop.id });
  return prisma.shop.update({ where: { id: shop.id }, data: { ...settings, knowledgeRefreshedAt: new Date() } });
}

/** Releases the number and deletes the assistant (they cost money), then forgets them. */
export async function removeReceptionist(shopId: string, options: RetryOptions = {}): Promise<Shop> {
  const shop = await prisma.shop.findUniqueOrThrow({ where: { id: shopId } });
  const leaseHeld = shop.provisioningLeaseUntil && shop.provisioningLeaseUntil > new Date();
  if (leaseHeld) throw new AppError("PROVISIONING_IN_PROGRESS", "The receptionist is being set up; remove it when setup has finished.");
  const vapi = { ...options, shopId: shop.id };
  if (shop.phoneNumberId) {
    await releasePhoneNumber(shop.phoneNumberId, vapi);
    // Without its number the receptionist is no longer active: if deleting the
    // assistant fails next, the shop can still be set up again (an "active"
    // row without a number could never take the provisioning lease).
    await prisma.shop.update({ where: { id: shop.id }, data: { phoneNumberId: null, phoneNumber: null, receptionistStatus: "not_provisioned" } });
  }
  if (shop.assistantId) await deleteAssistant(shop.assistantId, vapi);
  return prisma.shop.update({
    where: { id: shop.id },
    data: {
      receptionistStatus: "not_provisioned",
      assistantId: null,
      assistantName: null,
      provisionedAt: null,
      knowledgeRefreshedAt: null,
      provisioningStartedAt: null,
      lastErrorCode: null,
      lastErrorMessage: null,
    },
  });
}
