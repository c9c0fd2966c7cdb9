// Vapi server messages (POST { message } to the assistant's server URL),
// parsed defensively: only what the app uses is required, unknown fields
// pass through, and every documented tool-call item shape is accepted.
import { z } from "zod";

const text = z.string().trim().min(1);

export const CallSchema = z
  .object({
    id: text,
    type: z.string().nullish(),
    assistantId: z.string().nullish(),
    phoneNumberId: z.string().nullish(),
    status: z.string().nullish(),
    customer: z.object({ number: z.string().nullish() }).passthrough().nullish(),
    startedAt: z.string().nullish(),
    endedAt: z.string().nullish(),
    // The check-in dispatcher puts { shopId, callJobId } here.
    assistantOverrides: z.object({ metadata: z.record(z.string(), z.unknown()).nullish() }).passthrough().nullish(),
  })
  .passthrough();

export type VapiCall = z.infer<typeof CallSchema>;

const base = {
  timestamp: z.union([z.number(), z.string()]).nullish(),
  call: CallSchema,
  phoneNumber: z.object({ id: z.string().nullish(), number: z.string().nullish() }).passthrough().nullish(),
  customer: z.object({ number: z.string().nullish() }).passthrough().nullish(),
};

export const StatusUpdateSchema = z
  .object({ ...base, type: z.literal("status-update"), status: text, endedReason: z.string().nullish() })
  .passthrough();

export const EndOfCallReportSchema = z
  .object({
    ...base,
    type: z.literal("end-of-call-report"),
    endedReason: z.string().nullish(),
    // Bounded to what the Decimal(10, 4) column holds.
    cost: z.number().nonnegative().max(999_999).nullish(),
    startedAt: z.string().nullish(),
    endedAt: z.string().nullish(),
    artifact: z
      .object({
        transcript: z.string().nullish(),
        recordingUrl: z.string().nullish(),
        stereoRecordingUrl: z.string().nullish(),
      })
      .passthrough()
      .nullish(),
    analysis: z
      .object({ summary: z.string().nullish() })
      .passthrough()
      .nullish(),
  })
  .passthrough();

const argumentsSchema = z.union([z.record(z.string(), z.unknown()), z.string()]).nullish();

// `{ id, function: { name, arguments } }` (arguments as an object or a JSON
// string) or `{ id, name, parameters }`, normalised to one shape.
const ToolCallItemSchema = z.union([
  z.object({ id: text, function: z.object({ name: text, arguments: argumentsSchema }) }).transform((item) => ({ id: item.id, name: item.function.name, raw: item.function.arguments })),
  z.object({ id: text, name: text, parameters: argumentsSchema }).transform((item) => ({ id: item.id, name: item.name, raw: item.parameters })),
]);

export const ToolCallsSchema = z
  .object({ ...base, type: z.literal("tool-calls"), toolCallList: z.array(ToolCallItemSchema).min(1).max(20) })
  .passthrough();

export type StatusUpdate = z.infer<typeof StatusUpdateSchema>;
export type EndOfCallReport = z.infer<typeof EndOfCallReportSchema>;
export type ToolCallsMessage = z.infer<typeof ToolCallsSchema>;

export type ServerMessage =
  | { kind: "status-update"; message: StatusUpdate }
  | { kind: "end-of-call-report"; message: EndOfCallReport }
  | { kind: "tool-calls"; message: ToolCallsMessage }
  | { kind: "ignored"; type: string };

const EnvelopeSchema = z.object({ message: z.object({ type: text }).passthrough() });

const HANDLED = {
  "status-update": StatusUpdateSchema,
  "end-of-call-report": EndOfCallReportSchema,
  "tool-calls": ToolCallsSchema,
} as const;

/** Parses a request body; errors say what is wrong, for a 400 answer. */
export function parseServerMessage(body: unknown): { ok: true; value: ServerMessage } | { ok: false; reason: string } {
  const envelope = EnvelopeSchema.safeParse(body);
  if (!envelope.success) return { ok: false, reason: "expected { message: { type, ... } }" };
  const type = envelope.data.message.type;
  if (!(type in HANDLED)) return { ok: true, value: { kind: "ignored", type } };
  const schema = HANDLED[type as keyof typeof HANDLED];
  const parsed = schema.safeParse(envelope.data.message);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${type}: ${issue.path.join(".") || "message"} ${issue.message}` };
  }
  return { ok: true, value: { kind: type, message: parsed.data } as ServerMessage };
}

export interface ToolCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

/** One shape for every documented tool-call item; bad arguments become {}. */
export function normalizeToolCalls(message: ToolCallsMessage): ToolCall[] {
  return message.toolCallList.map((item) => ({ id: item.id, name: item.name, args: parseArguments(item.raw) }));
}

function parseArguments(raw: unknown): Record<string, unknown> {
  if (typeof raw === "string") {
    try {
      return parseArguments(JSON.parse(raw));
    } catch {
      return {};
    }
  }
  return raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
}
