// StoreKnowledge rows: read, the merchant's edits (FAQ, opening hours), and
// the part a knowledge refresh copies from Shopify (policies, ship-to
// countries). Every query is keyed by the shop.
import { Prisma } from "@prisma/client";
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import prisma from "../db.server";
import { AppError } from "../vapi/errors";
import type { OpeningHours } from "../opening-hours/opening-hours";
import {
  EMPTY_KNOWLEDGE,
  knowledgeFromRow,
  policyText,
  POLICY_TYPES,
  StoredPolicySchema,
  type FaqEntry,
  type StoreKnowledge,
  type StoredPolicy,
} from "./store-knowledge";

export const STORE_KNOWLEDGE_QUERY = `#graphql
  query ReceptionistStoreKnowledge {
    shop {
      shipsToCountries
      shopPolicies { type title body updatedAt }
    }
  }`;

export interface StoreKnowledgeResponse {
  data?: { shop: { shipsToCountries: string[]; shopPolicies: Array<{ type: string; title: string; body: string; updatedAt: string }> } };
}

export async function loadStoreKnowledge(shopId: string): Promise<StoreKnowledge> {
  const row = await prisma.storeKnowledge.findUnique({ where: { shopId } });
  return row ? knowledgeFromRow(row) : EMPTY_KNOWLEDGE;
}

type ShopifyKnowledge = { policies: StoredPolicy[]; shipsToCountries: string[] };

/** Reads the policies and ship-to countries from the shop's Admin API (plain text, only the types the receptionist answers from). */
export async function fetchShopifyKnowledge(admin: Pick<AdminApiContext, "graphql">): Promise<ShopifyKnowledge> {
  let body: StoreKnowledgeResponse;
  try {
    const response = await admin.graphql(STORE_KNOWLEDGE_QUERY);
    body = (await response.json()) as StoreKnowledgeResponse;
  } catch (error) {
    throw new AppError("SHOP_DATA_UNAVAILABLE", "We could not read your store policies from Shopify. Please try again in a moment.", { cause: error });
  }
  return shopifyKnowledgeFrom(body.data);
}

export function shopifyKnowledgeFrom(data: StoreKnowledgeResponse["data"]): ShopifyKnowledge {
  const shop = data?.shop;
  const policies = (shop?.shopPolicies ?? [])
    .filter((policy) => (POLICY_TYPES as readonly string[]).includes(policy.type))
    .map((policy) => StoredPolicySchema.parse({ type: policy.type, title: policy.title, body: policyText(policy.body), updatedAt: policy.updatedAt ?? null }));
  return { policies, shipsToCountries: (shop?.shipsToCountries ?? []).filter((code) => /^[A-Z_]{2,20}$/.test(code)) };
}

export async function saveShopifyKnowledge(shopId: string, fetched: ShopifyKnowledge, at = new Date()): Promise<void> {
  const data = { policies: fetched.policies, shipsToCountries: fetched.shipsToCountries, policiesFetchedAt: at };
  await prisma.storeKnowledge.upsert({ where: { shopId }, create: { shopId, ...data }, update: data });
}

/** The merchant's edits from the Store info page (already validated). */
export async function saveMerchantKnowledge(shopId: string, edits: { faq: FaqEntry[]; openingHours: OpeningHours | null }): Promise<void> {
  const data = { faq: edits.faq, openingHours: edits.openingHours ?? Prisma.DbNull };
  await prisma.storeKnowledge.upsert({ where: { shopId }, create: { shopId, ...data }, update: data });
}
