// A shop's Vapi assistant, as pure functions: validate the shop's settings,
// then build the create / update requests with the SDK's own request types, so
// the typecheck proves every field exists in Vapi's API (no casts, no `any`).
import { Vapi } from "@vapi-ai/server-sdk";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { ValidationError } from "../vapi/errors";
import { isAreaCode } from "./area-codes";
import { STORE_INFO_TOPICS } from "../knowledge/store-info";
import type { OpeningHours } from "../opening-hours/opening-hours";
import { buildSystemPrompt, displayShopName, MAX_HOURS_LENGTH, sanitizeMerchantText, truncate, type ProductSummary } from "./system-prompt";
import { isVoiceName, VOICES, voiceByName, type Voice } from "./voices";

export interface AssistantInput {
  shopId: string;
  shopName: string;
  products: ProductSummary[];
  hoursOfOperation?: string | null;
  /** The opening hours as data (Store info page); null when the merchant has not set them. */
  openingHours?: OpeningHours | null;
  /** FAQ questions the merchant wrote (store_info answers them); the prompt lists them so the model knows to ask. */
  faqQuestions?: readonly string[];
  /** When the configuration is built: the prompt's open/closed timeline starts here. */
  builtAt?: Date;
  /** IANA time zone of the store, e.g. "America/New_York". */
  timezone: string;
  /** One of VOICES' names. */
  voice: string;
  /** Where transferCall sends callers (asked for at transfer time, only while open); no transfer tool without it. */
  forwardingNumber?: string | null;
  /** The app's webhook endpoint: server messages and tool calls go here. */
  serverUrl: string;
  /** The shop's own secret (webhook-secrets.server.ts), sent by Vapi as X-Vapi-Secret on every webhook. */
  webhookSecret: string;
  /** A Vapi webhook credential (e.g. HMAC) for the server, when configured. */
  credentialId?: string | null;
  /** An Anthropic model name Vapi accepts, e.g. claude-sonnet-4-5-20250929. */
  model: string;
}

export const APP_METADATA_NAME = "shopify-ai-receptionist";
export const ORDER_LOOKUP_TOOL = "order_lookup";
export const PRODUCT_SEARCH_TOOL = "product_search";
export const STORE_INFO_TOOL = "store_info";
export const TAKE_MESSAGE_TOOL = "take_message";
/** The server messages the app's webhook handles; anything else would only cost requests. */
export const SERVER_MESSAGES: readonly Vapi.CreateAssistantDtoServerMessagesItem[] = [
  "status-update",
  "end-of-call-report",
  "tool-calls",
  "transfer-destination-request",
  "hang",
];
export const MAX_ASSISTANT_NAME_LENGTH = 40; // Vapi rejects longer names
export const MIN_WEBHOOK_SECRET_LENGTH = 16;
/** Silence before "Are you still there?" (Vapi rejects silence timeouts under 10 s). */
export const SILENCE_PROMPT_SECONDS = 10;
/** Silence after which the receptionist says goodbye and hangs up. */
export const SILENCE_HANG_UP_SECONDS = 30;

/**
 * Vapi retries a delivery the app answered with a 5xx (storing failed) or
 * not at all: 2, 4, 8, 16 and 32 s later. A 4xx is final (retrying a body
 * the app refused would be refused again). Retries are deduplicated.
 */
export const WEBHOOK_BACKOFF_PLAN: Vapi.BackoffPlan = {
  // The SDK (like Vapi's OpenAPI document) types `type` and the status codes
  // as objects; Vapi reads a string and numbers.
  type: "exponential" as unknown as Vapi.BackoffPlan["type"],
  maxRetries: 5,
  baseDelaySeconds: 2,
  excludedStatusCodes: [400, 401, 403, 404, 409, 413, 422] as unknown as Vapi.BackoffPlan["excludedStatusCodes"],
};

const ASSISTANT_NAME_SUFFIX = " Receptionist";
const ANTHROPIC_MODELS: readonly string[] = Object.values(Vapi.AnthropicModelModel);
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf("currency"));
const DECIMAL_AMOUNT = /^\d+(\.\d+)?$/;

interface CheckedInput {
  model: Vapi.AnthropicModelModel;
  voice: Voice;
  forwarding?: { number: string; extension?: string };
}

/** Throws a ValidationError naming the first invalid field, before anything is sent to Vapi. */
export function validateAssistantInput(input: AssistantInput): void {
  checkAssistantInput(input);
}

