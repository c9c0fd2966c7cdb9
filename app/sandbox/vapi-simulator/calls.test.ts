// Calls end to end: the SDK places (or schedules, or deletes) calls, a
// loopback receiver plays the app's webhook endpoint, and the assertions are
// on what the receiver got and what the simulator recorded.
import { createHmac } from "node:crypto";
import { Vapi, VapiClient } from "@vapi-ai/server-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startVapiSimulator, type SimServer, type VapiSimulator } from "./server";
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from "./webhook-receiver";
import { createHmacCredential } from "../../../tests/support/vapi-messages";

const SECRET = "test-webhook-secret";
const CUSTOMER = "+14155550199";

let sim: VapiSimulator;
let vapi: VapiClient;
let receiver: WebhookReceiver;

beforeAll(async () => {
  sim = await startVapiSimulator({ activationDelayMs: 0, timings: { ringMs: 20, talkMs: 60 } });
  vapi = new VapiClient({ token: sim.apiKey, baseUrl: sim.url, maxRetries: 0 });
  // Plays the app: answers lookup_order tool calls, acknowledges everything else.
  receiver = await startWebhookReceiver(({ message }) => {
    if (message.type !== "tool-calls" || !Array.isArray(message.toolCallList)) return {};
    const results = message.toolCallList.map((toolCall: { id: string; function: { arguments: { orderNumber?: string } } }) => ({
      toolCallId: toolCall.id,
      result: `Order ${toolCall.function.arguments.orderNumber} shipped yesterday.`,
    }));
    return { body: { results } };
  });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});
beforeEach(() => {
  sim.reset();
  receiver.received.splice(0);
});

/** An assistant whose webhooks go to the receiver, and an active number answered by it. */
async function receptionist(server: SimServer = { url: receiver.url, secret: SECRET }) {
  // `server.secret` works on Vapi but is missing from the SDK 2.0.1 types; the wider type passes through.
  const dto: Vapi.CreateAssistantDto & { server: SimServer } = {
    name: "Acme Receptionist",
    firstMessage: "Hi {{customerName}}, this is Acme calling about your order.",
    model: {
      provider: "anthropic",
      model: "claude-sonnet-4-5-20250929",
      tools: [{ type: "function", function: { name: "lookup_order", parameters: { type: "object", properties: {} } } }],
    },
    server,
  };
  const assistant = await vapi.assistants.create(dto);
  const phoneNumber = await vapi.phoneNumbers.create({ provider: "vapi", numberDesiredAreaCode: "415", assistantId: assistant.id });
  if (phoneNumber.provider !== "vapi" || !phoneNumber.number) throw new Error("expected an active Vapi number");
  return { assistant, phoneNumber: { id: phoneNumber.id, number: phoneNumber.number } };
}

async function placeCall(request: Vapi.CreateCallDto): Promise<Vapi.Call> {
  const created = await vapi.calls.create(request);
  if (!("id" in created)) throw new Error("expected a single call, not a batch");
  return created;
}

