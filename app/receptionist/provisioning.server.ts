// Setting up, updating and removing a shop's receptionist. Provisioning never
// duplicates: a lease on the Shop row admits one run per shop at a time
// (tabs, double clicks, app instances, the worker), every write of a run is
// fenced by its lease token, every Vapi result is saved as soon as it exists
// (the assistant before the number is requested), and a run resumes from
// what was saved, or finds what a crashed attempt created. A run whose
// process died is resumed by its watchdog job (provisioning-job.server.ts).
import type { Prisma, Shop } from "@prisma/client";
import { randomUUID } from "node:crypto";
import type { Db } from "pg-boss";
import prisma from "../db.server";
import { bossDb, hotPathPool, withHotPathTransaction } from "../db-pool.server";
import { SHOP_ROW, shopAssignments, type ShopValues } from "../shops/shop-row.server";
import { env } from "../env.server";
import { jobQueue, QUEUES, type ProvisioningPayload } from "../jobs/queue.server";
import { logger } from "../observability/logger.server";
import { AppError, ValidationError } from "../vapi/errors";
import { isVapiNotFound, type RetryOptions } from "../vapi/retry";
import { initialAreaCodes, isAreaCode } from "./area-codes";
import { issueAssistantSecret, retireUnsignableSecrets } from "../vapi/webhook-secrets.server";
import { loadStoreKnowledge } from "../knowledge/store-knowledge.server";
import { assistantName, buildAssistantConfig, buildAssistantUpdate, validateAssistantInput, type AssistantInput } from "./assistant-config";
import type { ProductSummary } from "./system-prompt";
import {
  assistantExists,
  attachPhoneNumber,
  createAssistant,
  createPhoneNumber,
  deleteAssistant,
  findAssistantNumber,
  findPhoneNumber,
  findShopAssistant,
  listAssistantNumbers,
  listShopAssistants,
  releasePhoneNumber,
  updateAssistant,
  waitUntilActive,
  type ActivationOptions,
  type VapiCallOptions,
} from "./vapi-resources.server";

/**
 * A run's lease: short, because a live run renews it (keepLeaseRenewed) and
 * a dead one must not lock the shop out for long; the watchdog job resumes
 * a run whose lease ran out.
 */
export const PROVISIONING_LEASE_MS = 30_000;

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
  /** While provisioning: the step the run is on, and whether it stalled (no run holds the lease). */
  progress: ProvisioningProgress | null;
  /** Why the storefront's "Call us" number is out of date (being retried), or null. */
  storefrontSyncError: string | null;
}

export interface ProvisioningProgress {
  step: ProvisioningStep | null;
  /** 1-based position of `step` among PROVISIONING_STEPS; 0 before the first. */
  stepNumber: number;
  totalSteps: number;
  stalled: boolean;
}

/**
 * A run renews its lease every 10 s and its watchdog takes over 5 s after
 * the lease ran out: no lease for this long means no process is on it.
 */
export const STALLED_AFTER_LEASE_MS = 15_000;

/** What the receptionist page shows while provisioning (pure). */
export function provisioningProgress(
  shop: Pick<Shop, "receptionistStatus" | "provisioningStep" | "provisioningLeaseUntil">,
  now = new Date(),
): ProvisioningProgress | null {
  if (shop.receptionistStatus !== "provisioning") return null;
  const step = PROVISIONING_STEPS.find((candidate) => candidate === shop.provisioningStep) ?? null;
  const leaseEnded = shop.provisioningLeaseUntil?.getTime() ?? 0;
  return {
    step,
    stepNumber: step ? PROVISIONING_STEPS.indexOf(step) + 1 : 0,
    totalSteps: PROVISIONING_STEPS.length,
    stalled: now.getTime() - leaseEnded > STALLED_AFTER_LEASE_MS,
  };
}