/** A US area code: exactly 3 digits, not starting with 0 or 1. */
export function validateAreaCode(code: string): void {
  if (typeof code !== "string" || !isAreaCode(code)) {
    throw new ValidationError(`"${code}" is not a US area code. Enter 3 digits that don't start with 0 or 1, for example 415.`, "areaCode");
  }
}

/** "<Shop> Receptionist" within Vapi's 40 characters: the shop part is shortened, never the suffix. */
export function assistantName(shopName: string): string {
  const shop = displayShopName(shopName);
  if (!shop) return ASSISTANT_NAME_SUFFIX.trim();
  return truncate(shop, MAX_ASSISTANT_NAME_LENGTH - ASSISTANT_NAME_SUFFIX.length) + ASSISTANT_NAME_SUFFIX;
}

export function buildAssistantConfig(input: AssistantInput): Vapi.CreateAssistantDto {
  const checked = checkAssistantInput(input);
  const shop = displayShopName(input.shopName);

  return {
    name: assistantName(input.shopName),
    model: {
      provider: "anthropic",
      model: checked.model,
      temperature: 0.4, // consistent, factual answers that still sound natural
      maxTokens: 300, // a spoken answer under 30 seconds
      messages: [
        {
          role: "system",
          content: buildSystemPrompt({
            shopName: input.shopName,
            products: input.products,
            hoursOfOperation: input.hoursOfOperation,
            openingHours: input.openingHours ?? null,
            faqQuestions: input.faqQuestions ?? [],
            builtAt: input.builtAt ?? new Date(),
            timezone: input.timezone,
            canTransfer: checked.forwarding !== undefined,
          }),
        },
      ],
      tools: [...functionTools(), ...(checked.forwarding ? [transferTool()] : [])],
    },
    firstMessage: `Thank you for calling ${shop}! How can I help you today?`,
    firstMessageMode: "assistant-speaks-first",
    voice: {
      provider: "11labs",
      voiceId: checked.voice.voiceId,
      stability: 0.5,
      similarityBoost: 0.75,
      speed: 1.0,
    },
    // Only spoken when voicemail detection is on (it is off by default, and
    // inbound callers are people); kept so outbound use has a sensible message.
    voicemailMessage: `Hello, this is ${shop}. Sorry we missed you. Please call us back and we'll be happy to help. Thank you!`,
    endCallMessage: `Thank you for calling ${shop}. Have a great day!`,
    maxDurationSeconds: 3600,
    artifactPlan: { recordingEnabled: true },
    // Stop talking as soon as the caller starts (VAD after 0.2 s), resume after 1 s.
    stopSpeakingPlan: { numWords: 0, voiceSeconds: 0.2, backoffSeconds: 1 },
    hooks: silenceHooks(),
    server: buildServerConfig(input),
    serverMessages: [...SERVER_MESSAGES],
    metadata: { shopId: input.shopId, app: APP_METADATA_NAME },
    analysisPlan: {
      summaryPlan: {
        messages: [
          {
            role: "system",
            content:
              // Messages are records of their own (take_message): the summary only says one was left.
              "You are an expert note-taker for a store's phone line. Summarize the call in 2-3 sentences. " +
              "If the caller left a message for the team, say so in one short clause. Return only the summary.",
          },
          {
            role: "user",
            content: "Here is the transcript:\n\n{{transcript}}\n\nHere is the ended reason of the call:\n\n{{endedReason}}\n\n",
          },
        ],
      },
    },
  };
}

/**
 * Where Vapi sends an assistant's (or an outbound call's) server messages,
 * and how it proves they come from Vapi: the shop's own secret as
 * X-Vapi-Secret, plus an HMAC credential when one is configured.
 */
export function buildServerConfig(input: Pick<AssistantInput, "serverUrl" | "webhookSecret" | "credentialId">): Vapi.Server {
  return {
    url: input.serverUrl,
    headers: { "X-Vapi-Secret": input.webhookSecret },
    timeoutSeconds: 20,
    backoffPlan: WEBHOOK_BACKOFF_PLAN,
    ...(input.credentialId ? { credentialId: input.credentialId } : {}),
  };
}

/** The body of PATCH /assistant/{id}: the SDK's UpdateAssistantDto also carries the path id. */
export type AssistantUpdate = Omit<Vapi.UpdateAssistantDto, "id">;