function describeWebhook(webhook: ReceivedWebhook): string {
  return webhook.message.type === "status-update" ? `status-update:${String(webhook.message.status)}` : String(webhook.message.type);
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe("outbound calls", () => {
  it("runs a scheduled call at its time and reports it to the server URL with X-Vapi-Secret", async () => {
    const { assistant, phoneNumber } = await receptionist();
    const earliestAt = new Date(Date.now() + 300);
    const call = await placeCall({
      assistantId: assistant.id,
      phoneNumberId: phoneNumber.id,
      customer: { number: CUSTOMER, name: "Dana", externalId: "checkin-42" },
      schedulePlan: { earliestAt: earliestAt.toISOString() },
      assistantOverrides: { variableValues: { customerName: "Dana" }, metadata: { checkinId: "checkin-42" } },
    });
    expect(call.status).toBe("scheduled");
    expect(receiver.received).toHaveLength(0);

    const report = await receiver.waitFor((w) => w.message.type === "end-of-call-report");
    expect(receiver.received.map(describeWebhook)).toEqual(["status-update:ringing", "status-update:in-progress", "status-update:ended", "end-of-call-report"]);
    expect(receiver.received[0].receivedAt).toBeGreaterThanOrEqual(earliestAt.getTime());
    for (const webhook of receiver.received) {
      expect(webhook.headers["x-vapi-secret"]).toBe(SECRET);
      expect(webhook.message.call).toMatchObject({ id: call.id, assistantId: assistant.id, phoneNumberId: phoneNumber.id });
    }

    const eocr = report.message as unknown as Vapi.ServerMessageEndOfCallReport;
    expect(eocr.endedReason).toBe("customer-ended-call");
    expect(eocr.customer).toEqual({ number: CUSTOMER, name: "Dana", externalId: "checkin-42" });
    expect(eocr.artifact.transcript).toContain("AI: Hi Dana, this is Acme calling about your order.");
    expect(eocr.artifact.recordingUrl).toBe(`${sim.url}/__sim/recordings/${call.id}.wav`);
    expect(eocr.analysis.summary).toContain("Dana");
    expect(Date.parse(String(eocr.endedAt)) - Date.parse(String(eocr.startedAt))).toBeGreaterThan(0);
    expect(eocr.cost).toBeGreaterThanOrEqual(0);

    const final = await vapi.calls.get({ id: call.id });
    expect(final).toMatchObject({ status: "ended", endedReason: "customer-ended-call" });
    const deliveries = sim.state().deliveries;
    expect(deliveries.map((d) => [d.type, d.httpStatus])).toEqual([
      ["status-update", 200],
      ["status-update", 200],
      ["status-update", 200],
      ["end-of-call-report", 200],
    ]);
  });

  it("runs a call with its assistantOverrides: the overridden model's prompt and tools, first and voicemail messages", async () => {
    const { assistant, phoneNumber } = await receptionist();
    const overrides: Vapi.AssistantOverrides = {
      firstMessage: "Hi Dana, this is your check-in call.",
      voicemailMessage: "Check-in: two new orders.",
      model: {
        provider: "anthropic",
        model: "claude-sonnet-4-5-20250929",
        messages: [{ role: "system", content: "You are the check-in call." }],
        tools: [{ type: "function", function: { name: "record_note", parameters: { type: "object", properties: {} } } }, { type: "endCall" }],
      },
      maxDurationSeconds: 240,
    };
    sim.setCallScript(
      { customerNumber: CUSTOMER },
      {
        toolCalls: [
          { name: "record_note", arguments: { note: "x" } },
          { name: "lookup_order", arguments: { orderNumber: "1" } },
        ],
      },
    );
    const call = await placeCall({ assistantId: assistant.id, phoneNumberId: phoneNumber.id, customer: { number: CUSTOMER }, assistantOverrides: overrides });
    const ended = await sim.waitForCall(call.id);
    expect(ended.artifact?.transcript).toContain("AI: Hi Dana, this is your check-in call.");
    // The saved assistant's lookup_order is not on this call: only record_note reached the server.
    const tools = receiver.received.filter((webhook) => webhook.message.type === "tool-calls");
    expect(tools.map((webhook) => (webhook.message.toolCallList as Array<{ function: { name: string } }>)[0].function.name)).toEqual(["record_note"]);
    expect(ended.artifact?.messages?.find((message) => message.role === "system")).toMatchObject({ message: "You are the check-in call." });

    sim.setCallScript({ customerNumber: CUSTOMER }, { outcome: "voicemail" });
    const voicemail = await sim.waitForCall(
      (await placeCall({ assistantId: assistant.id, phoneNumberId: phoneNumber.id, customer: { number: CUSTOMER }, assistantOverrides: overrides })).id,
    );
    expect(voicemail.artifact?.transcript).toContain("AI: Check-in: two new orders.");
  });

  it.each([
    ["an unknown override", { assistantOverrides: { colour: "blue" } }, "assistantOverrides.property colour should not exist"],
    ["a call longer than Vapi allows", { assistantOverrides: { maxDurationSeconds: 5 } }, "assistantOverrides.maxDurationSeconds must not be less than 10"],
    ["a voicemail message over 1000 characters", { assistantOverrides: { voicemailMessage: "x".repeat(1001) } }, "assistantOverrides.voicemailMessage"],
    [
      "a tool of no known type",
      { assistantOverrides: { model: { provider: "anthropic", model: "claude-sonnet-4-5-20250929", tools: [{ type: "teleport" }] } } },
      "assistantOverrides.model.tools.0.type",
    ],
  ])("refuses %s with a 400", async (_name, extra, message) => {
    const { assistant, phoneNumber } = await receptionist();
    const response = await fetch(`${sim.url}/call`, {
      method: "POST",
      headers: { Authorization: `Bearer ${sim.apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ assistantId: assistant.id, phoneNumberId: phoneNumber.id, customer: { number: CUSTOMER }, ...extra }),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain(message);
  });

  it("never rings a scheduled call that was deleted", async () => {
    const { assistant, phoneNumber } = await receptionist();
    const call = await placeCall({
      assistantId: assistant.id,
      phoneNumberId: phoneNumber.id,
      customer: { number: CUSTOMER },
      schedulePlan: { earliestAt: new Date(Date.now() + 150).toISOString() },
    });
    const deleted = await vapi.calls.delete({ id: call.id });
    expect(deleted).toMatchObject({ status: "ended", endedReason: "scheduled-call-deleted" });

    await sleep(300);
    expect(receiver.received).toEqual([]);
    expect(sim.state().deliveries).toEqual([]);
    expect(await vapi.calls.get({ id: call.id })).toMatchObject({ status: "ended", endedReason: "scheduled-call-deleted" });
  });

  it("keeps a call queued for the scripted time before it rings; deleted meanwhile, it never rings", async () => {
    const { assistant, phoneNumber } = await receptionist();
    sim.setCallScript({ customerNumber: CUSTOMER }, { queuedMs: 300 });
    const withdrawn = await placeCall({ assistantId: assistant.id, phoneNumberId: phoneNumber.id, customer: { number: CUSTOMER } });
    await sleep(100);
    expect(await vapi.calls.get({ id: withdrawn.id })).toMatchObject({ status: "queued" });
    await vapi.calls.delete({ id: withdrawn.id });
    expect(await sim.waitForCall(withdrawn.id)).toMatchObject({ status: "queued" });
    await sleep(300);
    expect(receiver.received).toEqual([]);

    const kept = await placeCall({ assistantId: assistant.id, phoneNumberId: phoneNumber.id, customer: { number: CUSTOMER } });
    expect(await sim.waitForCall(kept.id)).toMatchObject({ status: "ended", endedReason: "customer-ended-call" });
    expect(receiver.received.map(describeWebhook)[0]).toBe("status-update:ringing");
  });

  it("plays the outcome scripted for a customer number, and start failures", async () => {
    const { assistant, phoneNumber } = await receptionist();
    sim.setCallScript({ customerNumber: CUSTOMER }, { outcome: "customer-did-not-answer" });
    const unanswered = await placeCall({ assistantId: assistant.id, phoneNumberId: phoneNumber.id, customer: { number: CUSTOMER } });
    expect(unanswered.status).toBe("queued");
    const ended = await sim.waitForCall(unanswered.id);
    expect(ended).toMatchObject({ status: "ended", endedReason: "customer-did-not-answer" });
    expect(receiver.received.map(describeWebhook)).toEqual(["status-update:ringing", "status-update:ended", "end-of-call-report"]);

    // Free Vapi numbers cannot call abroad: the call ends before ringing.
    const abroad = await placeCall({ assistantId: assistant.id, phoneNumberId: phoneNumber.id, customer: { number: "+442071234567" } });
    expect(await sim.waitForCall(abroad.id)).toMatchObject({ endedReason: "call.start.error-vapi-number-international" });

    const invalid = await vapi.calls
      .create({ assistantId: assistant.id, phoneNumberId: phoneNumber.id, customer: { number: "415-555-0199" } })
      .catch((error: unknown) => error);
    expect(invalid).toMatchObject({ statusCode: 400 });
  });

  it("can deliver a message twice and another one out of order", async () => {
    const { assistant, phoneNumber } = await receptionist();
    sim.setCallScript({ customerNumber: CUSTOMER }, { duplicate: ["end-of-call-report"], deliverLast: ["status-update:in-progress"] });
    const call = await placeCall({ assistantId: assistant.id, phoneNumberId: phoneNumber.id, customer: { number: CUSTOMER } });
    await sim.waitForCall(call.id);
    expect(receiver.received.map(describeWebhook)).toEqual([
      "status-update:ringing",
      "status-update:ended",
      "end-of-call-report",
      "end-of-call-report",
      "status-update:in-progress",
    ]);
    expect(sim.state().deliveries.map((d) => [d.duplicate, d.late])).toEqual([
      [false, false],
      [false, false],
      [false, false],
      [true, false],
      [false, true],
    ]);
  });
});

describe("lifecycle", () => {
  it("close() stops calls scheduled far ahead instead of waiting for their timers", async () => {
    const other = await startVapiSimulator({ activationDelayMs: 0 });
    const client = new VapiClient({ token: other.apiKey, baseUrl: other.url, maxRetries: 0 });
    const assistant = await client.assistants.create({ name: "Later" });
    const phoneNumber = await client.phoneNumbers.create({ provider: "vapi", numberDesiredAreaCode: "716", assistantId: assistant.id });
    const call = await client.calls.create({
      assistantId: assistant.id,
      phoneNumberId: phoneNumber.id,
      customer: { number: CUSTOMER },
      schedulePlan: { earliestAt: new Date(Date.now() + 30 * 24 * 3600_000).toISOString() },
    });
    if (!("id" in call)) throw new Error("expected a single call");
    const waiting = other.waitForCall(call.id, 60_000);

    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(waiting).rejects.toThrow(/stopped by a simulator reset or close/);
  });
});

describe("inbound calls", () => {
  it("sends scripted tool calls and records the server's results in the transcript", async () => {
    const { assistant, phoneNumber } = await receptionist();
    const call = await sim.simulateInboundCall({
      number: phoneNumber.number,
      callerNumber: CUSTOMER,
      userSays: ["Where is order 1001?"],
      toolCalls: [{ name: "lookup_order", arguments: { orderNumber: "1001" } }],
      outcome: "assistant-ended-call",
    });

    expect(call).toMatchObject({ type: "inboundPhoneCall", status: "ended", endedReason: "assistant-ended-call", assistantId: assistant.id });
    const toolCalls = receiver.received.find((w) => w.message.type === "tool-calls");
    expect(toolCalls?.message.toolCallList).toEqual([
      { id: expect.any(String), type: "function", function: { name: "lookup_order", arguments: { orderNumber: "1001" } } },
    ]);
    expect(toolCalls?.headers["x-vapi-secret"]).toBe(SECRET);
    expect(call.artifact?.messages).toContainEqual(
      expect.objectContaining({ role: "tool_call_result", name: "lookup_order", result: "Order 1001 shipped yesterday." }),
    );
    expect(call.artifact?.transcript).toContain("User: Where is order 1001?\nAI: Order 1001 shipped yesterday.");
    // The report is delivered before simulateInboundCall resolves.
    expect(receiver.received.at(-1)?.message.type).toBe("end-of-call-report");
    const delivery = sim.state().deliveries.find((d) => d.type === "tool-calls");
    expect(delivery).toMatchObject({ httpStatus: 200, responseBody: { results: [{ result: "Order 1001 shipped yesterday." }] } });

    await expect(sim.simulateInboundCall({ number: phoneNumber.number, callerNumber: CUSTOMER, toolCalls: [{ name: "cancel_order" }] })).rejects.toThrow(
      /no function tool named cancel_order/,
    );
  });

  it("signs webhooks with an HMAC credential", async () => {
    const hmacSecret = "hmac-signing-key";
    const credentialId = await createHmacCredential(sim.url, sim.apiKey, hmacSecret);

    const { phoneNumber } = await receptionist({ url: receiver.url, credentialId });
    await sim.simulateInboundCall({ phoneNumberId: phoneNumber.id, callerNumber: CUSTOMER });
    expect(receiver.received.length).toBeGreaterThanOrEqual(4);
    for (const webhook of receiver.received) {
      const timestamp = String(webhook.headers["x-vapi-timestamp"]);
      const expected = createHmac("sha256", hmacSecret).update(`${timestamp}.${webhook.rawBody}`).digest("hex");
      expect(webhook.headers["x-vapi-signature"]).toBe(expected);
      expect(Math.abs(Date.now() - Number(timestamp))).toBeLessThan(5_000);
      expect(webhook.headers["x-vapi-secret"]).toBeUndefined();
    }
  });

  it("can be triggered over HTTP through /__sim/ without the API key", async () => {
    const { phoneNumber } = await receptionist();
    const response = await fetch(`${sim.url}/__sim/inbound-call`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ number: phoneNumber.number, callerNumber: CUSTOMER, outcome: "voicemail" }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ended", endedReason: "voicemail" });

    const state = (await (await fetch(`${sim.url}/__sim/state`)).json()) as { calls: unknown[]; requests: Array<{ path: string }> };
    expect(state.calls).toHaveLength(1);
    // Control traffic stays out of the API request log.
    expect(state.requests.map((r) => r.path)).toEqual(["/assistant", "/phone-number"]);

    const bad = await fetch(`${sim.url}/__sim/inbound-call`, { method: "POST", body: JSON.stringify({ number: phoneNumber.number }) });
    expect(bad.status).toBe(400);
  });
});
