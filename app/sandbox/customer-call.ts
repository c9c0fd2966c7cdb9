// The sandbox's "customer call": Emma (a demo customer) calls the demo shop's
// receptionist, asks about flannel shirts and about her order #1001. The
// simulator runs the call against the app's real webhook and tool handlers.
import type { InboundCallRequest } from "./vapi-simulator/types";

export function demoCustomerCall(phoneNumberId: string): InboundCallRequest {
  return {
    phoneNumberId,
    callerNumber: "+16175550101",
    callerName: "Emma Johnson",
    userSays: ["Hi, do you have flannel shirts?", "Great. And where is my order 1001? The postal code is 02108.", "Thanks, bye!"],
    toolCalls: [
      { name: "product_search", arguments: { query: "flannel shirt" } },
      { name: "order_lookup", arguments: { orderNumber: "1001", postalCode: "02108" } },
    ],
    summary: "Emma asked about flannel shirts and the status of her order #1001; the receptionist answered both.",
    talkMs: 600,
  };
}
