// Vapi server messages (POST { message } to the assistant's server URL),
// parsed defensively: only what the app uses is required, unknown fields
// pass through, and every documented tool-call item shape is accepted. Every
// value the app keeps comes out storable (storable.ts): text without NUL or
// lone surrogates and within a length, instants in range or null.
import { z } from "zod";
import { boundedNumber, identifier, instant, optionalText, storableText } from "./storable";

// Lengths the app stores at most; Vapi's own values are far shorter except
// transcripts and summaries.
const ID = 200;
const PHONE = 40;
const STATUS = 40;
const REASON = 200;
const URL_LENGTH = 2_000;
const SUMMARY = 20_000;
const TRANSCRIPT = 500_000;

/** An optional object: a wrong type counts as absent instead of failing the message. */
const lenientObject = <Shape extends z.ZodRawShape>(shape: Shape) => z.object(shape).passthrough().nullish().catch(null);

/**
 * A link the calls page plays: an absolute http(s) URL of printable ASCII (as a URL is written; storable as it is),
 * within the length, else absent: the page never gets another scheme, a control character or a relative link.
 */
const recordingLink = z
  .unknown()
  .transform((value) =>
    typeof value === "string" && value.length <= URL_LENGTH && /^https?:\/\/[\x21-\x7e]+$/i.test(value) && URL.canParse(value) ? value : null,
  )
  .optional();

const party = lenientObject({ number: optionalText(PHONE) });

export const CallSchema = z
  .object({
    id: identifier(ID),
    type: optionalText(STATUS),
    assistantId: optionalText(ID),
    phoneNumberId: optionalText(ID),
    status: optionalText(STATUS),
    customer: party,
    startedAt: instant(),
    endedAt: instant(),
    // The check-in dispatcher puts { shopId, callJobId } here.
    assistantOverrides: lenientObject({ metadata: lenientObject({ callJobId: optionalText(ID) }) }),
  })
  .passthrough();

export type VapiCall = z.infer<typeof CallSchema>;

const base = {
  call: CallSchema,
  phoneNumber: lenientObject({ id: optionalText(ID), number: optionalText(PHONE) }),
  customer: party,
};

export const StatusUpdateSchema = z
  .object({ ...base, type: z.literal("status-update"), status: identifier(STATUS), endedReason: optionalText(REASON) })
  .passthrough();

export const EndOfCallReportSchema = z
  .object({
    ...base,
    type: z.literal("end-of-call-report"),
    endedReason: optionalText(REASON),
    // Bounded to what the Decimal(10, 4) column holds.
    cost: boundedNumber(0, 999_999),
    startedAt: instant(),
    endedAt: instant(),
    artifact: lenientObject({
      transcript: optionalText(TRANSCRIPT),
      // Vapi's current field (artifact.recording.mono.combinedUrl) and the deprecated one it still sends beside it.
      recording: lenientObject({ mono: lenientObject({ combinedUrl: recordingLink }) }),
      recordingUrl: recordingLink,
    }),
    analysis: lenientObject({ summary: optionalText(SUMMARY) }),
  })
  .passthrough();

const argumentsSchema = z.union([z.record(z.string(), z.unknown()), z.string()]).nullish();
const toolName = identifier(100);

// `{ id, function: { name, arguments } }` (arguments as an object or a JSON
// string) or `{ id, name, parameters }`, normalised to one shape.
const ToolCallItemSchema = z.union([
  z
    .object({ id: identifier(ID), function: z.object({ name: toolName, arguments: argumentsSchema }) })
    .transform((item) => ({ id: item.id, name: item.function.name, raw: item.function.arguments })),
  z.object({ id: identifier(ID), name: toolName, parameters: argumentsSchema }).transform((item) => ({ id: item.id, name: item.name, raw: item.parameters })),
]);

export const ToolCallsSchema = z.object({ ...base, type: z.literal("tool-calls"), toolCallList: z.array(ToolCallItemSchema).min(1).max(20) }).passthrough();

/** Sent when the model transfers with a transferCall tool that has no destination: the app answers with one, or refuses. */
export const TransferDestinationRequestSchema = z.object({ ...base, type: z.literal("transfer-destination-request") }).passthrough();

/** The call's recording (both voices in one track), from whichever of Vapi's two fields the report has. */
export function recordingUrlOf(report: Pick<EndOfCallReport, "artifact">): string | null {
  return report.artifact?.recording?.mono?.combinedUrl ?? report.artifact?.recordingUrl ?? null;
}

export type StatusUpdate = z.infer<typeof StatusUpdateSchema>;
export type EndOfCallReport = z.infer<typeof EndOfCallReportSchema>;
export type ToolCallsMessage = z.infer<typeof ToolCallsSchema>;
export type TransferDestinationRequest = z.infer<typeof TransferDestinationRequestSchema>;

export type ServerMessage =
  | { kind: "status-update"; message: StatusUpdate }
  | { kind: "end-of-call-report"; message: EndOfCallReport }
  | { kind: "tool-calls"; message: ToolCallsMessage }
  | { kind: "transfer-destination-request"; message: TransferDestinationRequest }
  | { kind: "ignored"; type: string };

/** A message the app acts on: all of them carry a call. */
export type HandledMessage = Exclude<ServerMessage, { kind: "ignored" }>;

const EnvelopeSchema = z.object({ message: z.object({ type: identifier(100) }).passthrough() });

const HANDLED = {
  "status-update": StatusUpdateSchema,
  "end-of-call-report": EndOfCallReportSchema,
  "tool-calls": ToolCallsSchema,
  "transfer-destination-request": TransferDestinationRequestSchema,
} as const;

const OwnerSchema = z.object({
  message: z
    .object({ call: lenientObject({ assistantId: optionalText(ID), phoneNumberId: optionalText(ID) }), phoneNumber: lenientObject({ id: optionalText(ID) }) })
    .passthrough(),
});

export interface CallOwnerIds {
  assistantId: string | null;
  phoneNumberId: string | null;
}

/** The assistant and number of the call a message is about (any message type), to find the shop that owns it. */
export function callOwnerIds(body: unknown): CallOwnerIds {
  const parsed = OwnerSchema.safeParse(body);
  if (!parsed.success) return { assistantId: null, phoneNumberId: null };
  const { call, phoneNumber } = parsed.data.message;
  return { assistantId: call?.assistantId ?? null, phoneNumberId: call?.phoneNumberId ?? phoneNumber?.id ?? null };
}

/** Parses a request body; errors say what is wrong, for a 400 answer. */
export function parseServerMessage(body: unknown): { ok: true; value: ServerMessage } | { ok: false; reason: string } {
  const envelope = EnvelopeSchema.safeParse(body);
  if (!envelope.success) return { ok: false, reason: "expected { message: { type, ... } }" };
  const type = envelope.data.message.type;
  if (!Object.hasOwn(HANDLED, type)) return { ok: true, value: { kind: "ignored", type } };
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

/** Longest argument value a tool reads (a search query, an email, an order number). */
const MAX_ARGUMENT_LENGTH = 500;

/** One shape for every documented tool-call item; bad arguments become {}, text arguments storable. */
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
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
  return Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, typeof value === "string" ? storableText(value, MAX_ARGUMENT_LENGTH) : value]));
}
