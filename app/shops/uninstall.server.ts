// app/uninstalled: everything that calls out or costs money stops at once.
// Every step is idempotent (Shopify may deliver the webhook twice, and a
// failed delivery is retried from the start), and none needs the Admin API:
// the shop's token is revoked by now. The app-data metafield the storefront
// block reads goes with the app installation, on Shopify's side.
import prisma from "../db.server";
import { cancelShopJobs } from "../checkins/job-control.server";
import { removeReceptionist } from "../receptionist/provisioning.server";

export async function shutDownShop(domain: string): Promise<void> {
  await prisma.session.deleteMany({ where: { shop: domain } });
  const shop = await prisma.shop.findUnique({ where: { domain } });
  if (!shop) return;
  // Inactive schedules before canceling: a dispatch claimed meanwhile refuses
  // an inactive schedule, and the planner plans none for it.
  await prisma.$transaction([
    prisma.shop.update({ where: { id: shop.id }, data: { uninstalledAt: shop.uninstalledAt ?? new Date() } }),
    prisma.callSettings.updateMany({ where: { shopId: shop.id }, data: { active: false } }),
  ]);
  await cancelShopJobs(shop.id, "The app was uninstalled");
  // Throws while a provisioning holds its lease: the webhook then fails and
  // Shopify's retry, after the lease, releases what that provisioning made.
  await removeReceptionist(shop.id);
}