export function receptionistState(shop: Shop, now = new Date()): ReceptionistState {
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
    progress: provisioningProgress(shop, now),
    storefrontSyncError: shop.storefrontSyncError,
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
  // Independent of each other: side by side (the merchant is waiting on the setup).
  const [knowledge, webhookSecret] = await Promise.all([loadStoreKnowledge(shop.id), issueAssistantSecret(shop.id)]);
  const input: AssistantInput = {
    shopId: shop.id,
    shopName: shop.name,
    products,
    hoursOfOperation: settings.hoursOfOperation,
    openingHours: knowledge.openingHours,
    faqQuestions: knowledge.faq.map((entry) => entry.question),
    timezone: shop.timezone,
    voice: settings.voice,
    forwardingNumber: settings.forwardingNumber,
    serverUrl: new URL("/webhooks/vapi", env.SHOPIFY_APP_URL).toString(),
    webhookSecret,
    credentialId: env.VAPI_WEBHOOK_CREDENTIAL_ID ?? null,
    model: env.VAPI_MODEL,
  };
  validateAssistantInput(input);
  if (settings.preferredAreaCode && !isAreaCode(settings.preferredAreaCode)) {
    throw new ValidationError("The preferred area code must be 3 digits, like 415 (US area codes do not start with 0 or 1).", "preferredAreaCode");
  }
  return input;
}

/** The steps of a run, in order, as the receptionist page names them. */
export const PROVISIONING_STEPS = ["assistant", "number", "activation"] as const;
export type ProvisioningStep = (typeof PROVISIONING_STEPS)[number];

/**
 * A hold on the shop's provisioning: every write under it is conditional on
 * its token. A "run" sets the receptionist up, and loses its lease when the
 * shop is uninstalled; "upkeep" (the stray sweep, removal) changes nothing
 * the page shows while it holds the lease, and works on uninstalled shops too.
 */
export interface ProvisioningLease {
  shopId: string;
  token: string;
  kind: "run" | "upkeep";
}

/** The run's lease was taken over (it expired) or the shop was uninstalled: it may write nothing more. */
export class LeaseLostError extends AppError {
  constructor() {
    super("PROVISIONING_IN_PROGRESS", "Your receptionist is already being set up. This page will update when it is ready.");
    this.name = "LeaseLostError";
  }
}

export function leaseHeld(shop: Pick<Shop, "provisioningLeaseUntil">, now = new Date()): boolean {
  return Boolean(shop.provisioningLeaseUntil && shop.provisioningLeaseUntil > now);
}

/** Shops whose lease no one holds at `now`: the SQL side of !leaseHeld. */
export function leaseFree(now: Date): Prisma.ShopWhereInput {
  return { OR: [{ provisioningLeaseUntil: null }, { provisioningLeaseUntil: { lt: now } }] };
}

/** leaseFree in SQL, `now` a timestamp expression. */
const LEASE_FREE_SQL = (now: string) => `("provisioningLeaseUntil" IS NULL OR "provisioningLeaseUntil" < ${now})`;

/**
 * The POST: sets up the shop's receptionist, or returns it if it exists.
 * Starts the run (taking the lease and queueing its watchdog job in one
 * transaction) and runs it here; if this process dies, the watchdog resumes
 * it in the worker once the lease runs out. Throws an AppError
 * (VALIDATION_ERROR before any Vapi request; PROVISIONING_IN_PROGRESS while
 * another run holds the lease; Vapi and database failures).
 */
export async function provisionReceptionist(
  shopId: string,
  settings: ReceptionistSettings,
  loadProducts: () => Promise<ProductSummary[]>,
  options: ProvisionOptions = {},
): Promise<ProvisionOutcome> {
  const shop = await prisma.shop.findUniqueOrThrow({ where: { id: shopId } });
  if (isProvisioned(shop)) return { status: "already_provisioned", shop };

  // Validated (and its webhook secret issued) before the lease is taken, so a
  // bad input writes nothing to the shop.
  const input = await assistantInput(shop, settings, await loadProducts());
  const acquired = await afterUpkeep(shop.id, () => acquireLease(shop.id, { settings }));
  if (!acquired) {
    const current = await prisma.shop.findUniqueOrThrow({ where: { id: shopId } });
    // The run that held the lease may have just finished.
    if (isProvisioned(current)) return { status: "already_provisioned", shop: current };
    if (upkeepHolds(current)) throw new AppError("CLEANUP_IN_PROGRESS", CLEANUP_MESSAGE);
    throw new AppError("PROVISIONING_IN_PROGRESS", "Your receptionist is already being set up. This page will update when it is ready.");
  }
  return runProvisioning(acquired.lease, acquired.shop, async () => input, options);
}

