// Keeps the assistant's knowledge fresh: its prompt (products, opening
// hours, FAQ questions) and the policies and ship-to countries store_info
// answers from. Product webhooks only schedule a refresh a while later, one
// per shop: the queue's "stately" policy keeps at most one waiting refresh
// per shop (singletonKey), so a bulk import of hundreds of products causes
// one assistant update, which reads the products as they are after the
// burst. Shopify has no webhook topic for policy changes (2026-07 has none
// for shop policies), so policies are read at every refresh, on "Refresh
// now", and by a daily refresh of every shop, which also moves the prompt's
// open/closed timeline ahead.
import type { Shop } from "@prisma/client";
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import prisma from "../db.server";
import { env } from "../env.server";
import { jobQueue, QUEUES, type KnowledgePayload } from "../jobs/queue.server";
import { unauthenticated } from "../shopify.server";
import { scheduleStorefrontSync } from "../storefront/storefront-number.server";
import { AppError } from "../vapi/errors";
import { forgetVanished, isProvisioned, savedSettings, updateReceptionist } from "./provisioning.server";
import { findPhoneNumber } from "./vapi-resources.server";
import { loadPromptProducts } from "./shop-knowledge.server";
import { fetchShopifyKnowledge, saveShopifyKnowledge } from "../knowledge/store-knowledge.server";

/** How long a burst of product changes may go on before the refresh reads the products. */
export const KNOWLEDGE_REFRESH_DELAY_SECONDS = 60;

async function activeShop(domain: string): Promise<Shop | null> {
  const shop = await prisma.shop.findUnique({ where: { domain } });
  return shop && !shop.uninstalledAt && isProvisioned(shop) ? shop : null;
}

/** After a product changed. A no-op without a receptionist, or when a refresh is already waiting. */
export async function scheduleKnowledgeRefresh(shopDomain: string): Promise<void> {
  if (!(await activeShop(shopDomain))) return;
  const payload: KnowledgePayload = { shopDomain };
  await (await jobQueue()).send(QUEUES.knowledge, payload, { singletonKey: shopDomain, startAfter: KNOWLEDGE_REFRESH_DELAY_SECONDS });
}

/** Reads policies and ship-to countries, then rebuilds the prompt from the current products (one PATCH to the assistant). */
export async function refreshKnowledge(shop: Shop, admin: Pick<AdminApiContext, "graphql">): Promise<Shop> {
  await saveShopifyKnowledge(shop.id, await fetchShopifyKnowledge(admin));
  return updateReceptionist(shop.id, savedSettings(shop), () => loadPromptProducts(admin));
}

const ACTIVE_RECEPTIONIST = { uninstalledAt: null, receptionistStatus: "active" } as const;

/** The daily tick: one refresh per active receptionist, spread over the next hour so shops do not all hit Vapi at once. */
export async function scheduleDailyKnowledgeRefreshes(): Promise<number> {
  return queueRefreshes(await prisma.shop.findMany({ where: ACTIVE_RECEPTIONIST, select: { domain: true } }));
}

/**
 * With HMAC on, at the worker's start: a refresh (which updates the assistant, with the credential and a new secret)
 * for every active receptionist whose newest assistant secret was not sent with the current credential. Their
 * messages are then signed within the hour after the deploy that turned HMAC on (or changed the credential), not at
 * the next daily refresh; until then the webhook takes them unsigned (webhook-secrets.server.ts).
 */
export async function scheduleCredentialUpdates(): Promise<number> {
  const credentialId = env.VAPI_WEBHOOK_CREDENTIAL_ID;
  if (!credentialId) return 0;
  const shops = await prisma.shop.findMany({
    where: ACTIVE_RECEPTIONIST,
    select: {
      domain: true,
      webhookSecrets: { where: { kind: "assistant" }, orderBy: { createdAt: "desc" }, take: 1, select: { credentialId: true, credentialKnown: true } },
    },
  });
  return queueRefreshes(shops.filter(({ webhookSecrets: [newest] }) => !newest || !newest.credentialKnown || newest.credentialId !== credentialId));
}

/** One refresh per shop (joining one already waiting), spread over an hour so shops do not all hit Vapi at once. */
async function queueRefreshes(shops: Array<{ domain: string }>): Promise<number> {
  const queue = await jobQueue();
  for (const [index, { domain }] of shops.entries()) {
    const payload: KnowledgePayload = { shopDomain: domain };
    await queue.send(QUEUES.knowledge, payload, { singletonKey: domain, startAfter: KNOWLEDGE_REFRESH_DELAY_SECONDS + ((index * 37) % 3600) });
  }
  return shops.length;
}

/**
 * The queued refresh; the receptionist may have been removed since it was
 * scheduled. It also looks at the number (the assistant's PATCH looks at the
 * assistant): either deleted at Vapi by hand is shown on the page ("gone")
 * and taken off the storefront, rather than left looking active.
 */
export async function runKnowledgeRefresh({ shopDomain }: KnowledgePayload): Promise<"refreshed" | "skipped" | "gone"> {
  const shop = await activeShop(shopDomain);
  if (!shop) return "skipped";
  if (!(await findPhoneNumber(shop.phoneNumberId!, { shopId: shop.id })) && (await forgetVanished(shop.id, { phoneNumberId: shop.phoneNumberId! }))) {
    await scheduleStorefrontSync(shopDomain);
    return "gone";
  }
  const { admin } = await unauthenticated.admin(shopDomain);
  try {
    await refreshKnowledge(shop, admin);
  } catch (error) {
    if (!(error instanceof AppError && error.code === "VAPI_RESOURCE_GONE")) throw error;
    await scheduleStorefrontSync(shopDomain);
    return "gone";
  }
  return "refreshed";
}
