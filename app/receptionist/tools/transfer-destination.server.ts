// Answers Vapi's transfer-destination-request (the transferCall tool has no
// fixed destination): the shop's forwarding number while the store is open,
// otherwise an error the assistant reads as "take a message instead".
import type { Shop } from "@prisma/client";
import type { Vapi } from "@vapi-ai/server-sdk";
import { loadStoreKnowledge } from "../../knowledge/store-knowledge.server";
import { logger } from "../../observability/logger.server";
import { checkForwardingNumber } from "../assistant-config";
import { transferDecision } from "../transfer-policy";

export const TRANSFER_MESSAGE = "Please hold while I connect you with a member of our team.";

export async function answerTransferDestinationRequest(
  shop: Pick<Shop, "id" | "domain" | "forwardingNumber">,
  callId: string,
  at = new Date(),
): Promise<Vapi.ServerMessageResponseTransferDestinationRequest> {
  const { openingHours } = await loadStoreKnowledge(shop.id);
  const decision = transferDecision(shop.forwardingNumber, openingHours, at);
  logger.info(`transfer-destination-request: ${decision.transfer ? "transferred" : decision.reason}`, { shop: shop.domain, callId });
  if (!decision.transfer) return { error: decision.instruction };
  const forwarding = checkForwardingNumber(decision.number);
  if (!forwarding) return { error: "No one can take calls at the store. Offer to take a message instead (take_message)." };
  return {
    destination: { type: "number", number: forwarding.number, ...(forwarding.extension ? { extension: forwarding.extension } : {}), message: TRANSFER_MESSAGE },
    message: { type: "request-start", content: TRANSFER_MESSAGE },
  };
}
