// Keeps the assistant's product knowledge (its prompt) fresh. Product
// webhooks only schedule a refresh a while later, one per shop: the queue's
// "stately" policy keeps at most one waiting refresh per shop (singletonKey),
// so a bulk import of hundreds of products causes one assistant update, which
// reads the products as they are after the burst.
import type { Shop } from "@prisma/client";
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import prisma from "../db.server";
import { jobQueue, QUEUES, type KnowledgePayload } from "../jobs/queue.server";
import { unauthenticated } from "../shopify.server";
import { isProvisioned, savedSettings, updateReceptionist } from "./provisioning.server";
import { loadPromptProducts } from "./shop-knowledge.server";

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

/** Rebuilds the prompt from the shop's current products (one PATCH to the assistant). */
export function refreshKnowledge(shop: Shop, admin: Pick<AdminApiContext, "graphql">): Promise<Shop> {
  return updateReceptionist(shop.id, savedSettings(shop), () => loadPromptProducts(admin));
}

/** The queued refresh; the receptionist may have been removed since it was scheduled. */
export async function runKnowledgeRefresh({ shopDomain }: KnowledgePayload): Promise<"refreshed" | "skipped"> {
  const shop = await activeShop(shopDomain);
  if (!shop) return "skipped";
  const { admin } = await unauthenticated.admin(shopDomain);
  await refreshKnowledge(shop, admin);
  return "refreshed";
}
