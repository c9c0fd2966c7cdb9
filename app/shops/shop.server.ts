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
  return prisma.shop.upsert({
    where: { domain },
    create: { domain, ...profile, scopes },
    // A reinstall clears the uninstalled mark. An authentication proves the app installed at this moment (no token
    // is issued to an uninstalled app), so an uninstall Shopify delivers late, from before it, is ignored
    // (uninstall.server.ts); the shop need not have been marked uninstalled, since all its deliveries may have failed.
    update: { ...profile, ...(scopes ? { scopes } : {}), uninstalledAt: null, installedAt: new Date() },
  });
}

/** The authenticated shop's row, created from the Admin API if it is missing. */
export async function requireShop(admin: AdminApiContext, domain: string): Promise<Shop> {
  return (await prisma.shop.findUnique({ where: { domain } })) ?? syncShop(admin, domain);
}
