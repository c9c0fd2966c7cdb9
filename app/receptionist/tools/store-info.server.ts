// store_info: the store's policies, shipping countries, opening hours (open
// or closed right now, computed here) and FAQ, by topic, from what the last
// knowledge refresh stored: one database read during the call. A shop whose
// policies were never read (set up before this tool, no refresh since) has
// them read once from the Admin API here, within the tools' deadline.
import { answerStoreInfo } from "../../knowledge/store-info";
import {
  loadStoreKnowledge,
  saveShopifyKnowledge,
  shopifyKnowledgeFrom,
  STORE_KNOWLEDGE_QUERY,
  type StoreKnowledgeResponse,
} from "../../knowledge/store-knowledge.server";
import { queryAdmin } from "./admin-client.server";
import type { ToolHandler } from "./answer-tool-calls.server";

export const storeInfo: ToolHandler = async (args, context) => {
  const topic = typeof args.topic === "string" ? args.topic.slice(0, 100) : "";
  const question = typeof args.question === "string" ? args.question.slice(0, 500) : null;
  let knowledge = await loadStoreKnowledge(context.shop.id);
  if (knowledge.policiesFetchedAt === null) {
    const { data } = await queryAdmin<NonNullable<StoreKnowledgeResponse["data"]>>(context.shop, STORE_KNOWLEDGE_QUERY, {});
    await saveShopifyKnowledge(context.shop.id, shopifyKnowledgeFrom(data));
    knowledge = await loadStoreKnowledge(context.shop.id);
  }
  return answerStoreInfo(knowledge, { topic, question }, new Date());
};
