// Free Vapi numbers through the real SDK: area-code availability (with the
// hint Vapi gives) and the activating -> active transition.
import { VapiClient, VapiError } from "@vapi-ai/server-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startVapiSimulator, type VapiSimulator } from "./server";

let sim: VapiSimulator;
let vapi: VapiClient;

beforeAll(async () => {
  sim = await startVapiSimulator({ unavailableAreaCodes: ["212", "562"], activationDelayMs: 100 });
  vapi = new VapiClient({ token: sim.apiKey, baseUrl: sim.url, maxRetries: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

async function rejection(request: Promise<unknown>): Promise<VapiError> {
  const error = await request.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof VapiError)) throw new Error(`expected a VapiError, got ${String(error)}`);
  return error;
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe("phone numbers", () => {
  it("answers an unavailable area code with a hint that lists codes that are available", async () => {
    const error = await rejection(vapi.phoneNumbers.create({ provider: "vapi", numberDesiredAreaCode: "212" }));
    expect(error.statusCode).toBe(400);
    const body = error.body as { message: string };
    // 562 is unavailable in this simulator, so the hint skips it.
    expect(body.message).toBe("This area code is currently not available. Hint: Try one of 662, 716, 341.");

    const hinted = body.message.match(/Try one of ([\d, ]+)\./)?.[1]?.split(", ") ?? [];
    const retried = await vapi.phoneNumbers.create({ provider: "vapi", numberDesiredAreaCode: hinted[0] });
    expect(retried.provider === "vapi" && retried.numberDesiredAreaCode).toBe("662");

    const tollFree = await rejection(vapi.phoneNumbers.create({ provider: "vapi", numberDesiredAreaCode: "800" }));
    expect((tollFree.body as { message: string }).message).toMatch(/^This area code is currently not available/);

    const areaCodeInsteadOfDesired = { provider: "vapi" as const, areaCode: "415" };
    const wrongField = await rejection(vapi.phoneNumbers.create(areaCodeInsteadOfDesired));
    expect((wrongField.body as { message: string[] }).message).toEqual(["property areaCode should not exist", "numberDesiredAreaCode should not be empty"]);
    // Only the one successful create provisioned a number.
    expect(sim.state().phoneNumbers).toHaveLength(1);
  });

  it("starts activating without a number, then becomes active with one in the requested area code", async () => {
    const assistant = await vapi.assistants.create({ name: "Front desk" });
    const created = await vapi.phoneNumbers.create({
      provider: "vapi",
      numberDesiredAreaCode: "415",
      assistantId: assistant.id,
      name: "Acme main line",
    });
    if (created.provider !== "vapi") throw new Error("expected a Vapi number");
    expect(created.status).toBe("activating");
    expect(created.number).toBeUndefined();
    expect(created.assistantId).toBe(assistant.id);

    await sleep(150);
    const active = await vapi.phoneNumbers.get({ id: created.id });
    if (active.provider !== "vapi") throw new Error("expected a Vapi number");
    expect(active.status).toBe("active");
    expect(active.number).toMatch(/^\+1415555\d{4}$/);

    expect((await vapi.phoneNumbers.list()).map((p) => p.id)).toEqual([created.id]);
    await vapi.phoneNumbers.delete({ id: created.id });
    expect(await vapi.phoneNumbers.list()).toEqual([]);
  });

  it("refuses an assistantId that does not exist", async () => {
    const error = await rejection(
      vapi.phoneNumbers.create({ provider: "vapi", numberDesiredAreaCode: "415", assistantId: "9b0c6d0e-0000-4000-8000-000000000000" }),
    );
    expect(error.statusCode).toBe(400);
    expect(sim.state().phoneNumbers).toEqual([]);
  });

  it("is active at once when activationDelayMs is 0", async () => {
    const instant = await startVapiSimulator({ activationDelayMs: 0 });
    try {
      const client = new VapiClient({ token: instant.apiKey, baseUrl: instant.url, maxRetries: 0 });
      const created = await client.phoneNumbers.create({ provider: "vapi", numberDesiredAreaCode: "628" });
      expect(created.provider === "vapi" && created.status).toBe("active");
      expect(created.provider === "vapi" && created.number).toMatch(/^\+1628555\d{4}$/);
    } finally {
      await instant.close();
    }
  });
});
