// Request validation in the style of Vapi's API (NestJS + class-validator with
// whitelist/forbidNonWhitelisted): unknown properties are rejected, every
// problem becomes one message, nested messages are prefixed with the parent
// path ("voice.stability must not be greater than 1"). Only what the app could
// plausibly get wrong is checked; property lists and limits come from Vapi's
// OpenAPI spec.
import { isRecord } from "./http";

// CreateAssistantDTO / UpdateAssistantDTO properties, plus the still-accepted
// `silenceTimeoutSeconds` (see SimAssistant).
const ASSISTANT_KEYS = new Set([
  "transcriber",
  "model",
  "voice",
  "firstMessage",
  "firstMessageInterruptionsEnabled",
  "firstMessageMode",
  "voicemailDetection",
  "clientMessages",
  "serverMessages",
  "maxDurationSeconds",
  "backgroundSound",
  "modelOutputInMessagesEnabled",
  "transportConfigurations",
  "observabilityPlan",
  "credentials",
  "hooks",
  "name",
  "voicemailMessage",
  "endCallMessage",
  "endCallPhrases",
  "compliancePlan",
  "metadata",
  "backgroundSpeechDenoisingPlan",
  "analysisPlan",
  "artifactPlan",
  "startSpeakingPlan",
  "stopSpeakingPlan",
  "monitorPlan",
  "credentialIds",
  "server",
  "keypadInputPlan",
  "silenceTimeoutSeconds",
]);
// AssistantOverrides properties (POST /call): the assistant's, less the
// deprecated silenceTimeoutSeconds, plus the two that exist only per call.
const OVERRIDE_KEYS = new Set([...[...ASSISTANT_KEYS].filter((key) => key !== "silenceTimeoutSeconds"), "tools:append", "variableValues"]);
// Properties that must be objects when present (the rest are scalars or unions the simulator does not inspect).
const ASSISTANT_OBJECT_KEYS = [
  "transcriber",
  "observabilityPlan",
  "compliancePlan",
  "metadata",
  "backgroundSpeechDenoisingPlan",
  "analysisPlan",
  "artifactPlan",
  "startSpeakingPlan",
  "monitorPlan",
  "keypadInputPlan",
];
const FIRST_MESSAGE_MODES = ["assistant-speaks-first", "assistant-speaks-first-with-model-generated-message", "assistant-waits-for-user"];
const SERVER_MESSAGE_TYPES = [
  "assistant.started",
  "assistant.speechStarted",
  "conversation-update",
  "end-of-call-report",
  "function-call",
  "hang",
  "language-changed",
  "language-change-detected",
  "model-output",
  "phone-call-control",
  "speech-update",
  "status-update",
  "transcript",
  'transcript[transcriptType="final"]',
  "tool-calls",
  "transfer-destination-request",
  "handoff-destination-request",
  "transfer-update",
  "user-interrupted",
  "voice-input",
  "chat.created",
  "chat.deleted",
  "session.created",
  "session.updated",
  "session.deleted",
  "call.deleted",
  "call.delete.failed",
  "call.artifact.upload",
];
const VOICE_PROVIDERS = [
  "azure",
  "cartesia",
  "custom-voice",
  "deepgram",
  "11labs",
  "hume",
  "lmnt",
  "neuphonic",
  "openai",
  "playht",
  "wellsaid",
  "rime-ai",
  "smallest-ai",
  "tavus",
  "vapi",
  "sesame",
  "inworld",
  "minimax",
  "xai",
  "microsoft",
];
const ELEVENLABS_MODELS = [
  "eleven_multilingual_v2",
  "eleven_turbo_v2",
  "eleven_turbo_v2_5",
  "eleven_flash_v2",
  "eleven_flash_v2_5",
  "eleven_monolingual_v1",
  "eleven_v3",
];
const MODEL_PROVIDERS = [
  "anthropic",
  "anthropic-bedrock",
  "anyscale",
  "cerebras",
  "custom-llm",
  "deepinfra",
  "deep-seek",
  "google",
  "groq",
  "inflection-ai",
  "minimax",
  "openai",
  "openrouter",
  "perplexity-ai",
  "together-ai",
  "xai",
  "vapi",
];
const MESSAGE_ROLES = ["assistant", "function", "user", "system", "tool"];
const TOOL_TYPES = [
  "apiRequest",
  "bash",
  "code",
  "computer",
  "dtmf",
  "endCall",
  "function",
  "gohighlevel.calendar.availability.check",
  "gohighlevel.calendar.event.create",
  "gohighlevel.contact.create",
  "gohighlevel.contact.get",
  "google.calendar.availability.check",
  "google.calendar.event.create",
  "google.sheets.row.append",
  "handoff",
  "mcp",
  "query",
  "slack.message.send",
  "sms",
  "textEditor",
  "transferCall",
  "sipRequest",
  "voicemail",
];
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
// The Server schema, plus `secret` (see SimServer).
const SERVER_KEYS = new Set(["timeoutSeconds", "credentialId", "staticIpAddressesEnabled", "encryptedPaths", "url", "headers", "backoffPlan", "secret"]);
const PHONE_NUMBER_PROVIDERS = ["byo-phone-number", "twilio", "vonage", "vapi", "telnyx"];
const CREATE_VAPI_NUMBER_KEYS = new Set([
  "fallbackDestination",
  "hooks",
  "provider",
  "numberDesiredAreaCode",
  "sipUri",
  "authentication",
  "name",
  "assistantId",
  "workflowId",
  "squadId",
  "server",
]);
const UPDATE_VAPI_NUMBER_KEYS = new Set([
  "fallbackDestination",
  "hooks",
  "provider",
  "name",
  "assistantId",
  "workflowId",
  "squadId",
  "server",
  "sipUri",
  "authentication",
]);
const CALL_KEYS = new Set([
  "assistantVersion",
  "transport",
  "customers",
  "name",
  "schedulePlan",
  "assistantId",
  "assistant",
  "assistantOverrides",
  "squadId",
  "squad",
  "squadOverrides",
  "workflowId",
  "workflow",
  "workflowOverrides",
  "phoneNumberId",
  "phoneNumber",
  "customerId",
  "customer",
]);
const CUSTOMER_KEYS = new Set([
  "numberE164CheckEnabled",
  "extension",
  "assistantOverrides",
  "squadOverrides",
  "number",
  "sipUri",
  "name",
  "email",
  "externalId",
]);
const SCHEDULE_PLAN_KEYS = new Set(["earliestAt", "latestAt"]);
const HMAC_PLAN_KEYS = new Set([
  "type",
  "secretKey",
  "algorithm",
  "signatureHeader",
  "timestampHeader",
  "signaturePrefix",
  "includeTimestamp",
  "payloadFormat",
  "messageIdHeader",
  "signatureEncoding",
  "secretIsBase64",
]);
const BEARER_PLAN_KEYS = new Set(["type", "token", "headerName", "bearerPrefixEnabled"]);

