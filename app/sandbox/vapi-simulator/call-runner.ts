// Plays one phone call from start to end-of-call-report, sending the server
// messages Vapi sends (status-update, tool-calls, end-of-call-report) to the
// resolved server URL, and building the artifact (transcript, messages,
// recording URL) the app later reads. Durations are short and scriptable.
import { randomUUID } from "node:crypto";
import type { Vapi } from "@vapi-ai/server-sdk";
import { isRecord } from "./http";
import type { SimulatorStore } from "./store";
import { sleep } from "./timing";
import type {
  CallOutcome,
  CallScript,
  CallTimings,
  DeliveryRecord,
  MessageKey,
  ScriptedToolCall,
  SimAssistant,
  SimCall,
  SimPhoneNumber,
  SimServer,
} from "./types";
import { targetFromServer, type WebhookSender, type WebhookTarget } from "./webhooks";

export interface CallRunnerDeps {
  store: SimulatorStore;
  sender: WebhookSender;
  timings: CallTimings;
  /** Simultaneous calls per org; Vapi's default is 10. */
  concurrencyLimit: number;
  /** Outbound calls per phone number per UTC day; unlimited when undefined. */
  dailyOutboundLimit?: number;
  recordingUrl(callId: string): string;
}

// Of the messages simulated, these are in Vapi's default serverMessages (tool-calls are always sent).
const DEFAULT_SERVER_MESSAGES = new Set(["status-update", "end-of-call-report"]);
const PER_MINUTE = { transport: 0.01, vapi: 0.05 };

interface FunctionTool {
  definition: Record<string, unknown>;
  server?: SimServer;
}

/** Fields every server message carries. */
type MessageContext = Pick<Vapi.ServerMessageEndOfCallReport, "timestamp" | "call" | "customer" | "phoneNumber" | "assistant">;

/**
 * Vapi sends `function.arguments` as an object (its docs and real traffic), while the SDK types
 * ToolCall.arguments as a string; the simulator can send either, so this message is typed here.
 */
interface ToolCallsMessage extends MessageContext {
  type: "tool-calls";
  toolCallList: Array<{ id: string; type: "function"; function: { name: string; arguments: string | Record<string, unknown> } }>;
  toolWithToolCallList: Array<Record<string, unknown>>;
  artifact: Vapi.Artifact;
}

type OutgoingMessage = Vapi.ServerMessageStatusUpdate | Vapi.ServerMessageEndOfCallReport | ToolCallsMessage;

/** Runs the call to its end; resolves with a copy of the final record once every message was delivered. */
export function runCall(deps: CallRunnerDeps, call: SimCall, script: CallScript, signal: AbortSignal): Promise<SimCall> {
  return new CallRun(deps, call, script, signal).run();
}

class CallRun {
  private readonly assistant?: SimAssistant;
  /** The assistant as this call runs it: the call's assistantOverrides replace whole top-level fields of the saved one, as on Vapi. */
  private readonly effective?: SimAssistant;
  private readonly phoneNumber?: SimPhoneNumber;
  private readonly target?: WebhookTarget;
  private readonly messages: Vapi.ArtifactMessagesItem[] = [];
  /** Messages held back by CallScript.deliverLast. */
  private readonly late: Array<() => Promise<DeliveryRecord>> = [];
  private answeredAt?: number;

  constructor(
    private readonly deps: CallRunnerDeps,
    private readonly call: SimCall,
    private readonly script: CallScript,
    private readonly signal: AbortSignal,
  ) {
    this.assistant = call.assistantId ? deps.store.assistants.get(call.assistantId) : undefined;
    this.effective = this.assistant ? effectiveAssistant(this.assistant, call.assistantOverrides) : undefined;
    this.phoneNumber = call.phoneNumberId ? deps.store.phoneNumbers.get(call.phoneNumberId) : undefined;
    // Vapi's precedence: call-level override, assistant.server, phoneNumber.server.
    const server = [call.assistantOverrides?.server, this.assistant?.server, this.phoneNumber?.server].find((s) => s?.url);
    this.target = targetFromServer(server, deps.store.credentials);
  }

  async run(): Promise<SimCall> {
    const startError = this.startError();
    if (startError) return this.finish(startError);

    this.update({ status: "ringing", startedAt: new Date().toISOString() });
    await this.send("status-update:ringing", this.statusUpdate());
    await sleep(this.script.ringMs ?? this.deps.timings.ringMs, this.signal);

    const outcome = this.script.outcome ?? "customer-ended-call";
    if (outcome === "customer-did-not-answer" || outcome === "customer-busy") return this.finish(outcome);

    this.answeredAt = Date.now();
    this.update({ status: "in-progress" });
    await this.send("status-update:in-progress", this.statusUpdate());
    if (outcome === "voicemail") await this.leaveVoicemail();
    else await this.converse(outcome);
    return this.finish(outcome);
  }