/**
 * Takes over a run whose holder is gone (status provisioning, lease run out)
 * and finishes it: what the watchdog job does. Null when there is nothing to
 * resume or another run holds the lease.
 */
export async function resumeProvisioning(
  shopId: string,
  loadProducts: (shop: Shop) => Promise<ProductSummary[]>,
  options: ProvisionOptions = {},
): Promise<ProvisionOutcome | null> {
  const acquired = await acquireLease(shopId, { resume: true });
  if (!acquired) return null;
  logger.info("Resuming a provisioning whose run stopped", { shopId });
  return runProvisioning(acquired.lease, acquired.shop, async (shop) => assistantInput(shop, savedSettings(shop), await loadProducts(shop)), options);
}

/** The steps, each resuming from what an earlier run saved; writes only while the lease is ours. */
async function runProvisioning(
  lease: ProvisioningLease,
  shop: Shop,
  loadInput: (shop: Shop) => Promise<AssistantInput>,
  options: ProvisionOptions,
): Promise<ProvisionOutcome> {
  const renewal = keepLeaseRenewed(lease);
  const vapi = { ...options, shopId: lease.shopId };
  // The step the row shows: a new setup's lease entered the first; a resumed run goes on from where the stopped one
  // was. Saving a resource enters the next step in the same write, so a run costs no write of its own per step.
  let step = shop.provisioningStep;
  const enter = async (next: ProvisioningStep) => {
    if (step === next) return;
    await fencedUpdate(lease, stepEntered(next));
    step = next;
  };
  try {
    const since = shop.provisioningStartedAt ?? new Date();

    // What an earlier try saved may have been deleted at Vapi by hand since: looked up first, and only what is gone is made again.
    let assistantId = shop.assistantId;
    if (assistantId && !(await assistantExists(assistantId, vapi))) {
      logger.warn("The saved assistant is gone at Vapi; making a new one", { shopId: shop.id, assistantId });
      await fencedUpdate(lease, { assistantId: null, assistantName: null, ...stepEntered("assistant") });
      step = "assistant";
      assistantId = null;
    }
    if (!assistantId) {
      const input = await loadInput(shop);
      logger.info(`Creating Vapi assistant for ${shop.name}`);
      const assistant = (await findShopAssistant(since, vapi)) ?? (await createAssistant(buildAssistantConfig(input), since, vapi));
      assistantId = assistant.id;
      await saveOrRelease(
        lease,
        { assistantId, assistantName: assistantName(shop.name), ...stepEntered("number") },
        () => deleteAssistant(assistant.id, vapi),
        // Found by its metadata by the next run, or by the sweep, unless the shop went or chose another.
        (now) => !now.uninstalledAt && (now.assistantId === null || now.assistantId === assistant.id),
      );
      step = "number";
      logger.info(`Assistant created: ${assistantId}`);
    }

    let phoneNumberId = shop.phoneNumberId;
    if (phoneNumberId) {
      const saved = await findPhoneNumber(phoneNumberId, vapi);
      if (!saved) {
        logger.warn("The saved phone number is gone at Vapi; buying a new one", { shopId: shop.id, phoneNumberId });
        await fencedUpdate(lease, { phoneNumberId: null, phoneNumber: null });
        phoneNumberId = null;
      } else if (saved.assistantId !== assistantId) {
        // Its assistant was replaced (above): callers must reach the new one.
        await attachPhoneNumber(phoneNumberId, assistantId, vapi);
      }
    }
    if (!phoneNumberId) {
      await enter("number");
      logger.info("Provisioning a phone number for the assistant");
      const number =
        (await findAssistantNumber(assistantId, since, vapi)) ??
        (await createPhoneNumber(
          { assistantId, name: assistantName(shop.name), areaCodes: initialAreaCodes(shop.preferredAreaCode, env.VAPI_AREA_CODES), since },
          vapi,
        ));
      phoneNumberId = number.id;
      const onAssistant = assistantId;
      await saveOrRelease(
        lease,
        { phoneNumberId, ...stepEntered("activation") },
        () => releasePhoneNumber(number.id, vapi),
        // Found through its assistant, as long as the shop still has that assistant.
        (now) => !now.uninstalledAt && now.assistantId === onAssistant,
      );
      step = "activation";
    }

    await enter("activation");
    // The number takes a second or more to activate, and the merchant is waiting: meanwhile the run releases the
    // shop's strays (a create Vapi finished after our timeout, or one a run made before it lost its lease: ours but
    // unused) and queues the late sweep for a create still in flight. The strays' release is over before anything
    // else is written, whatever the activation does, so it never deletes after the lease is let go.
    const sweeping = Promise.all([
      releaseStrays(lease, { ...shop, assistantId, phoneNumberId }, options).catch((error: unknown) =>
        logger.error("Releasing stray Vapi resources failed", { shopId: lease.shopId, error }),
      ),
      scheduleLateSweep(lease).catch((error: unknown) => logger.error("Queueing the late sweep failed", { shopId: lease.shopId, error })),
    ]);
    const phoneNumber = await waitUntilActive(phoneNumberId, { ...vapi, ...options.activation }).finally(() => sweeping);
    const now = new Date();
    // Live, and the lease let go, in one write.
    const provisioned = await fencedUpdate(lease, {
      phoneNumber,
      receptionistStatus: "active",
      provisionedAt: now,
      knowledgeRefreshedAt: now,
      provisioningStartedAt: null,
      lastErrorCode: null,
      lastErrorMessage: null,
      ...LEASE_RELEASED,
    });
    logger.info(`Phone number provisioned: ${phoneNumber}`);
    return { status: "provisioned", shop: provisioned };
  } catch (error) {
    if (error instanceof LeaseLostError) {
      logger.warn("Provisioning lost its lease to another run; stopping", { shopId: lease.shopId });
      await scheduleLateSweep(lease).catch(() => undefined);
      throw error;
    }
    const failure = error instanceof AppError ? error : new AppError("DB_SAVE_FAILED", "Saving the receptionist failed. Please try again.", { cause: error });
    // Keep whatever was created (the assistant, the number) for the next try.
    await fencedUpdate(lease, { receptionistStatus: "failed", ...LEASE_RELEASED, lastErrorCode: failure.code, lastErrorMessage: failure.message }).catch(
      (saveError: unknown) => logger.error("Could not record the provisioning failure", { error: saveError }),
    );
    // A create that timed out may still land; the merchant may never retry.
    await scheduleLateSweep(lease).catch((queueError: unknown) => logger.error("Queueing the late sweep failed", { error: queueError }));
    throw failure;
  } finally {
    renewal.stop();
  }
}

