import { VapiClient, type Vapi } from "@vapi-ai/server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVapiSimulator, type VapiSimulator } from "../sandbox/vapi-simulator/server";
import { ValidationError } from "../vapi/errors";
import {
  assistantName,
  buildAssistantConfig,
  buildAssistantUpdate,
  SERVER_MESSAGES,
  validateAreaCode,
  validateAssistantInput,
  type AssistantInput,
} from "./assistant-config";
import { buildSystemPrompt, type ProductSummary } from "./system-prompt";
import { VOICES } from "./voices";

const SECRET = "s3cret-s3cret-s3cret";

function validInput(overrides: Partial<AssistantInput> = {}): AssistantInput {
  return {
    shopId: "shop_123",
    shopName: "Acme Outfitters",
    products: [
      { title: "Blue Shirt", minPrice: "29.99", maxPrice: "29.99", currencyCode: "USD", available: true },
      { title: "Red Hat", minPrice: "24.00", maxPrice: "64.00", currencyCode: "USD" },
    ],
    hoursOfOperation: "Mon-Fri 9am-5pm EST",
    timezone: "America/New_York",
    voice: "rachel",
    forwardingNumber: null,
    serverUrl: "https://receptionist.example.com/webhooks/vapi",
    webhookSecret: SECRET,
    credentialId: null,
    model: "claude-sonnet-4-5-20250929",
    ...overrides,
  };
}

const product = (overrides: Partial<ProductSummary>): ProductSummary => ({
  title: "Blue Shirt",
  minPrice: "29.99",
  maxPrice: "29.99",
  currencyCode: "USD",
  ...overrides,
});

