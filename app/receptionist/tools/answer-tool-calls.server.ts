// Answers a tool-calls message from the shop's own Admin API: one result per
// call, in order, each a single line the assistant can read aloud. A failing
// tool never fails the webhook: the caller hears a short fallback that tells
// the assistant not to retry, instead of a loop of "technical difficulties".
import type { Shop } from "@prisma/client";
import { logger } from "../../observability/logger.server";
import { normalizeToolCalls, type ToolCall, type ToolCallsMessage } from "../../vapi/server-messages";
import { ORDER_LOOKUP_TOOL, PRODUCT_SEARCH_TOOL } from "../assistant-config";
import { lookupOrder } from "./order-lookup.server";
import { searchProducts } from "./product-search.server";
import { recordNote } from "./record-note.server";
import { RECORD_NOTE_TOOL } from "../../checkins/checkin-assistant";

export interface ToolContext {
  shop: Shop;
  /** The number the customer is calling from (caller ID), if known. */
  callerNumber: string | null;
  callId: string;
  /** An outbound call (a check-in), and the job its metadata names. */
  outbound?: boolean;
  callJobId?: string | null;
  /** The tool call being answered (set per call). */
  toolCallId?: string;
}

export type ToolHandler = (args: Record<string, unknown>, context: ToolContext) => Promise<string>;

const HANDLERS: Record<string, ToolHandler> = {
  [ORDER_LOOKUP_TOOL]: lookupOrder,
  [PRODUCT_SEARCH_TOOL]: searchProducts,
  [RECORD_NOTE_TOOL]: recordNote,
};

/**
 * Customer tools serve people who call the shop. On an outbound (check-in)
 * call whoever answers is not verified by anything, and the check-in
 * configuration carries no such tools: a call for one is refused, with no data.
 */
const INBOUND_ONLY: ReadonlySet<string> = new Set([ORDER_LOOKUP_TOOL, PRODUCT_SEARCH_TOOL]);

export const OUTBOUND_REFUSAL = "This tool is not available on this call. Do not look up orders or products; help without it.";

export const TOOL_FALLBACK =
  "I can't check that right now. Do not try this lookup again during this call; offer to take a message or to transfer the caller to the team.";

export interface ToolResults {
  results: Array<{ toolCallId: string; result: string }>;
}

export async function answerToolCalls(shop: Shop, message: ToolCallsMessage): Promise<ToolResults> {
  const context: ToolContext = {
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

async function answer(call: ToolCall, context: ToolContext, inbound: boolean): Promise<string> {
  if (!inbound && INBOUND_ONLY.has(call.name)) return OUTBOUND_REFUSAL;
  const handler = HANDLERS[call.name];
  if (!handler) return `There is no tool called ${call.name}. Help the caller without it.`;
  try {
    return await handler(call.args, { ...context, toolCallId: call.id });
  } catch (error) {
    logger.error(`Tool ${call.name} failed`, { shop: context.shop.domain, callId: context.callId, error });
    return TOOL_FALLBACK;
  }
}

/** Vapi reads results as one line. */
function singleLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