const LEASE_RELEASED = { provisioningLeaseUntil: null, provisioningLeaseToken: null, provisioningStep: null, provisioningStepAt: null } as const;

/** Long enough for a late Vapi answer (the client's timeout, its retries) to have landed. */
const LATE_SWEEP_SECONDS = 120;

/** The rows a lease may write: its own, and for a run only while the shop is installed. */
function leaseScope(lease: ProvisioningLease): Prisma.ShopWhereInput {
  return { id: lease.shopId, provisioningLeaseToken: lease.token, ...(lease.kind === "run" ? { uninstalledAt: null } : {}) };
}

/**
 * A write under the lease, answering the row as written (one statement):
 * refused (LeaseLostError) once another holder took it (or, for a run, the
 * shop was uninstalled).
 */
async function fencedUpdate(lease: ProvisioningLease, data: ShopValues): Promise<Shop> {
  const values: unknown[] = [lease.shopId, lease.token];
  const assignments = shopAssignments(data, values);
  const { rows } = await hotPathPool().query<Shop>(
    `UPDATE "Shop" SET ${assignments}
      WHERE id = $1 AND "provisioningLeaseToken" = $2 ${lease.kind === "run" ? `AND "uninstalledAt" IS NULL` : ""}
      RETURNING ${SHOP_ROW}`,
    values,
  );
  if (!rows[0]) throw new LeaseLostError();
  return rows[0];
}

