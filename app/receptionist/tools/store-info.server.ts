// store_info: the store's policies, shipping countries, opening hours (open
// or closed right now, computed here) and FAQ, by topic, from what the last
// knowledge refresh stored. No Admin API request during the call: the answer
// is one database read away.
import { z } from "zod";
import { answerStoreInfo } from "../../knowledge/store-info";
import { loadStoreKnowledge } from "../../knowledge/store-knowledge.server";
import type { ToolHandler } from "./answer-tool-calls.server";

const StoreInfoArgs = z.object({
  topic: z.unknown().transform((value) => (typeof value === "string" ? value.slice(0, 100) : "")),
  question: z.unknown().transform((value) => (typeof value === "string" ? value.slice(0, 500) : null)),
});

export const storeInfo: ToolHandler = async (args, context) => {
  const { topic, question } = StoreInfoArgs.parse(args);
  return answerStoreInfo(await loadStoreKnowledge(context.shop.id), { topic, question }, new Date());
};