  /** Reasons Vapi refuses to start a call, checked when it would start ringing. */
  private startError(): CallOutcome | undefined {
    const { store, concurrencyLimit, dailyOutboundLimit } = this.deps;
    if (this.script.outcome?.startsWith("call.start.error-")) return this.script.outcome;
    if (!this.assistant) return "call.start.error-get-assistant";
    if (!this.phoneNumber) return "call.start.error-get-phone-number";
    const outbound = this.call.type === "outboundPhoneCall";
    // Free Vapi numbers cannot call outside the US/Canada.
    if (outbound && !this.call.customer?.number?.startsWith("+1")) return "call.start.error-vapi-number-international";
    const live = [...store.calls.values()].filter((c) => c.status === "ringing" || c.status === "in-progress");
    if (live.length >= concurrencyLimit) return "call.start.error-subscription-concurrency-limit-reached";
    if (outbound && dailyOutboundLimit !== undefined) {
      const today = new Date().toISOString().slice(0, 10);
      const placed = [...store.calls.values()].filter(
        (c) => c.type === "outboundPhoneCall" && c.phoneNumberId === this.call.phoneNumberId && c.startedAt?.startsWith(today),
      );
      if (placed.length >= dailyOutboundLimit) return "call.start.error-vapi-number-outbound-daily-limit";
    }
    return undefined;
  }

  private async converse(outcome: CallOutcome): Promise<void> {
    const toolCalls = this.script.toolCalls ?? [];
    const userLines = [...(this.script.userSays ?? ["Hi, I have a question about my order."])];
    // Spread the talk time evenly around the tool calls.
    const pause = (this.script.talkMs ?? this.deps.timings.talkMs) / (toolCalls.length + 1);

    const systemPrompt = this.modelMessages().find((m) => m.role === "system")?.content;
    if (typeof systemPrompt === "string") this.say("system", this.fillVariables(systemPrompt));
    const overrides = this.call.assistantOverrides;
    const firstMessageMode = overrides?.firstMessageMode ?? this.assistant?.firstMessageMode;
    const firstMessage = overrides?.firstMessage ?? this.assistant?.firstMessage;
    if (firstMessageMode !== "assistant-waits-for-user" && firstMessage) this.say("bot", this.fillVariables(firstMessage));

    for (const toolCall of toolCalls) {
      const line = userLines.shift();
      if (line) this.say("user", line);
      await sleep(pause, this.signal);
      await this.callTool(toolCall);
    }
    for (const line of userLines) this.say("user", line);
    await sleep(pause, this.signal);
    if (outcome === "assistant-ended-call") this.say("bot", this.effective?.endCallMessage ?? "Thanks for calling. Goodbye!");
  }

  private async leaveVoicemail(): Promise<void> {
    await sleep((this.script.talkMs ?? this.deps.timings.talkMs) / 2, this.signal);
    if (this.effective?.voicemailMessage) this.say("bot", this.fillVariables(this.effective.voicemailMessage));
  }

  /** Sends a tool-calls message and records the tool server's answer in the artifact, as Vapi does. */
  private async callTool(scripted: ScriptedToolCall): Promise<void> {
    const id = `call_${randomUUID().replaceAll("-", "").slice(0, 24)}`;
    const args = scripted.arguments ?? {};
    const toolCall = {
      id,
      type: "function" as const,
      function: {
        name: scripted.name,
        arguments: this.script.toolCallArgumentsAs === "json-string" ? JSON.stringify(args) : args,
      },
    };
    this.messages.push({ role: "tool_calls", toolCalls: [toolCall], message: "", ...this.clock() });

    const tool = functionTools(this.effective).get(scripted.name);
    let outcome: { result: string } | { error: string };
    if (!tool) {
      outcome = { error: `The assistant has no function tool named ${scripted.name}.` };
    } else {
      const target = targetFromServer(tool.server?.url ? tool.server : undefined, this.deps.store.credentials) ?? this.target;
      const message: ToolCallsMessage = {
        type: "tool-calls",
        ...this.context(),
        toolCallList: [toolCall],
        toolWithToolCallList: [{ ...tool.definition, toolCall }],
        artifact: { messages: structuredClone(this.messages) },
      };
      const delivery = await this.send("tool-calls", message, target);
      outcome = toolOutcome(delivery, id);
    }

    const text = "result" in outcome ? outcome.result : outcome.error;
    this.messages.push({ role: "tool_call_result", toolCallId: id, name: scripted.name, result: text, ...this.clock() });
    this.say("bot", "result" in outcome ? text : "Sorry, I could not do that right now.");
  }