/**
 * Before each delete of upkeep: renews the lease, or throws LeaseLostError if
 * it was lost (a process paused past it, and a run may have adopted what was
 * listed).
 */
async function stillHeld(lease: ProvisioningLease): Promise<void> {
  await fencedUpdate(lease, { provisioningLeaseUntil: new Date(Date.now() + PROVISIONING_LEASE_MS) });
}

/** The fields a write sets to enter a step: it records where the run is (the page shows it) and renews the lease. */
function stepEntered(step: ProvisioningStep, now = new Date()) {
  return { provisioningStep: step, provisioningStepAt: now, provisioningLeaseUntil: new Date(now.getTime() + PROVISIONING_LEASE_MS) };
}

/**
 * Renews the lease every third of its length while the run is alive, so a
 * slow Vapi answer does not let it run out; a dead process stops renewing
 * and the lease runs out within PROVISIONING_LEASE_MS.
 */
function keepLeaseRenewed(lease: ProvisioningLease): { stop: () => void } {
  const timer = setInterval(() => {
    prisma.shop
      .updateMany({ where: leaseScope(lease), data: { provisioningLeaseUntil: new Date(Date.now() + PROVISIONING_LEASE_MS) } })
      .catch((error: unknown) => logger.warn("Renewing the provisioning lease failed", { shopId: lease.shopId, error }));
  }, PROVISIONING_LEASE_MS / 3);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * Takes the shop's provisioning lease with one conditional update (a new
 * token), so exactly one run wins however many arrive at once, and queues
 * the watchdog job in the same transaction. A new setup also saves its
 * settings; a resume only takes over a run left in "provisioning".
 * Null when another run holds it (or the receptionist is active); else the
 * lease and the shop's row as the lease left it.
 */
async function acquireLease(
  shopId: string,
  mode: { settings: ReceptionistSettings } | { resume: true },
): Promise<{ lease: ProvisioningLease; shop: Shop } | null> {
  const now = new Date();
  const token = randomUUID();
  const shop = await withHotPathTransaction(async (client) => {
    const values: unknown[] = [shopId, now.toISOString()];
    const assignments = shopAssignments(
      {
        receptionistStatus: "provisioning",
        provisioningLeaseToken: token,
        provisioningLeaseUntil: new Date(now.getTime() + PROVISIONING_LEASE_MS),
        provisioningStepAt: now,
        // A new setup begins with the assistant (it makes one, or checks the one saved is still there); a resumed run
        // keeps the step the stopped one was on.
        ...("settings" in mode ? { ...mode.settings, provisioningStep: "assistant" } : {}),
      },
      values,
    );
    // The first attempt's start is kept across retries: resources created since then may be ours.
    const { rows } = await client.query<Shop>(
      `UPDATE "Shop" SET ${assignments}, "provisioningStartedAt" = COALESCE("provisioningStartedAt", $2::timestamp)
        WHERE id = $1 AND "uninstalledAt" IS NULL AND "receptionistStatus" ${"settings" in mode ? "<> 'active'" : "= 'provisioning'"}
          AND ${LEASE_FREE_SQL("$2::timestamp")}
        RETURNING ${SHOP_ROW}`,
      values,
    );
    if (!rows[0]) return null;
    await scheduleProvisioningWatch(shopId, PROVISIONING_LEASE_MS / 1000 + WATCH_GRACE_SECONDS, bossDb(client));
    return rows[0];
  });
  return shop ? { lease: { shopId, token, kind: "run" }, shop } : null;
}

/** After the lease would have run out: time for the renewal that did not come. */
const WATCH_GRACE_SECONDS = 5;

/**
 * Queues the shop's watchdog job (at most one waiting per shop): it resumes
 * a run left without a holder, and otherwise releases stray resources.
 */
export async function scheduleProvisioningWatch(shopId: string, afterSeconds: number, db?: Db): Promise<void> {
  const payload: ProvisioningPayload = { shopId };
  await (
    await jobQueue()
  ).send(QUEUES.provisioning, payload, {
    singletonKey: shopId,
    startAfter: Math.ceil(afterSeconds),
    ...(db ? { db } : {}),
  });
}

