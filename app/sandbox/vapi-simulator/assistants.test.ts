// Assistants through the real SDK: CRUD with Vapi's PATCH semantics, and the
// validation errors Vapi answers for mistakes the app could make.
import { Vapi, VapiClient, VapiError } from "@vapi-ai/server-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startVapiSimulator, type VapiSimulator } from "./server";

let sim: VapiSimulator;
let vapi: VapiClient;

beforeAll(async () => {
  sim = await startVapiSimulator();
  vapi = new VapiClient({ token: sim.apiKey, baseUrl: sim.url, maxRetries: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const receptionist: Vapi.CreateAssistantDto = {
  name: "Acme Receptionist",
  firstMessage: "Hi, thanks for calling Acme!",
  model: {
    provider: "anthropic",
    model: "claude-sonnet-4-5-20250929",
    messages: [{ role: "system", content: "You answer the phone for Acme." }],
    tools: [
      {
        type: "function",
        function: { name: "lookup_order", description: "Find an order", parameters: { type: "object", properties: {} } },
      },
    ],
  },
  voice: { provider: "11labs", voiceId: "sarah", stability: 0.5, similarityBoost: 0.75, speed: 1 },
  server: { url: "https://shop.example.com/webhooks/vapi", timeoutSeconds: 20 },
  metadata: { shopId: "acme.myshopify.com" },
};

/** Runs the request and returns the SDK error it must throw. */
async function vapiError(request: Promise<unknown>): Promise<VapiError> {
  const error = await request.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof VapiError)) throw new Error(`expected a VapiError, got ${String(error)}`);
  return error;
}

function messages(error: VapiError): string[] {
  const body = error.body as { message: string | string[] };
  return Array.isArray(body.message) ? body.message : [body.message];
}

describe("assistants", () => {
  it("creates, reads, lists, patches (replacing whole top-level fields) and deletes", async () => {
    const created = await vapi.assistants.create(receptionist);
    expect(created).toMatchObject({ name: "Acme Receptionist", metadata: { shopId: "acme.myshopify.com" } });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.orgId).toBeTruthy();
    expect(Date.parse(created.createdAt)).not.toBeNaN();

    expect(await vapi.assistants.get({ id: created.id })).toEqual(created);
    expect((await vapi.assistants.list()).map((a) => a.id)).toEqual([created.id]);

    const patched = await vapi.assistants.update({
      id: created.id,
      model: { provider: "anthropic", model: "claude-sonnet-4-5-20250929", messages: [{ role: "system", content: "New prompt" }] },
    });
    // PATCH replaces `model` as a whole: the tools that were only in the old model are gone.
    expect(patched.model).toEqual({
      provider: "anthropic",
      model: "claude-sonnet-4-5-20250929",
      messages: [{ role: "system", content: "New prompt" }],
    });
    expect(patched.name).toBe("Acme Receptionist");
    expect(patched.updatedAt >= created.updatedAt).toBe(true);

    await vapi.assistants.delete({ id: created.id });
    const missing = await vapiError(vapi.assistants.get({ id: created.id }));
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toEqual({ message: "Assistant not found", error: "Not Found", statusCode: 404 });
  });

  it("rejects what Vapi rejects, with NestJS-style 400 bodies", async () => {
    const tooLongName = await vapiError(vapi.assistants.create({ ...receptionist, name: "A".repeat(41) }));
    expect(tooLongName.statusCode).toBe(400);
    expect(tooLongName.body).toEqual({
      message: ["name must be shorter than or equal to 40 characters"],
      error: "Bad Request",
      statusCode: 400,
    });

    // silenceTimeoutSeconds is validated by Vapi but missing from the SDK 2.0.1 types.
    const shortSilence: Vapi.CreateAssistantDto & { silenceTimeoutSeconds: number } = { ...receptionist, silenceTimeoutSeconds: 5 };
    expect(messages(await vapiError(vapi.assistants.create(shortSilence)))).toEqual(["silenceTimeoutSeconds must not be less than 10"]);

    const wrongProvider = { ...receptionist, voice: { provider: "elevenlabs", voiceId: "sarah" } };
    const providerError = await vapiError(vapi.assistants.create(wrongProvider as unknown as Vapi.CreateAssistantDto));
    expect(providerError.statusCode).toBe(400);
    expect(messages(providerError)[0]).toMatch(/^voice\.provider must be one of the following values: .*11labs/);

    const legacyField = { ...receptionist, serverUrl: "https://shop.example.com/webhooks/vapi" };
    expect(messages(await vapiError(vapi.assistants.create(legacyField)))).toEqual(["property serverUrl should not exist"]);

    const badVoiceAndTool: Vapi.CreateAssistantDto = {
      ...receptionist,
      voice: { provider: "11labs", voiceId: "sarah", stability: 1.5, speed: 2 },
      model: { provider: "anthropic", model: "claude-sonnet-4-5-20250929", tools: [{ type: "function", function: { name: "look up order" } }] },
      maxDurationSeconds: 5,
    };
    expect(messages(await vapiError(vapi.assistants.create(badVoiceAndTool)))).toEqual([
      "maxDurationSeconds must not be less than 10",
      "voice.stability must not be greater than 1",
      "voice.speed must not be greater than 1.2",
      "model.tools.0.function.name must match /^[a-zA-Z0-9_-]{1,64}$/ regular expression",
    ]);

    // Nothing was stored by the rejected requests.
    expect(sim.state().assistants).toEqual([]);
  });

  it("answers 401 to a wrong API key and logs every request", async () => {
    const intruder = new VapiClient({ token: "wrong-key", baseUrl: sim.url, maxRetries: 0 });
    const error = await vapiError(intruder.assistants.list());
    expect(error.statusCode).toBe(401);
    expect(messages(error)[0]).toMatch(/^Invalid Key/);

    await vapi.assistants.list();
    expect(sim.state().requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ["GET", "/assistant", 401],
      ["GET", "/assistant", 200],
    ]);
  });
});
