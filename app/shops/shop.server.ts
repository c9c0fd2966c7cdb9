// The Shop row: created or refreshed from the Admin API when a shop
// authenticates, and loaded by every page for the authenticated shop.
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import type { Shop } from "@prisma/client";
import prisma from "../db.server";

const SHOP_QUERY = `#graphql
  query ShopProfile {
    shop { name ianaTimezone currencyCode }
  }`;

/** Reads the shop's name, timezone and currency and stores them. */
export async function syncShop(admin: AdminApiContext, domain: string, scopes?: string): Promise<Shop> {
  const response = await admin.graphql(SHOP_QUERY);
  // Typed by Shopify's codegen (app/types/admin.generated.d.ts); GraphQL errors are thrown by admin.graphql.
  const { data } = await response.json();
  if (!data) throw new Error("The Admin API returned no shop profile");
  const profile = { name: data.shop.name, timezone: data.shop.ianaTimezone, currency: data.shop.currencyCode };
  // A reinstall starts a new installation: an uninstall Shopify delivers late, from before it, is then ignored.
  await prisma.shop.updateMany({ where: { domain, uninstalledAt: { not: null } }, data: { installedAt: new Date() } });
  return prisma.shop.upsert({
    where: { domain },
    create: { domain, ...profile, scopes },
    // A reinstall clears the uninstalled mark.
    update: { ...profile, ...(scopes ? { scopes } : {}), uninstalledAt: null },
  });
}

/** The authenticated shop's row, created from the Admin API if it is missing. */
export async function requireShop(admin: AdminApiContext, domain: string): Promise<Shop> {
  return (await prisma.shop.findUnique({ where: { domain } })) ?? syncShop(admin, domain);
}