/**
 * Upkeep (the stray sweep, removal) holds the shop's lease while it works, so
 * no run starts between what it reads and what it deletes (a run adopts an
 * unsaved assistant or number it finds; the sweep must not delete it under
 * it). It leaves the status as it is. Null when a run or other upkeep holds
 * the lease.
 */
async function withUpkeepLease<T>(shopId: string, work: (lease: ProvisioningLease, shop: Shop) => Promise<T>): Promise<{ value: T } | null> {
  const now = new Date();
  const lease: ProvisioningLease = { shopId, token: randomUUID(), kind: "upkeep" };
  const { count } = await prisma.shop.updateMany({
    where: { id: shopId, ...leaseFree(now) },
    data: { provisioningLeaseToken: lease.token, provisioningLeaseUntil: new Date(now.getTime() + PROVISIONING_LEASE_MS) },
  });
  if (count === 0) return null;
  const renewal = keepLeaseRenewed(lease);
  try {
    return { value: await work(lease, await prisma.shop.findUniqueOrThrow({ where: { id: shopId } })) };
  } finally {
    renewal.stop();
    // A failed release must not hide the work's own outcome: the lease runs out by itself.
    await prisma.shop
      .updateMany({ where: leaseScope(lease), data: { provisioningLeaseToken: null, provisioningLeaseUntil: null } })
      .catch((error: unknown) => logger.warn("Releasing the upkeep lease failed; it runs out", { shopId, error }));
  }
}

const CLEANUP_MESSAGE = "Unused phone numbers or assistants of your store are being released at the voice service. Try again in a minute.";

/** Upkeep holds the lease for a few Vapi requests: a setup or removal asked for meanwhile waits for it rather than failing. */
const UPKEEP_WAIT_MS = 10_000;
const UPKEEP_POLL_MS = 100;

function upkeepHolds(shop: Pick<Shop, "receptionistStatus" | "provisioningLeaseUntil">): boolean {
  return leaseHeld(shop) && shop.receptionistStatus !== "provisioning";
}

/** `attempt` again while upkeep holds the shop's lease (at most UPKEEP_WAIT_MS), or once more if the lease was freed just now. */
async function afterUpkeep<T>(shopId: string, attempt: () => Promise<T | null>): Promise<T | null> {
  const deadline = Date.now() + UPKEEP_WAIT_MS;
  let retriedFreed = false;
  for (;;) {
    const result = await attempt();
    if (result !== null) return result;
    const shop = await prisma.shop.findUnique({ where: { id: shopId }, select: { receptionistStatus: true, provisioningLeaseUntil: true } });
    if (!shop) return null;
    if (upkeepHolds(shop) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, UPKEEP_POLL_MS));
    } else if (!leaseHeld(shop) && !retriedFreed) {
      retriedFreed = true;
    } else {
      return null;
    }
  }
}

/**
 * The shop's resources at Vapi: its assistants (metadata.shopId) with the
 * one its row names, and the numbers on any of them. Nothing is looked up for
 * a shop that never started a setup.
 */
async function shopResources(shop: Shop, vapi: VapiCallOptions): Promise<{ assistantIds: string[]; phoneNumberIds: string[] }> {
  const saved = { assistantIds: shop.assistantId ? [shop.assistantId] : [], phoneNumberIds: shop.phoneNumberId ? [shop.phoneNumberId] : [] };
  if (!shop.assistantId && !shop.phoneNumberId && !shop.provisioningStartedAt && shop.retiredAssistantIds.length === 0) return saved;
  const assistantIds = new Set([...saved.assistantIds, ...(await listShopAssistants(shop.createdAt, vapi)).map((assistant) => assistant.id)]);
  // A number Vapi bought for an assistant a removal deleted (the purchase was still in flight) is the shop's too.
  const numbers = await listAssistantNumbers(new Set([...assistantIds, ...shop.retiredAssistantIds]), shop.createdAt, vapi);
  return { assistantIds: [...assistantIds], phoneNumberIds: [...new Set([...saved.phoneNumberIds, ...numbers.map((number) => number.id)])] };
}