  private async finish(reason: CallOutcome): Promise<SimCall> {
    const endedAt = new Date();
    const minutes = this.answeredAt === undefined ? 0 : (endedAt.getTime() - this.answeredAt) / 60_000;
    const costs: Vapi.CallCostsItem[] = [
      { type: "transport", minutes, cost: round(minutes * PER_MINUTE.transport) },
      { type: "vapi", subType: "normal", minutes, cost: round(minutes * PER_MINUTE.vapi) },
    ];
    const cost = round(costs.reduce((sum, item) => sum + item.cost, 0));
    const recordingEnabled = this.effective?.artifactPlan?.recordingEnabled ?? true;
    const artifact: Vapi.Artifact = {
      messages: structuredClone(this.messages),
      transcript: this.transcript(),
      // As Vapi sends it: the current field, and the deprecated one beside it.
      ...(this.answeredAt !== undefined && recordingEnabled
        ? { recording: { mono: { combinedUrl: this.deps.recordingUrl(this.call.id) } }, recordingUrl: this.deps.recordingUrl(this.call.id) }
        : {}),
    };
    const analysis: Vapi.Analysis = this.answeredAt === undefined ? {} : this.analysis(reason);
    this.update({ status: "ended", endedReason: reason, endedAt: endedAt.toISOString(), cost, costs, artifact, analysis });

    await this.send("status-update:ended", this.statusUpdate());
    await this.send("end-of-call-report", {
      type: "end-of-call-report",
      ...this.context(),
      endedReason: reason,
      cost,
      costs,
      startedAt: this.call.startedAt,
      endedAt: this.call.endedAt,
      artifact,
      analysis,
    });
    for (const deliver of this.late) await deliver();
    return structuredClone(this.call);
  }

  private analysis(reason: CallOutcome): Vapi.Analysis {
    const who = this.call.customer?.name ?? this.call.customer?.number ?? "The caller";
    const tools = (this.script.toolCalls ?? []).map((t) => t.name);
    const summary =
      reason === "voicemail"
        ? `Reached the voicemail of ${who}.`
        : `${who} spoke with ${this.assistant?.name ?? "the assistant"}${tools.length ? `; tools used: ${tools.join(", ")}` : ""}.`;
    return {
      summary: this.script.summary ?? summary,
      ...(this.script.structuredData ? { structuredData: this.script.structuredData } : {}),
      ...(this.script.successEvaluation ? { successEvaluation: this.script.successEvaluation } : {}),
    };
  }

  /**
   * Delivers one message unless the assistant's serverMessages exclude it;
   * applies the script's duplicate / deliverLast instructions.
   */
  private async send(key: MessageKey, message: OutgoingMessage, target = this.target): Promise<DeliveryRecord | undefined> {
    const type = message.type;
    const wanted = this.call.assistantOverrides?.serverMessages ?? this.assistant?.serverMessages;
    if (key !== "tool-calls" && !(wanted ? wanted.some((t) => t === type) : DEFAULT_SERVER_MESSAGES.has(type))) {
      return undefined;
    }
    // Lost on the way (CallScript.drop): never delivered, as when every retry of Vapi's fails.
    if (key !== "tool-calls" && this.script.drop?.includes(key)) return undefined;
    const status = message.type === "status-update" ? message.status : undefined;
    const deliver = (duplicate: boolean, late: boolean) =>
      this.deps.sender.deliver(target, { ...message }, { callId: this.call.id, type, status, duplicate, late }, this.signal);
    const twice = this.script.duplicate?.includes(key) ?? false;
    if (key !== "tool-calls" && this.script.deliverLast?.includes(key)) {
      this.late.push(() => deliver(false, true));
      if (twice) this.late.push(() => deliver(true, true));
      return undefined;
    }
    const first = await deliver(false, false);
    if (twice) await deliver(true, false);
    return first;
  }

  private statusUpdate(): Vapi.ServerMessageStatusUpdate {
    return {
      type: "status-update",
      ...this.context(),
      status: this.call.status ?? "queued",
      ...(this.call.endedReason ? { endedReason: this.call.endedReason } : {}),
    };
  }

