// A Vapi request that times out may still have created the resource (Vapi has
// no idempotency key): the retry must find it instead of creating a second.
// The simulator processes a delayed request at once and answers it late.
// The client's timeout (VAPI_TIMEOUT_SECONDS, 15 s by default) is 0.5 s here.
import type { Shop } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startVapiSimulator, type VapiSimulator } from "../sandbox/vapi-simulator/server";
import { loadProducts, newShop, recordingSleep, SETTINGS, vapiRequests } from "../../tests/support/receptionist";
import { TEST_VAPI_API_KEY } from "../../tests/support/test-env";
import type { ReceptionistSettings } from "./provisioning.server";


/** Longer than the client's 0.5 s timeout. */
const SLOW_MS = 1500;

let simulator: VapiSimulator;
let provisioning: typeof import("./provisioning.server");
let prisma: typeof import("../db.server").default;
let recorder: ReturnType<typeof recordingSleep>;

beforeAll(async () => {
  simulator = await startVapiSimulator({ apiKey: TEST_VAPI_API_KEY, activationDelayMs: 20 });
  process.env.VAPI_BASE_URL = simulator.url;
  process.env.VAPI_TIMEOUT_SECONDS = "0.5";
  provisioning = await import("./provisioning.server");
  ({ default: prisma } = await import("../db.server"));
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.reset();
  recorder = recordingSleep();
});

function provision(shop: Shop, settings: ReceptionistSettings = SETTINGS) {
  return provisioning.provisionReceptionist(shop.id, settings, loadProducts, { sleep: recorder.sleep, activation: { pollIntervalMs: 10 } });
}

describe("provisionReceptionist: timeouts", () => {
  it("a timed-out assistant creation that succeeded at Vapi is found by the retry, not created twice", async () => {
    const shop = await newShop();
    simulator.fail({ method: "POST", path: "/assistant", delayMs: SLOW_MS, times: 1 });

    const outcome = await provision(shop);

    expect(outcome.status).toBe("provisioned");
    expect(vapiRequests(simulator, "POST", "/assistant")).toHaveLength(1); // the slow one; the retry looked instead
    expect(recorder.waits).toEqual([1000]);
    const { assistants, phoneNumbers } = simulator.state();
    expect(assistants).toHaveLength(1);
    expect(phoneNumbers).toHaveLength(1);
    expect(phoneNumbers[0].assistantId).toBe(assistants[0].id);
    expect(await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({
      receptionistStatus: "active",
      assistantId: assistants[0].id,
      phoneNumberId: phoneNumbers[0].id,
    });
  });

  it("a timed-out number purchase that succeeded at Vapi is found by the retry, not bought twice", async () => {
    const shop = await newShop();
    simulator.fail({ method: "POST", path: "/phone-number", delayMs: SLOW_MS, times: 1 });

    const outcome = await provision(shop, { ...SETTINGS, preferredAreaCode: "303" });

    expect(outcome.status).toBe("provisioned");
    expect(vapiRequests(simulator, "POST", "/phone-number")).toHaveLength(1);
    expect(recorder.waits).toEqual([1000]);
    const { assistants, phoneNumbers } = simulator.state();
    expect(phoneNumbers).toHaveLength(1);
    expect(phoneNumbers[0]).toMatchObject({ assistantId: assistants[0].id, number: expect.stringMatching(/^\+1303/) });
    expect(outcome.shop).toMatchObject({ phoneNumberId: phoneNumbers[0].id, phoneNumber: phoneNumbers[0].number });
  });
});