/** How many deleted assistants a shop remembers (a purchase in flight lands within minutes). */
const RETIRED_ASSISTANTS_KEPT = 10;

/**
 * Releases the shop's assistants and numbers that its row does not name: a
 * create Vapi finished after we gave up on it, or one a run made before it
 * lost its lease. Never left billing. Under the upkeep lease, so what a run
 * is about to adopt is not taken from it. Null when the lease is held (the
 * holder's own sweep comes after it).
 */
export async function sweepStrayResources(shopId: string, options: RetryOptions = {}): Promise<number | null> {
  const swept = await withUpkeepLease(shopId, (lease, shop) => releaseStrays(lease, shop, options));
  return swept ? swept.value : null;
}

/** The sweep's work, under a lease the caller holds (upkeep's, or the run's as it finishes). */
async function releaseStrays(lease: ProvisioningLease, shop: Shop, options: RetryOptions): Promise<number> {
  const vapi = { ...options, shopId: shop.id };
  const found = await shopResources(shop, vapi);
  const strayNumbers = found.phoneNumberIds.filter((id) => id !== shop.phoneNumberId);
  const strayAssistants = found.assistantIds.filter((id) => id !== shop.assistantId);
  for (const id of strayNumbers) await stillHeld(lease).then(() => releasePhoneNumber(id, vapi));
  for (const id of strayAssistants) await stillHeld(lease).then(() => deleteAssistant(id, vapi));
  if (strayNumbers.length + strayAssistants.length > 0)
    logger.warn(`Released ${strayNumbers.length + strayAssistants.length} stray Vapi resources of the shop`, {
      shopId: shop.id,
      numbers: strayNumbers,
      assistants: strayAssistants,
    });
  return strayNumbers.length + strayAssistants.length;
}

/**
 * Queues a sweep for a while after a run ended, when a create Vapi finished
 * late has landed. Its own job per run: a watchdog already waiting (one per
 * shop) would otherwise absorb it, and it would run too early.
 */
async function scheduleLateSweep(lease: ProvisioningLease): Promise<void> {
  const payload: ProvisioningPayload = { shopId: lease.shopId };
  await (await jobQueue()).send(QUEUES.provisioning, payload, { singletonKey: `${lease.shopId}:after:${lease.token}`, startAfter: LATE_SWEEP_SECONDS });
}

/**
 * Saves a Vapi resource's id (fenced). If the database refuses, the resource
 * is released at Vapi so nothing is left orphaned; if that fails too, the
 * error log names the resource for an operator. If the lease was lost, the
 * resource is left for the run that holds it now (it adopts what it finds)
 * and for the sweep, unless neither can use it any more (`adoptable` says,
 * from the shop as it is now): then it is released at once.
 */
async function saveOrRelease(lease: ProvisioningLease, data: ShopValues, release: () => Promise<void>, adoptable: (shop: Shop) => boolean): Promise<void> {
  try {
    await fencedUpdate(lease, data);
  } catch (saveError) {
    if (saveError instanceof LeaseLostError) {
      const now = await prisma.shop.findUnique({ where: { id: lease.shopId } });
      if (!now || !adoptable(now)) await releaseOrReport(data, release);
      throw saveError;
    }
    logger.error("Saving a Vapi resource failed; releasing it", { resource: data, error: saveError });
    await releaseOrReport(data, release);
    throw new AppError("DB_SAVE_FAILED", "Your receptionist was created but could not be saved, so it was released. Please try again.", { cause: saveError });
  }
}