function validationError(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

function modelOf(config: Vapi.CreateAssistantDto): Vapi.CreateAssistantDtoModel.Anthropic {
  const model = config.model;
  if (model?.provider !== "anthropic") throw new Error("expected an Anthropic model");
  return model;
}

function voiceOf(config: Vapi.CreateAssistantDto): Vapi.CreateAssistantDtoVoice._11Labs {
  const voice = config.voice;
  if (voice?.provider !== "11labs") throw new Error("expected an 11labs voice");
  return voice;
}

function functionTool(config: Vapi.CreateAssistantDto, name: string): Vapi.AnthropicModelToolsItem.Function {
  const tools = (modelOf(config).tools ?? []).filter(
    (tool): tool is Vapi.AnthropicModelToolsItem.Function => tool.type === "function" && tool.function?.name === name,
  );
  expect(tools).toHaveLength(1);
  return tools[0];
}

function transferTools(config: Vapi.CreateAssistantDto): Vapi.AnthropicModelToolsItem.TransferCall[] {
  return (modelOf(config).tools ?? []).filter((tool): tool is Vapi.AnthropicModelToolsItem.TransferCall => tool.type === "transferCall");
}

function speechTimeoutHooks(config: Vapi.CreateAssistantDto): Vapi.CallHookCustomerSpeechTimeout[] {
  return (config.hooks ?? []).filter((hook): hook is Vapi.CallHookCustomerSpeechTimeout => hook.on === "customer.speech.timeout" && "options" in hook);
}

describe("validateAssistantInput", () => {
  it.each<[string, Partial<AssistantInput>]>([
    ["the defaults", {}],
    ["no products", { products: [] }],
    ["30 products", { products: Array.from({ length: 30 }, (_, i) => product({ title: `Product ${i}` })) }],
    ["a product in euros with a range", { products: [product({ minPrice: "10", maxPrice: "12.5", currencyCode: "EUR" })] }],
    ["a free product", { products: [product({ minPrice: "0.00", maxPrice: "0.00" })] }],
    ["no hours", { hoursOfOperation: null }],
    ["hours of exactly 200 characters", { hoursOfOperation: "x".repeat(200) }],
    ["the UTC time zone", { timezone: "UTC" }],
    ["every voice", {}],
    ["forwarding in E.164", { forwardingNumber: "+14155550199" }],
    ["forwarding in US national format", { forwardingNumber: "(415) 555-0199" }],
    ["forwarding as bare digits", { forwardingNumber: "4155550199" }],
    ["forwarding with an extension", { forwardingNumber: "+1 415 555 0199 ext. 12" }],
    ["a Canadian forwarding number", { forwardingNumber: "+1 416 555 0199" }],
    ["an empty forwarding number", { forwardingNumber: "" }],
    ["an http server URL (sandbox)", { serverUrl: "http://127.0.0.1:3000/webhooks/vapi" }],
    ["a secret of exactly 16 characters", { webhookSecret: "x".repeat(16) }],
    ["a credential", { credentialId: "cred_123" }],
    ["another Anthropic model", { model: "claude-haiku-4-5-20251001" }],
  ])("accepts %s", (_case, overrides) => {
    expect(() => validateAssistantInput(validInput(overrides))).not.toThrow();
  });

  it.each(VOICES.map((voice) => voice.name))("accepts the voice %s", (voice) => {
    expect(() => validateAssistantInput(validInput({ voice }))).not.toThrow();
  });

  it.each<[string, AssistantInput, string, RegExp]>([
    ["an empty shop id", validInput({ shopId: "" }), "shopId", /shop is missing its id/],
    ["a blank shop name", validInput({ shopName: "  \n " }), "shopName", /Settings > Store details/],
    // Data from outside TypeScript (JSON) can break the declared types.
    ["products that are not an array", Object.assign(validInput(), { products: null }), "products", /product list/],
    ["a product without a title", validInput({ products: [product({}), product({ title: "" })] }), "products[1].title", /Product 2 has no title/],
    ["a product with a blank title", validInput({ products: [product({ title: "\n\t" })] }), "products[0].title", /no title/],
    ["a non-numeric price", validInput({ products: [product({ minPrice: "abc" })] }), "products[0].minPrice", /"Blue Shirt" has an invalid price/],
    ["a negative price", validInput({ products: [product({ maxPrice: "-1" })] }), "products[0].maxPrice", /invalid price/],
    ["an empty price", validInput({ products: [product({ minPrice: "" })] }), "products[0].minPrice", /invalid price/],
    ["a price with a currency sign", validInput({ products: [product({ minPrice: "$29.99" })] }), "products[0].minPrice", /invalid price/],
    ["a price with thousands separators", validInput({ products: [product({ maxPrice: "1,000.00" })] }), "products[0].maxPrice", /invalid price/],
    ["a minimum above the maximum", validInput({ products: [product({ minPrice: "64", maxPrice: "24" })] }), "products[0].minPrice", /lowest price above/],
    ["an unknown currency", validInput({ products: [product({ currencyCode: "DOLLARS" })] }), "products[0].currencyCode", /unknown currency "DOLLARS"/],
    ["a lowercase currency", validInput({ products: [product({ currencyCode: "usd" })] }), "products[0].currencyCode", /unknown currency/],
    ["hours over 200 characters", validInput({ hoursOfOperation: "x".repeat(201) }), "hoursOfOperation", /200 characters or fewer \(they are 201\)/],
    ["an unknown time zone", validInput({ timezone: "Mars/Olympus_Mons" }), "timezone", /not a time zone/],
    ["an empty time zone", validInput({ timezone: "" }), "timezone", /not a time zone/],
    ["an unknown voice", validInput({ voice: "sarah" }), "voice", /"sarah" is not an available voice\. Choose one of: rachel, adam, anna, arnold, bella\./],
    ["a voice in capitals", validInput({ voice: "Rachel" }), "voice", /Choose one of/],
    ["a forwarding number too short", validInput({ forwardingNumber: "123" }), "forwardingNumber", /not a valid US phone number\. Enter it with its area code/],
    ["a forwarding number without area code", validInput({ forwardingNumber: "555-1234" }), "forwardingNumber", /not a valid US phone number/],
    ["a forwarding number that is not one", validInput({ forwardingNumber: "call me" }), "forwardingNumber", /not a valid US phone number/],
    ["an impossible US number", validInput({ forwardingNumber: "+1 415 123 4567" }), "forwardingNumber", /not a valid US phone number/],
    ["a UK forwarding number", validInput({ forwardingNumber: "+44 20 7183 8750" }), "forwardingNumber", /not a valid US phone number/],
    ["an ftp server URL", validInput({ serverUrl: "ftp://example.com/hook" }), "serverUrl", /http:\/\/ or https:\/\//],
    ["a server URL that is not a URL", validInput({ serverUrl: "receptionist.example.com" }), "serverUrl", /http/],
    ["an empty server URL", validInput({ serverUrl: "" }), "serverUrl", /http/],
    ["a webhook secret of 15 characters", validInput({ webhookSecret: "x".repeat(15) }), "webhookSecret", /at least 16 characters/],
    ["a non-Anthropic model", validInput({ model: "gpt-4-turbo" }), "model", /not an Anthropic model Vapi supports; use e\.g\. claude-sonnet-4-5-20250929/],
  ])("rejects %s", (_case, input, field, message) => {
    const error = validationError(() => validateAssistantInput(input));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.status).toBe(400);
  });

  it("never repeats the webhook secret in its message", () => {
    const error = validationError(() => validateAssistantInput(validInput({ webhookSecret: "tooShortSecret" })));
    expect(error.message).not.toContain("tooShortSecret");
  });
});

describe("validateAreaCode", () => {
  it.each(["415", "212", "800", "999", "200"])("accepts %s", (code) => {
    expect(() => validateAreaCode(code)).not.toThrow();
  });

  it.each(["015", "115", "41", "4155", "abc", "", " 415", "41a", "+1415"])("rejects %j", (code) => {
    const error = validationError(() => validateAreaCode(code));
    expect(error.field).toBe("areaCode");
    expect(error.message).toMatch(/3 digits that don't start with 0 or 1, for example 415/);
  });
});

describe("assistantName", () => {
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

  it.each([
    ["a short name", "Acme", "Acme Receptionist"],
    ["exactly 40 characters", "A".repeat(27), `${"A".repeat(27)} Receptionist`],
    ["41 characters", "A".repeat(28), `${"A".repeat(26)}… Receptionist`],
    ["a long name", "The Extraordinarily Long Name Boutique & Co.", "The Extraordinarily Long N… Receptionist"],
    ["a cut at a space", "Sunshine and Rainbows Gift Shop", "Sunshine and Rainbows Gift… Receptionist"],
    ["accented letters and CJK", "Café Größe 日本の店", "Café Größe 日本の店 Receptionist"],
    ["emoji past the limit", "🛍️".repeat(20), `${"🛍️".repeat(8)}… Receptionist`],
    ["surrounding whitespace", "  Acme  ", "Acme Receptionist"],
    ["inner newlines and tabs", "Acme\n\tStore", "Acme Store Receptionist"],
    ["an empty name", "   ", "Receptionist"],
  ])("%s", (_case, shopName, expected) => {
    const name = assistantName(shopName);
    expect(name).toBe(expected);
    expect(name.length).toBeLessThanOrEqual(40);
    expect(name.endsWith(" Receptionist") || name === "Receptionist").toBe(true);
    expect(name).not.toMatch(lone);
  });
});

describe("buildAssistantConfig", () => {
  const config = buildAssistantConfig(validInput());

  it("names the assistant and greets with the shop name first", () => {
    expect(config.name).toBe("Acme Outfitters Receptionist");
    expect(config.firstMessage).toBe("Thank you for calling Acme Outfitters! How can I help you today?");
    expect(config.firstMessageMode).toBe("assistant-speaks-first");
  });

  it("uses the configured Anthropic model with the system prompt", () => {
    const model = modelOf(config);
    expect(model).toMatchObject({ provider: "anthropic", model: "claude-sonnet-4-5-20250929", temperature: 0.4, maxTokens: 300 });
    expect(model.messages).toEqual([
      {
        role: "system",
        content: buildSystemPrompt({
          shopName: "Acme Outfitters",
          products: validInput().products,
          hoursOfOperation: "Mon-Fri 9am-5pm EST",
          timezone: "America/New_York",
          canTransfer: false,
        }),
      },
    ]);
  });

  it("defines order_lookup with optional order number, email and postal code", () => {
    const tool = functionTool(config, "order_lookup");
    expect(tool.function?.parameters).toEqual({
      type: "object",
      properties: {
        orderNumber: expect.objectContaining({ type: "string" }),
        email: expect.objectContaining({ type: "string" }),
        postalCode: expect.objectContaining({ type: "string" }),
      },
    });
    expect(tool.function?.parameters?.required).toBeUndefined();
    expect(tool.function?.description).toMatch(/phone number alone never verifies/);
  });

  it("defines product_search with a required query", () => {
    const tool = functionTool(config, "product_search");
    expect(tool.function?.parameters).toEqual({
      type: "object",
      properties: { query: expect.objectContaining({ type: "string" }) },
      required: ["query"],
    });
  });

  it.each(["order_lookup", "product_search"])("%s says a holding line and uses the assistant's server", (name) => {
    const tool = functionTool(config, name);
    expect(tool.messages).toEqual([{ type: "request-start", content: "One moment while I check that." }]);
    expect(tool.server).toBeUndefined();
  });

  it("has no transfer tool without a forwarding number", () => {
    expect(transferTools(config)).toEqual([]);
    expect(modelOf(config).tools).toHaveLength(4);
    expect(transferTools(buildAssistantConfig(validInput({ forwardingNumber: " " })))).toEqual([]);
  });

  it.each(["(415) 555-0199", "+1 415 555 0199", "415.555.0199 ext. 12"])(
    "with a forwarding number (%s) has a transfer tool whose destination is asked for at transfer time: the number is nowhere in the config",
    (forwardingNumber) => {
      const withForwarding = buildAssistantConfig(validInput({ forwardingNumber }));
      expect(transferTools(withForwarding)).toEqual([{ type: "transferCall", destinations: [] }]);
      expect(JSON.stringify(withForwarding)).not.toMatch(/555.?0199/);
      expect(withForwarding.serverMessages).toContain("transfer-destination-request");
      expect(modelOf(withForwarding).messages?.[0].content).toContain("5. transferCall");
    },
  );

  it("has store_info (topics as an enum) and take_message (confirmation flag), both on the assistant's server", () => {
    const info = functionTool(config, "store_info");
    expect(info.function?.parameters).toMatchObject({
      required: ["topic"],
      properties: { topic: { enum: ["returns", "shipping", "privacy", "terms", "contact", "hours", "faq"] } },
    });
    expect(info.server).toBeUndefined();
    const message = functionTool(config, "take_message");
    expect(message.function?.parameters).toMatchObject({ required: ["callerName", "reason"], properties: { callbackNumberConfirmed: { type: "boolean" } } });
    expect(message.server).toBeUndefined();
  });

  it.each(VOICES.map((voice) => [voice.name, voice.voiceId] as const))("speaks with ElevenLabs voice %s (%s)", (name, voiceId) => {
    expect(voiceOf(buildAssistantConfig(validInput({ voice: name })))).toEqual({
      provider: "11labs",
      voiceId,
      stability: 0.5,
      similarityBoost: 0.75,
      speed: 1.0,
    });
  });

  it("leaves a voicemail and a goodbye naming the shop", () => {
    expect(config.voicemailMessage).toContain("Acme Outfitters");
    expect(config.endCallMessage).toBe("Thank you for calling Acme Outfitters. Have a great day!");
    const longShop = buildAssistantConfig(validInput({ shopName: "Long ".repeat(400) }));
    expect(longShop.voicemailMessage?.length).toBeLessThanOrEqual(1000);
  });

  it("records calls, limits them to an hour and stops talking when interrupted", () => {
    expect(config.maxDurationSeconds).toBe(3600);
    expect(config.artifactPlan).toEqual({ recordingEnabled: true });
    expect(config.stopSpeakingPlan).toEqual({ numWords: 0, voiceSeconds: 0.2, backoffSeconds: 1 });
  });

  it("handles silence with speech-timeout hooks of at least 10 s: asks, then hangs up", () => {
    expect("silenceTimeoutSeconds" in config).toBe(false);
    const hooks = speechTimeoutHooks(config);
    expect(hooks).toHaveLength(2);
    expect(hooks.every((hook) => (hook.options?.timeoutSeconds ?? 0) >= 10)).toBe(true);

    const [check, hangUp] = hooks;
    expect(check.options).toEqual({ timeoutSeconds: 10, triggerMaxCount: 2, triggerResetMode: "onUserSpeech" });
    expect(check.do).toEqual([{ type: "say", exact: "Are you still there?" }]);
    expect(hangUp.options?.timeoutSeconds).toBeGreaterThan(check.options?.timeoutSeconds ?? Infinity);
    expect(hangUp.do.at(-1)).toEqual({ type: "tool", tool: { type: "endCall" } });
  });

  it("sends the app's webhooks to the server URL with the secret in a header, retried after a 5xx", () => {
    expect(config.server).toEqual({
      url: "https://receptionist.example.com/webhooks/vapi",
      headers: { "X-Vapi-Secret": SECRET },
      timeoutSeconds: 20,
      backoffPlan: { type: "exponential", maxRetries: 5, baseDelaySeconds: 2, excludedStatusCodes: [400, 401, 403, 404, 409, 413, 422] },
    });
    expect(buildAssistantConfig(validInput({ credentialId: "cred_123" })).server?.credentialId).toBe("cred_123");
    expect(config.serverMessages).toEqual(["status-update", "end-of-call-report", "tool-calls", "transfer-destination-request", "hang"]);
    expect(SERVER_MESSAGES).toEqual(config.serverMessages);
  });

  it("tags the assistant with the shop", () => {
    expect(config.metadata).toEqual({ shopId: "shop_123", app: "shopify-ai-receptionist" });
  });

  it("summarises each call, saying a message was left without copying it (messages are records of their own)", () => {
    const [system, user] = config.analysisPlan?.summaryPlan?.messages ?? [];
    expect(system).toMatchObject({ role: "system" });
    expect(String(system.content)).toContain("left a message");
    expect(String(system.content)).not.toContain("Message:");
    expect(String(user.content)).toContain("{{transcript}}");
  });

  it("refuses to build from invalid input", () => {
    const error = validationError(() => buildAssistantConfig(validInput({ voice: "morgan" })));
    expect(error.field).toBe("voice");
  });
});

describe("buildAssistantUpdate", () => {
  it("is the complete config, so PATCH replaces model (prompt and tools), voice and messages as a whole", () => {
    const input = validInput({ voice: "adam", forwardingNumber: "+14155550199" });
    const update = buildAssistantUpdate(input);
    expect(update).toEqual(buildAssistantConfig(input));
    expect("id" in update).toBe(false);
    const model = update.model?.provider === "anthropic" ? update.model : undefined;
    expect(model?.messages).toHaveLength(1);
    expect(model?.tools?.map((tool) => tool.type)).toEqual(["function", "function", "function", "function", "transferCall"]);
    expect(update).toHaveProperty("voice.voiceId", "pNInz6obpgDQGcFmaJgB");
    expect(update).toMatchObject({ name: expect.any(String), firstMessage: expect.any(String), voicemailMessage: expect.any(String) });
  });
});

describe("against the Vapi simulator (real SDK)", () => {
  let sim: VapiSimulator;
  let vapi: VapiClient;

  beforeAll(async () => {
    sim = await startVapiSimulator();
    vapi = new VapiClient({ token: sim.apiKey, baseUrl: sim.url, maxRetries: 0 });
  });
  afterAll(() => sim.close());

  it("creates the assistant (201) and updates it with PATCH", async () => {
    const created = await vapi.assistants.create(buildAssistantConfig(validInput())).withRawResponse();
    expect(created.rawResponse.status).toBe(201);
    expect(created.data).toMatchObject({ name: "Acme Outfitters Receptionist", metadata: { shopId: "shop_123" } });

    const changed = validInput({ voice: "bella", forwardingNumber: "(415) 555-0199", hoursOfOperation: null });
    const updated = await vapi.assistants.update({ id: created.data.id, ...buildAssistantUpdate(changed) }).withRawResponse();
    expect(updated.rawResponse.status).toBe(200);
    expect(updated.data.voice).toMatchObject({ provider: "11labs", voiceId: "EXAVITQu4vr4xnSDxMaL" });
    const model = updated.data.model?.provider === "anthropic" ? updated.data.model : undefined;
    expect(model?.tools?.map((tool) => tool.type)).toEqual(["function", "function", "function", "function", "transferCall"]);
    expect(model?.messages?.[0].content).toContain("Hours of operation: not specified.");
  });
});