/**
 * PATCH /assistant/{id} replaces whole top-level fields (a `model` without
 * tools deletes the tools), so an update always sends the complete config.
 * Send it as `assistants.update({ id, ...buildAssistantUpdate(input) })`.
 */
export function buildAssistantUpdate(input: AssistantInput): AssistantUpdate {
  return buildAssistantConfig(input);
}

// Tools without their own `server` send tool-calls to the assistant's server,
// which carries the webhook secret.
function functionTools(): Vapi.AnthropicModelToolsItem[] {
  const messages: Vapi.CreateFunctionToolDtoMessagesItem[] = [{ type: "request-start", content: "One moment while I check that." }];
  return [
    {
      type: "function",
      messages,
      function: {
        name: ORDER_LOOKUP_TOOL,
        description:
          "Look up a customer's order by order number, or by the caller's phone number when no order number is given. " +
          "Returns order details only when the caller gives the email address or postal code on the order; the caller's phone number alone never verifies.",
        parameters: {
          type: "object",
          properties: {
            orderNumber: { type: "string", description: "The order number the caller gives, e.g. 1001 or #1001." },
            email: { type: "string", description: "The email address on the order, to verify the caller." },
            postalCode: { type: "string", description: "The postal or ZIP code on the order, to verify the caller." },
          },
        },
      },
    },
    {
      type: "function",
      messages,
      function: {
        name: PRODUCT_SEARCH_TOOL,
        description: "Search the store's products by name or category. Returns matching products with prices and stock.",
        parameters: {
          type: "object",
          properties: {
            query: { type: "string", description: "A product name or category, e.g. 'blue shirt' or 'hats'." },
          },
          required: ["query"],
        },
      },
    },
    {
      type: "function",
      messages,
      function: {
        name: STORE_INFO_TOOL,
        description:
          "Answer questions about the store itself: returns and refunds, shipping (and which countries it ships to), privacy, terms of service, " +
          "contact details, opening hours (and whether the store is open right now), and the store's FAQ.",
        parameters: {
          type: "object",
          properties: {
            topic: {
              type: "string",
              enum: [...STORE_INFO_TOPICS],
              description: "What the question is about. Use faq for anything else about the store.",
            },
            question: { type: "string", description: "The caller's question in their words, e.g. 'do you ship to Canada?'." },
          },
          required: ["topic"],
        },
      },
    },
    {
      type: "function",
      // No holding line: the assistant is already talking to the caller about the message.
      function: {
        name: TAKE_MESSAGE_TOOL,
        description:
          "Leave a message for the store's team, who will call the caller back. Call it once you have the caller's name, a callback number and the reason. " +
          "The first call returns the number to read back to the caller; call it again with callbackNumberConfirmed true once they confirm it.",
        parameters: {
          type: "object",
          properties: {
            callerName: { type: "string", description: "The caller's name." },
            callbackNumber: {
              type: "string",
              description: "The number to call back, with area code. Leave empty if the caller wants to be called back on the number they are calling from.",
            },
            reason: { type: "string", description: "What the message is about, in a sentence or two." },
            orderNumber: { type: "string", description: "The order number, if the message is about an order." },
            callbackNumberConfirmed: { type: "boolean", description: "True once the caller confirmed the number you read back." },
          },
          required: ["callerName", "reason"],
        },
      },
    },
  ];
}

// The model sees this tool as "transferCall": Vapi's transferCall tool type
// has no `function` field to rename it. It has no destinations: Vapi asks the
// server for one (transfer-destination-request) when the model transfers,
// and the app gives the forwarding number only while the store is open
// (tools/transfer-destination.server.ts).
function transferTool(): Vapi.AnthropicModelToolsItem {
  return { type: "transferCall", destinations: [] };
}

// Vapi's root `silenceTimeoutSeconds` is gone from the API types; silence is
// handled by customer.speech.timeout hooks: ask twice, then say goodbye and end.
function silenceHooks(): Vapi.CreateAssistantDtoHooksItem[] {
  return [
    {
      name: "silence-check",
      on: "customer.speech.timeout",
      options: { timeoutSeconds: SILENCE_PROMPT_SECONDS, triggerMaxCount: 2, triggerResetMode: "onUserSpeech" },
      do: [{ type: "say", exact: "Are you still there?" }],
    },
    {
      name: "silence-hang-up",
      on: "customer.speech.timeout",
      options: { timeoutSeconds: SILENCE_HANG_UP_SECONDS, triggerMaxCount: 1 },
      do: [
        { type: "say", exact: "I haven't heard from you, so I'll end the call now. Please call back anytime. Goodbye!" },
        { type: "tool", tool: { type: "endCall" } },
      ],
    },
  ];
}