const E164 = /^\+[1-9]\d{6,14}$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const E164_MESSAGE = "must be a valid phone number in the E.164 format. Hot tip, you may be missing the country code (Eg. US: +1).";

type Json = Record<string, unknown>;

interface StringRule {
  required?: boolean;
  minLength?: number;
  maxLength?: number;
}

interface NumberRule {
  required?: boolean;
  min?: number;
  max?: number;
}

/** Collects class-validator-style messages; `at()` gives a checker for a nested object sharing the same list. */
class Checker {
  constructor(
    readonly errors: string[] = [],
    private readonly prefix = "",
  ) {}

  at(path: string): Checker {
    return new Checker(this.errors, `${this.prefix}${path}.`);
  }

  add(property: string, message: string): void {
    this.errors.push(`${this.prefix}${property} ${message}`);
  }

  whitelist(obj: Json, allowed: ReadonlySet<string>): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.has(key)) this.errors.push(`${this.prefix}property ${key} should not exist`);
    }
  }

  /** Absent and null both count as "not given" (IsOptional). */
  private missing(obj: Json, key: string, required: boolean | undefined): boolean {
    if (obj[key] !== undefined && obj[key] !== null) return false;
    if (required) this.add(key, "should not be empty");
    return true;
  }

  string(obj: Json, key: string, rule: StringRule = {}): string | undefined {
    if (this.missing(obj, key, rule.required)) return undefined;
    const value = obj[key];
    if (typeof value !== "string") {
      this.add(key, "must be a string");
      return undefined;
    }
    if (rule.required && value === "") this.add(key, "should not be empty");
    if (rule.minLength !== undefined && value.length < rule.minLength) {
      this.add(key, `must be longer than or equal to ${rule.minLength} characters`);
    }
    if (rule.maxLength !== undefined && value.length > rule.maxLength) {
      this.add(key, `must be shorter than or equal to ${rule.maxLength} characters`);
    }
    return value;
  }

  number(obj: Json, key: string, rule: NumberRule = {}): void {
    if (this.missing(obj, key, rule.required)) return;
    const value = obj[key];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      this.add(key, "must be a number conforming to the specified constraints");
      return;
    }
    if (rule.min !== undefined && value < rule.min) this.add(key, `must not be less than ${rule.min}`);
    if (rule.max !== undefined && value > rule.max) this.add(key, `must not be greater than ${rule.max}`);
  }

  boolean(obj: Json, key: string): void {
    if (this.missing(obj, key, false)) return;
    if (typeof obj[key] !== "boolean") this.add(key, "must be a boolean value");
  }

  oneOf(obj: Json, key: string, values: readonly string[], required = false): string | undefined {
    if (this.missing(obj, key, required)) return undefined;
    const value = obj[key];
    if (typeof value !== "string" || !values.includes(value)) {
      this.add(key, `must be one of the following values: ${values.join(", ")}`);
      return undefined;
    }
    return value;
  }

  eachOneOf(obj: Json, key: string, values: readonly string[]): void {
    const list = this.array(obj, key);
    if (list?.some((item) => typeof item !== "string" || !values.includes(item))) {
      this.errors.push(`${this.prefix}each value in ${key} must be one of the following values: ${values.join(", ")}`);
    }
  }

  stringArray(obj: Json, key: string): void {
    const list = this.array(obj, key);
    if (list?.some((item) => typeof item !== "string")) {
      this.errors.push(`${this.prefix}each value in ${key} must be a string`);
    }
  }

  array(obj: Json, key: string): unknown[] | undefined {
    if (this.missing(obj, key, false)) return undefined;
    const value = obj[key];
    if (!Array.isArray(value)) {
      this.add(key, "must be an array");
      return undefined;
    }
    return value;
  }

  object(obj: Json, key: string, required = false): Json | undefined {
    if (this.missing(obj, key, required)) return undefined;
    const value = obj[key];
    if (!isRecord(value)) {
      this.errors.push(`${this.prefix}nested property ${key} must be either object or array`);
      return undefined;
    }
    return value;
  }

  isoDate(obj: Json, key: string, required = false): void {
    const value = this.string(obj, key, { required });
    if (value !== undefined && (!ISO_8601.test(value) || Number.isNaN(Date.parse(value)))) {
      this.add(key, "must be a valid ISO 8601 date string");
    }
  }
}

