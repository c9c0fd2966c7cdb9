// app/uninstalled: everything that calls out or costs money stops. In two
// parts, so the webhook answers at once whatever Vapi does:
// - markShopUninstalled, inside the webhook's transaction: the shop is marked,
//   its schedules inactive (a dispatch refuses an inactive schedule and the
//   planner plans none, so no call is placed from here on), its sessions
//   gone, and the shutdown job queued, all in one commit;
// - releaseShopResources, that job (pg-boss retries it for about a day):
//   withdraws calls already placed at Vapi, releases the number and deletes
//   the assistant.
// Every step is idempotent, and none needs the Admin API: the shop's token
// is revoked by now. The app-data metafield the storefront block reads goes
// with the app installation, on Shopify's side.
import type { Prisma } from "@prisma/client";
import { fromPrisma } from "pg-boss";
import prisma from "../db.server";
import { cancelShopJobs, UNINSTALLED } from "../checkins/job-control.server";
import { jobQueue, QUEUES, type ShopShutdownPayload } from "../jobs/queue.server";
import { logger } from "../observability/logger.server";
import { removeReceptionist } from "../receptionist/provisioning.server";

/**
 * How long before the shop's current installation an uninstall must have happened to be one of an earlier
 * installation: Shopify's clock and this one may disagree by a little.
 */
const CLOCK_SKEW_MS = 60_000;

/**
 * `triggeredAt`: when Shopify says the uninstall happened. Shopify retries a delivery that failed for hours: one
 * that happened before the shop was installed again (a reinstall since) is about an installation that is gone, and
 * must not tear down the merchant's live receptionist.
 */
export async function markShopUninstalled(tx: Prisma.TransactionClient, domain: string, triggeredAt: Date | null = null): Promise<void> {
  const shop = await tx.shop.findUnique({ where: { domain } });
  if (shop && triggeredAt && triggeredAt.getTime() < shop.installedAt.getTime() - CLOCK_SKEW_MS) {
    logger.warn("An uninstall from before the shop was installed again: ignored", { shop: domain, triggeredAt, installedAt: shop.installedAt });
    return;
  }
  await tx.session.deleteMany({ where: { shop: domain } });
  if (!shop) return;
  await tx.shop.update({ where: { id: shop.id }, data: { uninstalledAt: shop.uninstalledAt ?? new Date() } });
  await tx.callSettings.updateMany({ where: { shopId: shop.id }, data: { active: false } });
  const payload: ShopShutdownPayload = { shopDomain: domain };
  await (await jobQueue()).send(QUEUES.shopShutdown, payload, { db: fromPrisma(tx) });
}

/**
 * Whether an app/uninstalled body (Shopify's shop resource) is about the shop its header names. The HMAC covers
 * the body only: a signed body of one shop (or of another topic) sent again under another shop's header is refused.
 */
export function namesShop(payload: unknown, domain: string): boolean {
  const named = typeof payload === "object" && payload !== null ? (payload as { myshopify_domain?: unknown }).myshopify_domain : undefined;
  if (named === domain) return true;
  logger.warn("app/uninstalled refused: its body does not name the shop of its header", { shop: domain });
  return false;
}

/** Shopify's X-Shopify-Triggered-At, or null when it is missing or not a date. */
export function triggeredAtOf(header: string | undefined): Date | null {
  const at = header ? new Date(header) : null;
  return at && Number.isFinite(at.getTime()) ? at : null;
}

/**
 * The shutdown job. Throws while Vapi fails or a provisioning still holds its
 * lease (its writes are refused once the shop is uninstalled, so the lease
 * runs out): pg-boss then retries, and the retry finds what is left.
 */
export async function releaseShopResources({ shopDomain }: ShopShutdownPayload): Promise<void> {
  const shop = await prisma.shop.findUnique({ where: { domain: shopDomain } });
  // Reinstalled meanwhile: the merchant wants the receptionist again.
  if (!shop?.uninstalledAt) return;
  await cancelShopJobs(shop.id, UNINSTALLED);
  await removeReceptionist(shop.id);
  logger.info("Uninstalled shop's Vapi resources released", { shop: shopDomain });
}

/** Both parts at once, for shop/redact (which runs in a job already). */
export async function shutDownShop(domain: string): Promise<void> {
  await prisma.$transaction((tx) => markShopUninstalled(tx, domain));
  await releaseShopResources({ shopDomain: domain });
}
