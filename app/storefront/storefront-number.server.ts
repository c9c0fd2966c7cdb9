// The receptionist's number on the storefront: the theme app extension
// (extensions/call-us) reads `app.metafields.receptionist.storefront`, an
// app-data metafield on the app's installation. Chosen over a shop metafield
// because only this app can write it, no metafield definition or storefront
// access grant is needed, and Shopify deletes it with the installation when
// the app is uninstalled (when the app can no longer call the Admin API).
// Present exactly while the receptionist is active: the block shows nothing
// without it.
import type { Shop } from "@prisma/client";
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import prisma from "../db.server";
import { jobQueue, QUEUES, type StorefrontSyncPayload } from "../jobs/queue.server";
import { logger } from "../observability/logger.server";
import { isProvisioned } from "../receptionist/provisioning.server";

export const STOREFRONT_METAFIELD = { namespace: "receptionist", key: "storefront" } as const;

/** The metafield's JSON value, what the Liquid reads. */
export interface StorefrontReceptionist {
  phone: string;
  hours: string | null;
}

const INSTALLATION_QUERY = `#graphql
  query CurrentAppInstallation { currentAppInstallation { id } }`;

const SET_MUTATION = `#graphql
  mutation SetStorefrontReceptionist($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) { metafields { id } userErrors { field message code } }
  }`;

const DELETE_MUTATION = `#graphql
  mutation DeleteStorefrontReceptionist($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) { deletedMetafields { key } userErrors { field message } }
  }`;

type Admin = Pick<AdminApiContext, "graphql">;

/** The data of a response typed by Shopify's codegen (app/types/admin.generated.d.ts); admin.graphql throws GraphQL errors itself. */
async function dataOf<T>(response: Promise<{ json(): Promise<{ data?: T }> }>): Promise<T> {
  const { data } = await (await response).json();
  if (!data) throw new Error("The Admin API returned no data");
  return data;
}

/**
 * Writes the number (and hours) while the receptionist is active, deletes the
 * metafield otherwise. The receptionist itself changed already, so a failure
 * is not thrown: it is recorded on the shop (the receptionist page shows it)
 * and the sync is retried as a job until it succeeds, so a released number
 * does not stay advertised. True when the storefront is in sync.
 */
export async function syncStorefrontNumber(admin: Admin, shop: Shop): Promise<boolean> {
  try {
    await writeStorefrontNumber(admin, shop);
    if (shop.storefrontSyncError) await prisma.shop.updateMany({ where: { id: shop.id }, data: { storefrontSyncError: null } });
    return true;
  } catch (error) {
    logger.error("The storefront's receptionist number could not be updated; retrying in a job", { shop: shop.domain, error });
    await recordSyncFailure(shop, error);
    await scheduleStorefrontSync(shop.domain);
    return false;
  }
}

/** Queues a sync (at most one waiting per shop), for when no Admin API context is at hand. */
export async function scheduleStorefrontSync(shopDomain: string): Promise<void> {
  const payload: StorefrontSyncPayload = { shopDomain };
  await (await jobQueue()).send(QUEUES.storefront, payload, { singletonKey: shopDomain });
}

/** The retry job: reads the shop as it is now. Throws while the sync fails, so pg-boss retries. */
export async function runStorefrontSync({ shopDomain }: StorefrontSyncPayload, adminFor: (domain: string) => Promise<Admin>): Promise<"synced" | "skipped"> {
  const shop = await prisma.shop.findUnique({ where: { domain: shopDomain } });
  // Uninstalled: Shopify deletes the app-data metafield with the installation.
  if (!shop || shop.uninstalledAt) return "skipped";
  try {
    await writeStorefrontNumber(await adminFor(shopDomain), shop);
  } catch (error) {
    await recordSyncFailure(shop, error);
    throw error;
  }
  await prisma.shop.update({ where: { id: shop.id }, data: { storefrontSyncError: null } });
  return "synced";
}

async function recordSyncFailure(shop: Shop, error: unknown) {
  // The Admin API client throws the HTTP Response itself on an error status.
  const message = error instanceof Response ? `the Admin API answered ${error.status}` : error instanceof Error ? error.message : String(error);
  await prisma.shop
    .update({ where: { id: shop.id }, data: { storefrontSyncError: message.slice(0, 500) } })
    .catch((saveError: unknown) => logger.error("Could not record the storefront sync failure", { error: saveError }));
}

async function writeStorefrontNumber(admin: Admin, shop: Shop): Promise<void> {
  const { currentAppInstallation } = await dataOf(admin.graphql(INSTALLATION_QUERY));
  const identifier = { ownerId: currentAppInstallation.id, ...STOREFRONT_METAFIELD };
  if (isProvisioned(shop)) {
    const value: StorefrontReceptionist = { phone: shop.phoneNumber!, hours: shop.hoursOfOperation };
    const { metafieldsSet } = await dataOf(
      admin.graphql(SET_MUTATION, { variables: { metafields: [{ ...identifier, type: "json", value: JSON.stringify(value) }] } }),
    );
    if (!metafieldsSet || metafieldsSet.userErrors.length > 0) throw new Error(`metafieldsSet refused: ${JSON.stringify(metafieldsSet?.userErrors)}`);
  } else {
    const { metafieldsDelete } = await dataOf(admin.graphql(DELETE_MUTATION, { variables: { metafields: [identifier] } }));
    if (!metafieldsDelete || metafieldsDelete.userErrors.length > 0)
      throw new Error(`metafieldsDelete refused: ${JSON.stringify(metafieldsDelete?.userErrors)}`);
  }
}