export interface ValidationContext {
  credentialExists(id: string): boolean;
  /** Vapi refuses server URLs that are not public https URLs; the sandbox needs loopback ones. */
  strictServerUrls: boolean;
}

export function validateAssistant(body: Json, ctx: ValidationContext): string[] {
  const c = new Checker();
  c.whitelist(body, ASSISTANT_KEYS);
  validateAssistantFields(c, body, ctx);
  return c.errors;
}

/** The fields an assistant and a call's assistantOverrides share, with the same limits. */
function validateAssistantFields(c: Checker, body: Json, ctx: ValidationContext): void {
  c.string(body, "name", { maxLength: 40 });
  c.string(body, "firstMessage");
  c.oneOf(body, "firstMessageMode", FIRST_MESSAGE_MODES);
  c.string(body, "voicemailMessage", { maxLength: 1000 });
  c.string(body, "endCallMessage");
  c.stringArray(body, "endCallPhrases");
  c.number(body, "silenceTimeoutSeconds", { min: 10, max: 3600 });
  c.number(body, "maxDurationSeconds", { min: 10, max: 43200 });
  c.eachOneOf(body, "serverMessages", SERVER_MESSAGE_TYPES);
  c.stringArray(body, "credentialIds");
  for (const key of ASSISTANT_OBJECT_KEYS) c.object(body, key);

  const voice = c.object(body, "voice");
  if (voice) validateVoice(c.at("voice"), voice);
  const model = c.object(body, "model");
  if (model) validateModel(c.at("model"), model, ctx);
  const server = c.object(body, "server");
  if (server) validateServer(c.at("server"), server, ctx);
  const stopSpeakingPlan = c.object(body, "stopSpeakingPlan");
  if (stopSpeakingPlan) {
    const s = c.at("stopSpeakingPlan");
    s.number(stopSpeakingPlan, "numWords", { min: 0, max: 10 });
    s.number(stopSpeakingPlan, "voiceSeconds", { min: 0, max: 0.5 });
    s.number(stopSpeakingPlan, "backoffSeconds", { min: 0, max: 10 });
  }
}