function checkAssistantInput(input: AssistantInput): CheckedInput {
  if (!isNonBlank(input.shopId)) throw new ValidationError("The shop is missing its id. Reload the app and try again.", "shopId");
  if (!isNonBlank(input.shopName) || !displayShopName(input.shopName)) {
    throw new ValidationError("Your store needs a name. Set one in Shopify under Settings > Store details.", "shopName");
  }
  checkProducts(input.products);
  if (typeof input.hoursOfOperation === "string" && input.hoursOfOperation.length > MAX_HOURS_LENGTH) {
    throw new ValidationError(
      `Shorten your hours of operation to ${MAX_HOURS_LENGTH} characters or fewer (they are ${input.hoursOfOperation.length}).`,
      "hoursOfOperation",
    );
  }
  if (!isTimeZone(input.timezone)) {
    throw new ValidationError(`"${input.timezone}" is not a time zone. Set your store's time zone in Shopify under Settings > General.`, "timezone");
  }
  if (!isVoiceName(input.voice)) {
    const names = VOICES.map((voice) => voice.name).join(", ");
    throw new ValidationError(`"${input.voice}" is not an available voice. Choose one of: ${names}.`, "voice");
  }
  const forwarding = checkForwardingNumber(input.forwardingNumber);
  if (!isHttpUrl(input.serverUrl)) {
    throw new ValidationError("The webhook URL must be an http:// or https:// URL (check SHOPIFY_APP_URL).", "serverUrl");
  }
  if (typeof input.webhookSecret !== "string" || input.webhookSecret.length < MIN_WEBHOOK_SECRET_LENGTH) {
    throw new ValidationError(`The webhook secret must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters long.`, "webhookSecret");
  }
  if (!isAnthropicModel(input.model)) {
    throw new ValidationError(
      `"${input.model}" is not an Anthropic model Vapi supports; use e.g. ${Vapi.AnthropicModelModel.ClaudeSonnet4520250929}.`,
      "model",
    );
  }
  return { model: input.model, voice: voiceByName(input.voice), ...(forwarding ? { forwarding } : {}) };
}

function checkProducts(products: readonly ProductSummary[]): void {
  if (!Array.isArray(products)) throw new ValidationError("The product list could not be read. Try again.", "products");
  products.forEach((product, index) => {
    const field = `products[${index}]`;
    if (!isNonBlank(product?.title)) {
      throw new ValidationError(`Product ${index + 1} has no title. Give it one in Shopify.`, `${field}.title`);
    }
    const name = `"${sanitizeMerchantText(product.title, 40)}"`;
    for (const key of ["minPrice", "maxPrice"] as const) {
      if (typeof product[key] !== "string" || !DECIMAL_AMOUNT.test(product[key])) {
        throw new ValidationError(`Product ${name} has an invalid price. Check its price in Shopify.`, `${field}.${key}`);
      }
    }
    if (Number(product.minPrice) > Number(product.maxPrice)) {
      throw new ValidationError(`Product ${name} has a lowest price above its highest price.`, `${field}.minPrice`);
    }
    if (!CURRENCIES.has(product.currencyCode)) {
      throw new ValidationError(`Product ${name} has an unknown currency "${product.currencyCode}".`, `${field}.currencyCode`);
    }
  });
}

// Free Vapi numbers cannot call abroad, so a transfer only works to a US or
// Canadian (+1) number; reject others now rather than fail a caller later.
export function checkForwardingNumber(value: string | null | undefined): CheckedInput["forwarding"] {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  const phone = parsePhoneNumberFromString(value, "US");
  if (!phone?.isValid() || phone.countryCallingCode !== "1") {
    throw new ValidationError(
      `"${value}" is not a valid US phone number. Enter it with its area code, for example (415) 555-0123 or +1 415 555 0123.`,
      "forwardingNumber",
    );
  }
  return { number: phone.number, ...(phone.ext ? { extension: phone.ext } : {}) };
}

function isAnthropicModel(model: string): model is Vapi.AnthropicModelModel {
  return ANTHROPIC_MODELS.includes(model);
}

function isNonBlank(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

function isHttpUrl(value: string): boolean {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

function isTimeZone(value: string): boolean {
  if (!isNonBlank(value)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