  /** Fields every server message carries: a snapshot of the call and its resources. */
  private context(): MessageContext {
    return {
      timestamp: Date.now(),
      call: structuredClone(this.call),
      customer: structuredClone(this.call.customer),
      phoneNumber: structuredClone(this.phoneNumber),
      assistant: structuredClone(this.assistant),
    };
  }

  private update(changes: Partial<SimCall>): void {
    Object.assign(this.call, changes, { updatedAt: new Date().toISOString() });
  }

  private say(role: "bot" | "user" | "system", message: string): void {
    const clock = this.clock();
    this.messages.push(role === "system" ? { role, message, ...clock } : { role, message, ...clock, endTime: clock.time });
  }

  private clock(): { time: number; secondsFromStart: number } {
    const time = Date.now();
    const start = this.call.startedAt ? Date.parse(this.call.startedAt) : time;
    return { time, secondsFromStart: (time - start) / 1000 };
  }

  private transcript(): string {
    return this.messages
      .flatMap((m) => (m.role === "bot" && "message" in m ? [`AI: ${m.message}`] : m.role === "user" && "message" in m ? [`User: ${m.message}`] : []))
      .join("\n");
  }

  /** Vapi fills {{name}} placeholders from assistantOverrides.variableValues. */
  private fillVariables(text: string): string {
    const values = this.call.assistantOverrides?.variableValues ?? {};
    return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => (values[name] === undefined ? whole : String(values[name])));
  }

  private modelMessages(): Array<{ role?: unknown; content?: unknown }> {
    const model: unknown = this.effective?.model;
    return isRecord(model) && Array.isArray(model.messages) ? model.messages.filter(isRecord) : [];
  }
}

/** The saved assistant with a call's overrides applied: each given top-level field replaces the assistant's (Vapi does not merge them). */
export function effectiveAssistant(assistant: SimAssistant, overrides: SimCall["assistantOverrides"]): SimAssistant {
  if (!overrides) return assistant;
  const given = Object.fromEntries(
    Object.entries(overrides).filter(([key, value]) => value !== undefined && key !== "variableValues" && key !== "tools:append"),
  );
  return { ...assistant, ...given } as SimAssistant;
}

/** The assistant's function tools by name, read defensively from the stored (already validated) model. */
export function functionTools(assistant: SimAssistant | undefined): Map<string, FunctionTool> {
  const model: unknown = assistant?.model;
  const tools = new Map<string, FunctionTool>();
  if (!isRecord(model) || !Array.isArray(model.tools)) return tools;
  for (const tool of model.tools) {
    if (!isRecord(tool) || tool.type !== "function" || !isRecord(tool.function)) continue;
    const name = tool.function.name;
    if (typeof name === "string") tools.set(name, { definition: tool, server: toServer(tool.server) });
  }
  return tools;
}

/** Reads `{ results: [{ toolCallId, result | error }] }` from the tool server's reply. */
function toolOutcome(delivery: DeliveryRecord | undefined, toolCallId: string): { result: string } | { error: string } {
  if (!delivery || delivery.httpStatus === null) return { error: `No answer from the tool server (${delivery?.error ?? "not sent"}).` };
  if (delivery.httpStatus < 200 || delivery.httpStatus >= 300) return { error: `The tool server answered HTTP ${delivery.httpStatus}.` };
  const body = delivery.responseBody;
  const results = isRecord(body) && Array.isArray(body.results) ? body.results.filter(isRecord) : [];
  const match = results.find((r) => r.toolCallId === toolCallId);
  if (!match) return { error: `The tool server's reply has no result for toolCallId ${toolCallId}.` };
  if (match.error !== undefined) return { error: typeof match.error === "string" ? match.error : JSON.stringify(match.error) };
  return { result: typeof match.result === "string" ? match.result : JSON.stringify(match.result ?? null) };
}

/** A tool's server settings, read defensively from the stored (already validated) assistant. */
function toServer(value: unknown): SimServer | undefined {
  if (!isRecord(value)) return undefined;
  const text = (key: string) => {
    const field = value[key];
    return typeof field === "string" ? field : undefined;
  };
  return {
    url: text("url"),
    secret: text("secret"),
    credentialId: text("credentialId"),
    timeoutSeconds: typeof value.timeoutSeconds === "number" ? value.timeoutSeconds : undefined,
    headers: isRecord(value.headers) ? value.headers : undefined,
  };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
