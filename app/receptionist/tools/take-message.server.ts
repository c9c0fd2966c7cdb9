// take_message: the caller's name, a number to call them back on (read back
// to the caller and confirmed before anything is written), the reason and
// an optional order number become one Message row on the call, once per tool
// call however often Vapi delivers it.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { recordMessage } from "../../messages/messages.server";
import { logger } from "../../observability/logger.server";
import { maskPhone } from "../../observability/mask";
import type { ToolHandler } from "./answer-tool-calls.server";
import { storableText } from "../../vapi/storable";
import { orderNumberOf, toE164 } from "./verification";

const MAX_NAME = 100;
const MAX_REASON = 500;

/** One line of text within `max`, never cut inside a character, or "" for anything else. */
function cleaned(value: unknown, max: number): string {
  return typeof value === "string" ? storableText(value.replace(/\s+/g, " ").trim(), max) : "";
}

function argumentsOf(args: Record<string, unknown>) {
  return {
    callerName: cleaned(args.callerName, MAX_NAME),
    callbackNumber: cleaned(args.callbackNumber, 40),
    reason: cleaned(args.reason, MAX_REASON),
    orderNumber: orderNumberOf(args.orderNumber),
    callbackNumberConfirmed: args.callbackNumberConfirmed === true || args.callbackNumberConfirmed === "true",
  };
}

/** The number grouped as people read it back: "(617) 555-0101". */
function spokenNumber(e164: string): string {
  const phone = parsePhoneNumberFromString(e164);
  return phone ? phone.formatNational() : e164;
}

export const takeMessage: ToolHandler = async (args, context) => {
  const input = argumentsOf(args);
  const missing = [...(input.callerName ? [] : ["their name"]), ...(input.reason ? [] : ["what the message is about"])];
  // "This number" is the number they call from (caller ID), still read back to confirm.
  const callbackNumber = toE164(input.callbackNumber) ?? (input.callbackNumber === "" ? toE164(context.callerNumber) : null);
  if (!callbackNumber)
    missing.push(
      input.callbackNumber ? "a complete phone number with its area code (the one given is not a valid number)" : "a phone number to call them back on",
    );
  if (missing.length > 0) return `The message is not saved yet. Ask the caller for ${missing.join(" and ")}, then call take_message again.`;

  if (!input.callbackNumberConfirmed) {
    return (
      `The message is not saved yet. Read the callback number back to the caller: ${spokenNumber(callbackNumber!)}. ` +
      "If they confirm it, call take_message again with the same details and callbackNumberConfirmed true; if not, ask for the number again."
    );
  }

  const recorded = await recordMessage(
    context.shop,
    { vapiCallId: context.callId, toolCallId: context.toolCallId, callerNumber: context.callerNumber },
    { callerName: input.callerName, callbackNumber: callbackNumber!, reason: input.reason, orderNumber: input.orderNumber },
  );
  if (recorded.outcome === "foreign") {
    logger.warn("take_message refused: the call id belongs to another shop's call record", { shop: context.shop.domain, callId: context.callId });
    return "The message could not be saved. Apologise and ask the caller to call back later or to email the store.";
  }
  logger.info(`take_message: ${recorded.outcome}`, { shop: context.shop.domain, callId: context.callId, callback: maskPhone(callbackNumber!) });
  return `The message is saved for the team: ${input.callerName} at ${spokenNumber(callbackNumber!)}. Tell the caller a team member will call them back; do not promise a time.`;
};
