// The sandbox's "customer call": Emma (a demo customer) calls the demo shop's
// receptionist, asks about flannel shirts and about her order #1001, then
// leaves a message to be called back (her number read back and confirmed).
// The simulator runs the call against the app's real webhook and tool handlers.
import type { InboundCallRequest } from "./vapi-simulator/types";

const MESSAGE = {
  callerName: "Emma Johnson",
  callbackNumber: "",
  reason: "Wants to exchange the flannel shirt from order 1001 for a larger size",
  orderNumber: "1001",
};

export function demoCustomerCall(phoneNumberId: string): InboundCallRequest {
  return {
    phoneNumberId,
    callerNumber: "+16175550101",
    callerName: "Emma Johnson",
    userSays: [
      "Hi, do you have flannel shirts?",
      "Great. And where is my order 1001? The postal code is 02108.",
      "Could someone call me back about exchanging it for a larger size? I'm Emma Johnson, on this number.",
      "Yes, that's right.",
      "Thanks, bye!",
    ],
    toolCalls: [
      { name: "product_search", arguments: { query: "flannel shirt" } },
      { name: "order_lookup", arguments: { orderNumber: "1001", postalCode: "02108" } },
      { name: "take_message", arguments: { ...MESSAGE } },
      { name: "take_message", arguments: { ...MESSAGE, callbackNumberConfirmed: true } },
    ],
    summary: "Emma asked about flannel shirts and the status of her order #1001; the receptionist answered both, and she left a message to be called back.",
    talkMs: 600,
  };
}