function validateVoice(c: Checker, voice: Json): void {
  const provider = c.oneOf(voice, "provider", VOICE_PROVIDERS, true);
  if (provider !== "11labs") return;
  c.string(voice, "voiceId", { required: true });
  c.oneOf(voice, "model", ELEVENLABS_MODELS);
  c.number(voice, "stability", { min: 0, max: 1 });
  c.number(voice, "similarityBoost", { min: 0, max: 1 });
  c.number(voice, "style", { min: 0, max: 1 });
  c.number(voice, "speed", { min: 0.7, max: 1.2 });
}

function validateModel(c: Checker, model: Json, ctx: ValidationContext): void {
  c.oneOf(model, "provider", MODEL_PROVIDERS, true);
  c.string(model, "model", { required: true });
  c.number(model, "temperature", { min: 0, max: 2 });
  c.number(model, "maxTokens", { min: 50, max: 10000 });
  c.stringArray(model, "toolIds");
  (c.array(model, "messages") ?? []).forEach((message, index) => {
    if (!isRecord(message)) return c.add(`messages.${index}`, "must be an object");
    const m = c.at(`messages.${index}`);
    m.oneOf(message, "role", MESSAGE_ROLES, true);
    m.string(message, "content");
  });
  (c.array(model, "tools") ?? []).forEach((tool, index) => {
    if (!isRecord(tool)) return c.add(`tools.${index}`, "must be an object");
    const t = c.at(`tools.${index}`);
    const type = t.oneOf(tool, "type", TOOL_TYPES, true);
    const server = t.object(tool, "server");
    if (server) validateServer(t.at("server"), server, ctx);
    if (type === "function") {
      const fn = t.object(tool, "function");
      if (!fn) return;
      const f = t.at("function");
      const name = f.string(fn, "name", { required: true, maxLength: 64 });
      if (name !== undefined && !FUNCTION_NAME.test(name)) {
        f.add("name", `must match ${String(FUNCTION_NAME)} regular expression`);
      }
      f.string(fn, "description");
      f.object(fn, "parameters");
    }
    if (type === "transferCall") {
      (t.array(tool, "destinations") ?? []).forEach((destination, i) => {
        if (!isRecord(destination)) return t.add(`destinations.${i}`, "must be an object");
        const d = t.at(`destinations.${i}`);
        const kind = d.string(destination, "type", { required: true });
        if (kind === "number") d.string(destination, "number", { required: true, minLength: 3, maxLength: 40 });
      });
    }
  });
}

function validateServer(c: Checker, server: Json, ctx: ValidationContext): void {
  c.whitelist(server, SERVER_KEYS);
  const url = c.string(server, "url");
  if (url !== undefined && !isAcceptableUrl(url, ctx.strictServerUrls)) c.add("url", "must be a URL address");
  c.string(server, "secret");
  c.number(server, "timeoutSeconds", { min: 1, max: 300 });
  const headers = c.object(server, "headers");
  if (headers && Object.values(headers).some((value) => typeof value !== "string")) {
    c.add("headers", "values must be strings");
  }
  const credentialId = c.string(server, "credentialId");
  if (credentialId !== undefined && !ctx.credentialExists(credentialId)) {
    c.add("credentialId", `must reference an existing credential (${credentialId} not found)`);
  }
  const backoffPlan = c.object(server, "backoffPlan");
  if (backoffPlan) {
    const b = c.at("backoffPlan");
    b.oneOf(backoffPlan, "type", ["fixed", "exponential"], true);
    b.number(backoffPlan, "maxRetries", { required: true, min: 0, max: 10 });
    b.number(backoffPlan, "baseDelaySeconds", { required: true, min: 0, max: 10 });
  }
}

function isAcceptableUrl(value: string, strict: boolean): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (!strict) return url.protocol === "http:" || url.protocol === "https:";
  const loopback = ["localhost", "127.0.0.1", "[::1]", "0.0.0.0"].includes(url.hostname);
  return url.protocol === "https:" && !loopback && url.hostname.includes(".");
}

export function validatePhoneNumberCreate(body: Json, ctx: ValidationContext): string[] {
  const c = new Checker();
  const provider = c.oneOf(body, "provider", PHONE_NUMBER_PROVIDERS, true);
  if (provider !== undefined && provider !== "vapi") {
    return [`the simulator only provisions free Vapi numbers (provider "vapi"), not "${provider}"`];
  }
  c.whitelist(body, CREATE_VAPI_NUMBER_KEYS);
  c.string(body, "numberDesiredAreaCode", { required: true, minLength: 3, maxLength: 3 });
  validatePhoneNumberCommon(c, body, ctx);
  return c.errors;
}

