// /__sim/ control endpoints: the same levers as the programmatic API, over
// HTTP, so a browser-driven sandbox or another process can drive the
// simulator. No Vapi auth; loopback clients only (checked by the server).
import { z } from "zod";
import { HttpError, badRequest } from "./http";
import type { ApiReply } from "./routes";
import type { VapiSimulator } from "./server";
import type { CallOutcome } from "./types";

const SCRIPTABLE_OUTCOMES = ["customer-ended-call", "assistant-ended-call", "customer-did-not-answer", "customer-busy", "voicemail"];
const outcome = z.custom<CallOutcome>((value) => typeof value === "string" && (SCRIPTABLE_OUTCOMES.includes(value) || value.startsWith("call.start.error-")), {
  message: `outcome must be one of ${SCRIPTABLE_OUTCOMES.join(", ")} or a call.start.error-* reason`,
});
const informationalKey = z.enum(["status-update:ringing", "status-update:in-progress", "status-update:ended", "end-of-call-report"]);
const callScript = z.object({
  outcome: outcome.optional(),
  queuedMs: z.number().nonnegative().optional(),
  ringMs: z.number().nonnegative().optional(),
  talkMs: z.number().nonnegative().optional(),
  toolCalls: z.array(z.object({ name: z.string(), arguments: z.record(z.string(), z.unknown()).optional() })).optional(),
  toolCallArgumentsAs: z.enum(["object", "json-string"]).optional(),
  userSays: z.array(z.string()).optional(),
  summary: z.string().optional(),
  structuredData: z.record(z.string(), z.unknown()).optional(),
  successEvaluation: z.string().optional(),
  duplicate: z.array(z.union([informationalKey, z.literal("tool-calls")])).optional(),
  deliverLast: z.array(informationalKey).optional(),
  drop: z.array(informationalKey).optional(),
});
const inboundCall = callScript.extend({
  phoneNumberId: z.string().optional(),
  number: z.string().optional(),
  callerNumber: z.string(),
  callerName: z.string().optional(),
});
const callScriptTarget = z.union([z.object({ callId: z.string(), script: callScript }), z.object({ customerNumber: z.string(), script: callScript })]);
/** JSON has no RegExp: `path` is a prefix, `pathRegex` a regular expression source. */
const pathMatch = { path: z.string().optional(), pathRegex: z.string().optional() };
const fault = z.object({
  method: z.string().optional(),
  ...pathMatch,
  status: z.number().int().min(100).max(599).optional(),
  body: z.unknown().optional(),
  retryAfterSeconds: z.number().nonnegative().optional(),
  delayMs: z.number().nonnegative().optional(),
  reset: z.boolean().optional(),
  afterHandling: z.boolean().optional(),
  times: z.number().positive().optional(),
});
const latency = z.object({ method: z.string().optional(), ...pathMatch, ms: z.number().nonnegative(), jitterMs: z.number().nonnegative().optional() });

// A silent mono 8 kHz 16-bit WAV, so recordingUrl points at something playable.
const RECORDING_SECONDS = 1;

export type ControlReply = ApiReply | { status: number; wav: Buffer };

export async function handleControl(sim: VapiSimulator, method: string, path: string, query: URLSearchParams, body: unknown): Promise<ControlReply> {
  const route = `${method} ${path}`;
  if (route === "GET /__sim/state") return { status: 200, body: sim.state() };
  if (route === "POST /__sim/reset") {
    sim.reset();
    return { status: 200, body: { ok: true } };
  }
  if (route === "POST /__sim/faults") {
    const { path: prefix, pathRegex, ...rule } = parse(fault, body);
    const matcher = toMatcher(prefix, pathRegex);
    if (matcher === undefined) throw badRequest("path or pathRegex is required");
    attempt(() => sim.fail({ ...rule, path: matcher }));
    return { status: 201, body: sim.state().faults };
  }
  if (route === "DELETE /__sim/faults") {
    sim.clearFaults();
    return { status: 200, body: [] };
  }
  if (route === "POST /__sim/latency") {
    const { path: prefix, pathRegex, ...rule } = parse(latency, body);
    sim.setLatency({ ...rule, path: toMatcher(prefix, pathRegex) });
    return { status: 201, body: sim.state().latency };
  }
  if (route === "POST /__sim/call-scripts") {
    const target = parse(callScriptTarget, body);
    sim.setCallScript("callId" in target ? { callId: target.callId } : { customerNumber: target.customerNumber }, target.script);
    return { status: 201, body: { ok: true } };
  }
  if (route === "POST /__sim/inbound-call") {
    const started = attempt(() => sim.startInboundCall(parse(inboundCall, body)));
    // ?wait=false answers at once (202) instead of after the end-of-call-report was delivered.
    if (query.get("wait") === "false") return { status: 202, body: started.call };
    const final = await started.done.catch((error: unknown) => {
      // A reset() or close() during the call (or a simulator bug, recorded in state().errors).
      throw new HttpError(409, error instanceof Error ? error.message : String(error));
    });
    return { status: 200, body: final };
  }
  if (method === "GET" && /^\/__sim\/recordings\/[^/]+\.wav$/.test(path)) {
    return { status: 200, wav: silentWav(RECORDING_SECONDS) };
  }
  throw new HttpError(404, `Cannot ${method} ${path}`);
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw badRequest(z.prettifyError(result.error).split("\n"));
  return result.data;
}

/** Turns the simulator's own argument errors (thrown as Error) into 400 answers. */
function attempt<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw badRequest(error instanceof Error ? error.message : String(error));
  }
}

function toMatcher(prefix: string | undefined, pattern: string | undefined): string | RegExp | undefined {
  return pattern !== undefined ? attempt(() => new RegExp(pattern)) : prefix;
}

function silentWav(seconds: number): Buffer {
  const sampleRate = 8000;
  const dataBytes = sampleRate * 2 * seconds;
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write("WAVEfmt ", 8);
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write("data", 36);
  header.writeUInt32LE(dataBytes, 40);
  return Buffer.concat([header, Buffer.alloc(dataBytes)]);
}
