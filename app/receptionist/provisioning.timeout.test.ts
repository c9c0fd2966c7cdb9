// A Vapi request that times out may still have created the resource (Vapi has
// no idempotency key): the retry must find it instead of creating a second.
// The simulator processes a delayed request at once and answers it late.
// The client's timeout (VAPI_TIMEOUT_SECONDS, 15 s by default) is 0.5 s here.
import { describe, expect, it } from "vitest";
import { newShop, SETTINGS, vapiRequests, useProvisioningHarness } from "../../tests/support/receptionist";

/** Longer than the client's 0.5 s timeout. */
const SLOW_MS = 1500;

const h = useProvisioningHarness({}, { VAPI_TIMEOUT_SECONDS: "0.5" });

describe("provisionReceptionist: timeouts", () => {
  it("a timed-out assistant creation that succeeded at Vapi is found by the retry, not created twice", async () => {
    const shop = await newShop();
    h.simulator.fail({ method: "POST", path: "/assistant", delayMs: SLOW_MS, times: 1 });

    const outcome = await h.provision(shop);

    expect(outcome.status).toBe("provisioned");
    expect(vapiRequests(h.simulator, "POST", "/assistant")).toHaveLength(1); // the slow one; the retry looked instead
    expect(h.recorder.waits).toEqual([1000]);
    const { assistants, phoneNumbers } = h.simulator.state();
    expect(assistants).toHaveLength(1);
    expect(phoneNumbers).toHaveLength(1);
    expect(phoneNumbers[0].assistantId).toBe(assistants[0].id);
    expect(await h.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({
      receptionistStatus: "active",
      assistantId: assistants[0].id,
      phoneNumberId: phoneNumbers[0].id,
    });
  });

  it("a timed-out number purchase that succeeded at Vapi is found by the retry, not bought twice", async () => {
    const shop = await newShop();
    h.simulator.fail({ method: "POST", path: "/phone-number", delayMs: SLOW_MS, times: 1 });

    const outcome = await h.provision(shop, { ...SETTINGS, preferredAreaCode: "303" });

    expect(outcome.status).toBe("provisioned");
    expect(vapiRequests(h.simulator, "POST", "/phone-number")).toHaveLength(1);
    expect(h.recorder.waits).toEqual([1000]);
    const { assistants, phoneNumbers } = h.simulator.state();
    expect(phoneNumbers).toHaveLength(1);
    expect(phoneNumbers[0]).toMatchObject({ assistantId: assistants[0].id, number: expect.stringMatching(/^\+1303/) });
    expect(outcome.shop).toMatchObject({ phoneNumberId: phoneNumbers[0].id, phoneNumber: phoneNumbers[0].number });
  });
});
