// The app reaches Vapi only through VAPI_BASE_URL, with the real SDK and
// without the SDK's own retries (which would repeat non-idempotent POSTs).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VapiError } from "@vapi-ai/server-sdk";
import { startVapiSimulator, type VapiSimulator } from "../sandbox/vapi-simulator/server";
import { TEST_VAPI_API_KEY } from "../../tests/support/test-env";

let simulator: VapiSimulator;
let vapiClient: typeof import("./client.server").vapiClient;

beforeAll(async () => {
  simulator = await startVapiSimulator({ apiKey: TEST_VAPI_API_KEY });
  process.env.VAPI_BASE_URL = simulator.url;
  ({ vapiClient } = await import("./client.server"));
});

afterAll(() => simulator.close());

describe("vapiClient", () => {
  it("talks to the configured base URL with the configured key", async () => {
    const assistant = await vapiClient().assistants.create({ name: "Client wiring check" });
    expect(simulator.state().assistants.map((stored) => stored.id)).toEqual([assistant.id]);
  });

  it("does not retry by itself: one failed POST is one request", async () => {
    simulator.fail({ method: "POST", path: "/assistant", status: 503, times: 1 });
    const before = simulator.state().requests.length;
    await expect(vapiClient().assistants.create({ name: "Not retried" })).rejects.toBeInstanceOf(VapiError);
    expect(
      simulator
        .state()
        .requests.slice(before)
        .map((request) => request.status),
    ).toEqual([503]);
  });
});
