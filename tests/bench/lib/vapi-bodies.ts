import { randomBytes } from "node:crypto";

export const ASSISTANT_ID = "asst-bench-0001";
export const PHONE_NUMBER_ID = "pn-bench-0001";
export const SHOP_NUMBER = "+14155550123";
const EMMA = "+16175550101";

// ---------------------------------------------------------------------------
// Realistic Vapi server messages: what the Vapi simulator sends (and Vapi
// itself): the call, the customer, the phone number and a snapshot of the
// assistant with its system prompt and tools, in every message.

const SYSTEM_PROMPT = [
  "You are the friendly phone receptionist of Harbor & Pine Outfitters, an outdoor clothing store in Portland, Maine.",
  "Answer questions about products, prices, stock, store hours, shipping and returns. Use product_search for any product question and order_lookup for order status; never guess.",
  "Opening hours: Mon-Sat 10am-6pm ET. Outside opening hours, take a message: name, callback number and reason.",
  "Products (a selection): Flannel Button-Up Shirt $59.00; Fisherman Cable-Knit Sweater $145.00; Wool Hiking Socks (3-Pack) $32.00; Ribbed Knit Beanie $28.00; Chino Pants $78.00; Waxed Canvas Jacket $189.00; Down Vest $119.00.",
  "Returns: within 30 days, unworn, with tags. Shipping: free over $75 in the US.",
  "Keep answers short; one or two sentences. Do not read out URLs. If the caller asks for a person, transfer the call.",
].join("\n\n");

const ASSISTANT = {
  id: ASSISTANT_ID,
  orgId: "org-bench",
  name: "Harbor & Pine receptionist",
  firstMessage: "Thanks for calling Harbor & Pine Outfitters! How can I help you today?",
  voice: { provider: "11labs", voiceId: "21m00Tcm4TlvDq8ikWAM" },
  transcriber: { provider: "deepgram", model: "nova-2", language: "en" },
  model: {
    provider: "openai",
    model: "gpt-4o-mini",
    messages: [{ role: "system", content: SYSTEM_PROMPT }],
    tools: [
      {
        type: "function",
        function: {
          name: "product_search",
          description: "Search the store's products by name or type; returns prices and stock.",
          parameters: { type: "object", properties: { query: { type: "string", description: "What the caller is looking for" } }, required: ["query"] },
        },
      },
      {
        type: "function",
        function: {
          name: "order_lookup",
          description: "Look up an order's status by its number; the caller must be verified.",
          parameters: {
            type: "object",
            properties: { orderNumber: { type: "string" }, email: { type: "string" }, postalCode: { type: "string" } },
          },
        },
      },
    ],
  },
  server: { url: "https://receptionist.example.com/webhooks/vapi", timeoutSeconds: 20 },
  serverMessages: ["status-update", "end-of-call-report", "tool-calls"],
  analysisPlan: { summaryPlan: { enabled: true } },
  artifactPlan: { recordingEnabled: true },
  createdAt: "2026-11-21T09:00:00.000Z",
  updatedAt: "2026-11-21T09:00:00.000Z",
};

const PHONE_NUMBER = {
  id: PHONE_NUMBER_ID,
  orgId: "org-bench",
  provider: "vapi",
  number: SHOP_NUMBER,
  assistantId: ASSISTANT_ID,
  status: "active",
  name: "Harbor & Pine receptionist",
  createdAt: "2026-11-21T09:00:00.000Z",
  updatedAt: "2026-11-21T09:00:00.000Z",
};

function context(callId: string, status: string, callerNumber = EMMA) {
  const now = new Date().toISOString();
  const customer = { number: callerNumber, name: "Emma Johnson" };
  return {
    timestamp: Date.now(),
    call: {
      id: callId,
      orgId: "org-bench",
      type: "inboundPhoneCall",
      status,
      assistantId: ASSISTANT_ID,
      phoneNumberId: PHONE_NUMBER_ID,
      customer,
      phoneCallProvider: "vapi",
      phoneCallTransport: "pstn",
      createdAt: now,
      updatedAt: now,
      startedAt: now,
    },
    customer,
    phoneNumber: PHONE_NUMBER,
    assistant: ASSISTANT,
  };
}

export function statusUpdateBody(callId: string, status: "ringing" | "in-progress"): string {
  return JSON.stringify({ message: { type: "status-update", status, ...context(callId, status) } });
}

const TRANSCRIPT_LINES: Array<["bot" | "user", string]> = [
  ["bot", "Thanks for calling Harbor & Pine Outfitters! How can I help you today?"],
  ["user", "Hi, do you have flannel shirts?"],
  ["bot", "Found 1 product: Flannel Button-Up Shirt, $59.00, in stock in Small, Medium and Large."],
  ["user", "Great. And where is my order 1001?"],
  ["bot", "Your order #1001, placed September 28, is paid and delivered, with 1 Flannel Button-Up Shirt and 2 Wool Hiking Socks (3-Pack)."],
  ["user", "Thanks, bye!"],
  ["bot", "Thanks for calling. Goodbye!"],
];

export function endOfCallReportBody(callId: string): string {
  const started = Date.now() - 125_000;
  const messages = TRANSCRIPT_LINES.map(([role, message], index) => ({
    role,
    message,
    time: started + index * 15_000,
    endTime: started + index * 15_000 + 4_000,
    secondsFromStart: index * 15,
  }));
  const transcript = TRANSCRIPT_LINES.map(([role, message]) => `${role === "bot" ? "AI" : "User"}: ${message}`).join("\n");
  return JSON.stringify({
    message: {
      type: "end-of-call-report",
      ...context(callId, "ended"),
      endedReason: "customer-ended-call",
      startedAt: new Date(started).toISOString(),
      endedAt: new Date(started + 125_000).toISOString(),
      cost: 0.125,
      costs: [
        { type: "transport", minutes: 2.08, cost: 0.0208 },
        { type: "vapi", subType: "normal", minutes: 2.08, cost: 0.1042 },
      ],
      artifact: { messages, transcript, recordingUrl: `https://storage.vapi.ai/${callId}-mono.wav` },
      analysis: { summary: "Emma asked about flannel shirts and the status of her order #1001; the receptionist answered both." },
    },
  });
}

/** A tool-calls message with one call of `name`, on a call from `callerNumber` (Emma's number by default). */
export function toolCallsBody(callId: string, name: string, args: Record<string, unknown>, callerNumber = EMMA): string {
  const toolCall = { id: `call_${randomBytes(12).toString("hex")}`, type: "function", function: { name, arguments: args } };
  const definition = ASSISTANT.model.tools.find((tool) => tool.function.name === name);
  return JSON.stringify({
    message: {
      type: "tool-calls",
      ...context(callId, "in-progress", callerNumber),
      toolCallList: [toolCall],
      toolWithToolCallList: [{ ...definition, toolCall }],
      artifact: { messages: [{ role: "user", message: "Hi, do you have flannel shirts?", time: Date.now(), secondsFromStart: 3 }] },
    },
  });
}
