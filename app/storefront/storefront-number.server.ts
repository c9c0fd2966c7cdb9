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

interface GraphQLBody<T> {
  data?: T;
  errors?: unknown;
}

async function run<T>(admin: Admin, query: string, variables?: Record<string, unknown>): Promise<T> {
  const body = (await (await admin.graphql(query, variables ? { variables } : undefined)).json()) as GraphQLBody<T>;
  if (!body.data) throw new Error(`Admin API error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/**
 * Writes the number (and hours) while the receptionist is active, deletes the
 * metafield otherwise. Best effort: the receptionist itself changed already,
 * so a failure is logged, not thrown; the next provisioning, update or
 * removal writes it again. True when the storefront is in sync.
 */
export async function syncStorefrontNumber(admin: Admin, shop: Shop): Promise<boolean> {
  try {
    const { currentAppInstallation } = await run<{ currentAppInstallation: { id: string } }>(admin, INSTALLATION_QUERY);
    const identifier = { ownerId: currentAppInstallation.id, ...STOREFRONT_METAFIELD };
    if (isProvisioned(shop)) {
      const value: StorefrontReceptionist = { phone: shop.phoneNumber!, hours: shop.hoursOfOperation };
      const { metafieldsSet } = await run<{ metafieldsSet: { userErrors: unknown[] } }>(admin, SET_MUTATION, {
        metafields: [{ ...identifier, type: "json", value: JSON.stringify(value) }],
      });
      if (metafieldsSet.userErrors.length > 0) throw new Error(`metafieldsSet refused: ${JSON.stringify(metafieldsSet.userErrors)}`);
    } else {
      const { metafieldsDelete } = await run<{ metafieldsDelete: { userErrors: unknown[] } }>(admin, DELETE_MUTATION, { metafields: [identifier] });
      if (metafieldsDelete.userErrors.length > 0) throw new Error(`metafieldsDelete refused: ${JSON.stringify(metafieldsDelete.userErrors)}`);
    }
    return true;
  } catch (error) {
    logger.error("The storefront's receptionist number could not be updated", { shop: shop.domain, error });
    return false;
  }
}
