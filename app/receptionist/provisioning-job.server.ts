// The provisioning watchdog, run by the worker. Every run queues one (in the
// transaction that takes the lease) for just after its lease would run out:
// a run whose process died (a crash, a deploy, kill -9) is then resumed by
// itself, without the merchant doing anything. When there is nothing to
// resume, the watchdog releases stray Vapi resources of the shop. A timer
// in the worker also looks for runs left without a holder whose watchdog was
// lost with its worker.
import type { Shop } from "@prisma/client";
import prisma from "../db.server";
import type { ProvisioningPayload } from "../jobs/queue.server";
import { logger } from "../observability/logger.server";
import { unauthenticated } from "../shopify.server";
import { scheduleStorefrontSync } from "../storefront/storefront-number.server";
import { AppError } from "../vapi/errors";
import { leaseFree, leaseHeld, resumeProvisioning, scheduleProvisioningWatch, sweepStrayResources, type ProvisionOptions } from "./provisioning.server";
import { loadPromptProducts } from "./shop-knowledge.server";

export type WatchOutcome = "gone" | "waiting" | "resumed" | "failed" | "swept";

async function shopProducts(shop: Shop) {
  const { admin } = await unauthenticated.admin(shop.domain);
  return loadPromptProducts(admin);
}

export async function superviseProvisioning({ shopId }: ProvisioningPayload, options: ProvisionOptions = {}): Promise<WatchOutcome> {
  const shop = await prisma.shop.findUnique({ where: { id: shopId } });
  if (!shop) return "gone";
  if (leaseHeld(shop)) {
    // A live run: look again when its lease would run out.
    await scheduleProvisioningWatch(shopId, (shop.provisioningLeaseUntil!.getTime() - Date.now()) / 1000 + 1);
    return "waiting";
  }
  if (shop.receptionistStatus === "provisioning" && !shop.uninstalledAt) {
    try {
      const resumed = await resumeProvisioning(shopId, shopProducts, options);
      if (!resumed) return "waiting";
      // The request that started it would have written the storefront number.
      await scheduleStorefrontSync(shop.domain);
      return "resumed";
    } catch (error) {
      // Recorded on the shop ("failed", with the merchant's message): the page offers the retry.
      if (error instanceof AppError) return "failed";
      throw error;
    }
  }
  // Null: a run or a removal took the lease meanwhile; each sweeps after itself.
  return (await sweepStrayResources(shopId, options)) === null ? "waiting" : "swept";
}

/** Shops left "provisioning" with no live lease: their watchdogs are queued now. */
export async function watchStrandedRuns(now = new Date()): Promise<number> {
  const stranded = await prisma.shop.findMany({
    where: { receptionistStatus: "provisioning", uninstalledAt: null, ...leaseFree(now) },
    select: { id: true },
  });
  for (const { id } of stranded) await scheduleProvisioningWatch(id, 0);
  return stranded.length;
}

/** In the worker: watchStrandedRuns now and every interval, until the returned function is called. */
export function startStrandedRunWatch(intervalMs = 15_000): () => void {
  const tick = () =>
    watchStrandedRuns().then(
      (count) => count > 0 && logger.warn(`Provisioning runs without a holder: ${count}, resuming`),
      (error: unknown) => logger.error("Looking for stranded provisioning runs failed", { error }),
    );
  void tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