export function validatePhoneNumberUpdate(body: Json, ctx: ValidationContext): string[] {
  const c = new Checker();
  c.whitelist(body, UPDATE_VAPI_NUMBER_KEYS);
  c.oneOf(body, "provider", ["vapi"]);
  validatePhoneNumberCommon(c, body, ctx);
  return c.errors;
}

function validatePhoneNumberCommon(c: Checker, body: Json, ctx: ValidationContext): void {
  c.string(body, "name", { maxLength: 40 });
  c.string(body, "assistantId");
  const server = c.object(body, "server");
  if (server) validateServer(c.at("server"), server, ctx);
}

export function validateCallCreate(body: Json, ctx: ValidationContext): string[] {
  const c = new Checker();
  c.whitelist(body, CALL_KEYS);
  for (const key of ["assistant", "squad", "squadId", "workflow", "workflowId", "customers", "phoneNumber"]) {
    if (body[key] !== undefined) {
      c.errors.push(`${key}: the simulator only places calls with a saved assistantId, a phoneNumberId and one customer`);
    }
  }
  c.string(body, "name", { maxLength: 40 });
  c.string(body, "assistantId", { required: true });
  c.string(body, "phoneNumberId", { required: true });

  const customer = c.object(body, "customer", true);
  if (customer) {
    const k = c.at("customer");
    k.whitelist(customer, CUSTOMER_KEYS);
    k.boolean(customer, "numberE164CheckEnabled");
    const number = k.string(customer, "number", { required: true, minLength: 3, maxLength: 40 });
    if (number !== undefined && customer.numberE164CheckEnabled !== false && !E164.test(number)) {
      k.add("number", E164_MESSAGE);
    }
    k.string(customer, "name", { maxLength: 40 });
    k.string(customer, "email", { maxLength: 40 });
    k.string(customer, "externalId", { maxLength: 40 });
    k.string(customer, "extension", { maxLength: 10 });
  }

  const schedulePlan = c.object(body, "schedulePlan");
  if (schedulePlan) {
    const s = c.at("schedulePlan");
    s.whitelist(schedulePlan, SCHEDULE_PLAN_KEYS);
    s.isoDate(schedulePlan, "earliestAt", true);
    s.isoDate(schedulePlan, "latestAt");
  }

  const overrides = c.object(body, "assistantOverrides");
  if (overrides) {
    const o = c.at("assistantOverrides");
    o.whitelist(overrides, OVERRIDE_KEYS);
    validateAssistantFields(o, overrides, ctx);
    o.object(overrides, "variableValues");
  }
  return c.errors;
}

export function validateCredentialCreate(body: Json): string[] {
  const c = new Checker();
  c.whitelist(body, new Set(["provider", "authenticationPlan", "name"]));
  const provider = c.string(body, "provider", { required: true });
  if (provider !== undefined && provider !== "webhook") {
    return [`the simulator only stores webhook credentials (provider "webhook"), not "${provider}"`];
  }
  c.string(body, "name", { minLength: 1, maxLength: 40 });
  const plan = c.object(body, "authenticationPlan", true);
  if (!plan) return c.errors;
  const p = c.at("authenticationPlan");
  const type = p.oneOf(plan, "type", ["oauth2", "hmac", "bearer"], true);
  if (type === "oauth2") return [...c.errors, "authenticationPlan: the simulator signs with hmac or bearer plans only"];
  if (type === "hmac") {
    p.whitelist(plan, HMAC_PLAN_KEYS);
    p.string(plan, "secretKey", { required: true });
    p.oneOf(plan, "algorithm", ["sha256", "sha512", "sha1"], true);
    p.oneOf(plan, "signatureEncoding", ["hex", "base64"]);
    for (const key of ["signatureHeader", "timestampHeader", "signaturePrefix", "payloadFormat", "messageIdHeader"]) {
      p.string(plan, key);
    }
    p.boolean(plan, "includeTimestamp");
    p.boolean(plan, "secretIsBase64");
  }
  if (type === "bearer") {
    p.whitelist(plan, BEARER_PLAN_KEYS);
    p.string(plan, "token", { required: true });
    p.string(plan, "headerName");
    p.boolean(plan, "bearerPrefixEnabled");
  }
  return c.errors;
}

export function isE164(number: string): boolean {
  return E164.test(number);
}