async function releaseOrReport(resource: ShopValues, release: () => Promise<void>): Promise<void> {
  try {
    await release();
  } catch (releaseError) {
    logger.error("ORPHANED Vapi resource: it could not be saved or released, delete it by hand", { resource, error: releaseError });
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
  try {
    await updateAssistant(shop.assistantId, buildAssistantUpdate(input), { ...options, shopId: shop.id });
  } catch (error) {
    if (isVapiNotFound(error) && (await forgetVanished(shop.id, { assistantId: shop.assistantId })))
      throw new AppError("VAPI_RESOURCE_GONE", VANISHED_MESSAGES.assistant, { cause: error });
    throw error;
  }
  if (input.credentialId) await retireUnsignableSecrets(shop.id);
  return prisma.shop.update({ where: { id: shop.id }, data: { ...settings, knowledgeRefreshedAt: new Date() } });
}

const VANISHED_MESSAGES = {
  assistant: "Your receptionist's assistant was deleted at the voice service, so calls to your number are not answered.",
  phoneNumber: "Your receptionist's phone number was deleted at the voice service, so it no longer takes calls.",
} as const;

/**
 * The active receptionist's assistant or number was deleted at Vapi (by hand,
 * in its dashboard): the shop forgets it and shows the receptionist failed,
 * saying so; setting it up again makes only what is gone (a new assistant is
 * put on the number the shop keeps). False when the row no longer names it,
 * or a run or upkeep holds the lease (it looks for itself).
 */
export async function forgetVanished(shopId: string, gone: { assistantId: string } | { phoneNumberId: string }): Promise<boolean> {
  const which = "assistantId" in gone ? "assistant" : "phoneNumber";
  const { count } = await prisma.shop.updateMany({
    where: { id: shopId, receptionistStatus: "active", ...gone, ...leaseFree(new Date()) },
    data: {
      ...(which === "assistant" ? { assistantId: null, assistantName: null } : { phoneNumberId: null, phoneNumber: null }),
      receptionistStatus: "failed",
      lastErrorCode: "VAPI_RESOURCE_GONE",
      lastErrorMessage: VANISHED_MESSAGES[which],
    },
  });
  if (count > 0) logger.error(`The receptionist's ${which} was deleted at Vapi; the receptionist is shown failed`, { shopId, ...gone });
  return count > 0;
}

/**
 * Releases the shop's numbers and deletes its assistants (they cost money),
 * strays included, then forgets them. Under the upkeep lease: a setup cannot
 * start halfway through. Throws PROVISIONING_IN_PROGRESS while a run holds
 * the lease (the uninstall job retries).
 */
export async function removeReceptionist(shopId: string, options: RetryOptions = {}): Promise<Shop> {
  const removed = await afterUpkeep(shopId, () =>
    withUpkeepLease(shopId, async (lease, shop) => {
      const vapi = { ...options, shopId };
      const found = await shopResources(shop, vapi);
      // The saved number first, and the row at once: without its number the
      // receptionist is no longer active, whatever fails next (an "active" row
      // whose number is gone would look live, and could never be set up again).
      if (shop.phoneNumberId) {
        await releasePhoneNumber(shop.phoneNumberId, vapi);
        await fencedUpdate(lease, { phoneNumberId: null, phoneNumber: null, receptionistStatus: "not_provisioned" });
      }
      for (const id of found.phoneNumberIds) if (id !== shop.phoneNumberId) await stillHeld(lease).then(() => releasePhoneNumber(id, vapi));
      for (const id of found.assistantIds) await stillHeld(lease).then(() => deleteAssistant(id, vapi));
      // A number still being bought for one of them lands later: the late sweep finds it by its assistant.
      if (found.assistantIds.length > 0) await scheduleLateSweep(lease);
      return fencedUpdate(lease, {
        retiredAssistantIds: [...new Set([...found.assistantIds, ...shop.retiredAssistantIds])].slice(0, RETIRED_ASSISTANTS_KEPT),
        receptionistStatus: "not_provisioned",
        phoneNumberId: null,
        phoneNumber: null,
        assistantId: null,
        assistantName: null,
        provisionedAt: null,
        knowledgeRefreshedAt: null,
        provisioningStartedAt: null,
        ...LEASE_RELEASED,
        lastErrorCode: null,
        lastErrorMessage: null,
      });
    }),
  );
  if (removed) return removed.value;
  const shop = await prisma.shop.findUniqueOrThrow({ where: { id: shopId } });
  if (upkeepHolds(shop)) throw new AppError("CLEANUP_IN_PROGRESS", CLEANUP_MESSAGE);
  throw new AppError("PROVISIONING_IN_PROGRESS", "The receptionist is being set up; remove it when setup has finished.");
}
