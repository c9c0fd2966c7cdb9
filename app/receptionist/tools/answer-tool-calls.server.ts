// Answers a tool-calls message from the shop's own Admin API: one result per
// call, in order, each a single line the assistant can read aloud. A failing
// tool never fails the webhook: the caller hears a short fallback that tells
// the assistant not to retry, instead of a loop of "technical difficulties".
import type { Shop } from "@prisma/client";
import { logger } from "../../observability/logger.server";
import { normalizeToolCalls, type ToolCall, type ToolCallsMessage } from "../../vapi/server-messages";
import { ORDER_LOOKUP_TOOL, PRODUCT_SEARCH_TOOL, STORE_INFO_TOOL, TAKE_MESSAGE_TOOL } from "../assistant-config";
import { lookupOrder } from "./order-lookup.server";
import { searchProducts } from "./product-search.server";
import { storeInfo } from "./store-info.server";
import { takeMessage } from "./take-message.server";
import { recordNote } from "./record-note.server";
import { RECORD_NOTE_TOOL } from "../../checkins/checkin-assistant";
import { ownEntry } from "../../own-entry";

export interface ToolContext {
  shop: Shop;
  /** The number the customer is calling from (caller ID), if known. */
  callerNumber: string | null;
  callId: string;
  /** The id of the tool call being answered: Vapi may deliver the same one twice. */
  toolCallId: string;
  /** An outbound call (a check-in), and the job its metadata names. */
  outbound?: boolean;
  callJobId?: string | null;
}

export type ToolHandler = (args: Record<string, unknown>, context: ToolContext) => Promise<string>;

const HANDLERS: Record<string, ToolHandler> = {
  [ORDER_LOOKUP_TOOL]: lookupOrder,
  [PRODUCT_SEARCH_TOOL]: searchProducts,
  [STORE_INFO_TOOL]: storeInfo,
  [TAKE_MESSAGE_TOOL]: takeMessage,
  [RECORD_NOTE_TOOL]: recordNote,
};

/**
 * Customer tools serve people who call the shop. On an outbound (check-in)
 * call whoever answers is not verified by anything, and the check-in
 * configuration carries no such tools: a call for one is refused, with no data.
 */
const INBOUND_ONLY: ReadonlySet<string> = new Set([ORDER_LOOKUP_TOOL, PRODUCT_SEARCH_TOOL, STORE_INFO_TOOL, TAKE_MESSAGE_TOOL]);

/**
 * Tools that write: a failure to store is not answered with the fallback
 * (the caller would be told nothing was saved, or worse, that it was) but
 * fails the delivery, so the webhook answers 503, Vapi retries and the
 * retry is deduplicated by the tool call's id.
 */
const WRITING_TOOLS: ReadonlySet<string> = new Set([TAKE_MESSAGE_TOOL, RECORD_NOTE_TOOL]);

export const OUTBOUND_REFUSAL = "This tool is not available on this call. Do not look up orders or products; help without it.";

export const TOOL_FALLBACK =
  "I can't check that right now. Do not try this lookup again during this call; offer to take a message or to transfer the caller to the team.";

export interface ToolResults {
  results: Array<{ toolCallId: string; result: string }>;
}

export async function answerToolCalls(shop: Shop, message: ToolCallsMessage): Promise<ToolResults> {
  const context: Omit<ToolContext, "toolCallId"> = {
    shop,
    callerNumber: message.call.customer?.number ?? message.customer?.number ?? null,
    callId: message.call.id,
    outbound: message.call.type === "outboundPhoneCall",
    callJobId: message.call.assistantOverrides?.metadata?.callJobId ?? null,
  };
  const calls = normalizeToolCalls(message);
  const inbound = message.call.type === "inboundPhoneCall";
  if (!inbound && calls.some((call) => INBOUND_ONLY.has(call.name))) {
    logger.warn("Customer tool called on a call that is not an inbound phone call: refused", {
      shop: shop.domain,
      callId: context.callId,
      callType: message.call.type ?? null,
    });
  }
  const results = await Promise.all(calls.map(async (call) => ({ toolCallId: call.id, result: singleLine(await answer(call, context, inbound)) })));
  return { results };
}

async function answer(call: ToolCall, callContext: Omit<ToolContext, "toolCallId">, inbound: boolean): Promise<string> {
  if (!inbound && INBOUND_ONLY.has(call.name)) return OUTBOUND_REFUSAL;
  const handler = ownEntry(HANDLERS, call.name);
  if (!handler) return `There is no tool called ${call.name}. Help the caller without it.`;
  const context: ToolContext = { ...callContext, toolCallId: call.id };
  try {
    return await handler(call.args, context);
  } catch (error) {
    if (WRITING_TOOLS.has(call.name)) throw error;
    logger.error(`Tool ${call.name} failed`, { shop: context.shop.domain, callId: context.callId, error });
    return TOOL_FALLBACK;
  }
}

/** Vapi reads results as one line. */
function singleLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
