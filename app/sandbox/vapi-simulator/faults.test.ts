// Scripted faults and latency as the real SDK sees them: errors with status
// and body, Retry-After, client timeouts, and the request log that lets tests
// count what the app sent.
import { VapiClient, VapiError, VapiTimeoutError } from "@vapi-ai/server-sdk";
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

async function failure(request: Promise<unknown>): Promise<unknown> {
  return request.then(
    () => {
      throw new Error("expected the request to fail");
    },
    (error: unknown) => error,
  );
}

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("faults", () => {
  it("answers the next N matching requests with the scripted status, then recovers", async () => {
    sim.fail({ method: "POST", path: "/assistant", status: 500, times: 2 });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const error = await failure(vapi.assistants.create({ name: "Retry me" }));
      expect(error).toBeInstanceOf(VapiError);
      expect(error).toMatchObject({ statusCode: 500, body: { message: "Internal server error", statusCode: 500 } });
    }
    // GET is not matched by a POST rule.
    await vapi.assistants.list();
    const created = await vapi.assistants.create({ name: "Retry me" });
    expect(created.name).toBe("Retry me");

    const { requests, assistants, faults } = sim.state();
    expect(requests.map((r) => [r.method, r.path, r.status, r.fault])).toEqual([
      ["POST", "/assistant", 500, "status"],
      ["POST", "/assistant", 500, "status"],
      ["GET", "/assistant", 200, undefined],
      ["POST", "/assistant", 201, undefined],
    ]);
    expect(assistants).toHaveLength(1);
    expect(faults).toEqual([]);
  });

  it("sends Retry-After with a 429, visible on the SDK error", async () => {
    sim.fail({ path: "/call", status: 429, retryAfterSeconds: 7 });
    const error = await failure(vapi.calls.list());
    if (!(error instanceof VapiError)) throw error;
    expect(error.statusCode).toBe(429);
    expect(error.body).toEqual({ message: "Too Many Requests", error: "Too Many Requests", statusCode: 429 });
    expect(error.rawResponse?.headers.get("retry-after")).toBe("7");
  });

  it("delays a response past the SDK timeout, while the request is still processed", async () => {
    sim.fail({ method: "POST", path: "/assistant", delayMs: 400 });
    const impatient = new VapiClient({ token: sim.apiKey, baseUrl: sim.url, maxRetries: 0, timeoutInSeconds: 0.1 });
    const error = await failure(impatient.assistants.create({ name: "Ghost" }));
    // SDK 2.0.1 quirk: its timer aborts fetch with the string reason "timeout", which Node's fetch rethrows
    // as is, so the SDK throws a plain VapiError (no statusCode, cause "timeout") and never VapiTimeoutError.
    expect(error).toBeInstanceOf(VapiError);
    expect(error).not.toBeInstanceOf(VapiTimeoutError);
    expect(error).toMatchObject({ statusCode: undefined, cause: "timeout", message: '"timeout"' });

    // Like a real timeout: the client gave up, but the assistant exists (the app must reconcile, not blindly retry).
    expect(sim.state().assistants.map((a) => a.name)).toEqual(["Ghost"]);
    await until(() => sim.state().requests[0]?.status !== null);
    expect(sim.state().requests[0]).toMatchObject({ method: "POST", path: "/assistant", status: 201, fault: "delay" });
  });

  it("answers a status after handling the request, as a gateway that gave up on an upstream that finished", async () => {
    sim.fail({ method: "POST", path: "/assistant", status: 504, afterHandling: true });
    const error = await failure(vapi.assistants.create({ name: "Made anyway" }));
    if (!(error instanceof VapiError)) throw error;
    expect(error.statusCode).toBe(504);
    // The 504 went out, and the assistant exists.
    expect(sim.state().assistants.map((a) => a.name)).toEqual(["Made anyway"]);
    expect(sim.state().requests[0]).toMatchObject({ method: "POST", path: "/assistant", status: 504, fault: "status" });
  });

  it.each([
    { afterHandling: false, made: [] },
    { afterHandling: true, made: ["Reset"] },
  ])("resets the connection (afterHandling $afterHandling): the SDK sees ECONNRESET, and what was made exists", async ({ afterHandling, made }) => {
    sim.fail({ method: "POST", path: "/assistant", reset: true, afterHandling });
    const error = await failure(vapi.assistants.create({ name: "Reset" }));
    expect(error).toBeInstanceOf(VapiError);
    expect((error as VapiError & { cause: { cause?: { code?: string } } }).cause.cause?.code).toBe("ECONNRESET");
    expect(sim.state().assistants.map((a) => a.name)).toEqual(made);
    expect(sim.state().requests[0]).toMatchObject({ method: "POST", path: "/assistant", status: null, fault: "reset" });
    // The next request is answered as usual.
    expect((await vapi.assistants.create({ name: "After" })).name).toBe("After");
  });

  it("refuses a fault that both answers a status and resets", () => {
    expect(() => sim.fail({ path: "/call", status: 502, reset: true })).toThrow(/not both/);
  });

  it("takes faults and latency over HTTP on /__sim/", async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${sim.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

    expect((await post("/__sim/faults", { pathRegex: "^/phone-number", status: 503, times: 3 })).status).toBe(201);
    expect(await failure(vapi.phoneNumbers.list())).toMatchObject({ statusCode: 503 });
    expect(sim.state().faults).toMatchObject([{ path: "/^\\/phone-number/", status: 503, remaining: 2 }]);
    await fetch(`${sim.url}/__sim/faults`, { method: "DELETE" });
    expect(await vapi.phoneNumbers.list()).toEqual([]);

    expect((await post("/__sim/faults", { path: "/call" })).status).toBe(400);

    expect((await post("/__sim/latency", { method: "GET", path: "/assistant", ms: 120 })).status).toBe(201);
    let started = Date.now();
    await vapi.assistants.list();
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    started = Date.now();
    await vapi.calls.list();
    expect(Date.now() - started).toBeLessThan(100);
  });
});
