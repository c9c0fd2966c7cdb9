// The receptionist's assistant or number deleted at Vapi by hand (its
// dashboard), against the Vapi simulator and real PostgreSQL: a retry makes
// only what is gone, and an active receptionist that lost one is shown failed
// (not "active" with a dead line) until it is set up again.
import type { Shop } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { expectOneOfEach, newShop, SETTINGS, loadProducts, useProvisioningHarness, vapiRequests } from "../../tests/support/receptionist";

const h = useProvisioningHarness();

const AREA_CODE = "303";
const provision = (shop: Shop) => h.provision(shop, { ...SETTINGS, preferredAreaCode: AREA_CODE });
const reload = (shop: Shop) => h.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } });

describe("a retry after a saved resource was deleted at Vapi", () => {
  it("the saved assistant is gone: a new one is made, then the number", async () => {
    const shop = await newShop();
    h.simulator.fail({ method: "POST", path: "/phone-number", status: 400, body: { message: ["assistantId must be a string"] } });
    await expect(provision(shop)).rejects.toMatchObject({ code: "VAPI_REJECTED" });
    const { assistantId } = await reload(shop);
    await h.vapiClient().assistants.delete({ id: assistantId! });

    expect((await provision(shop)).status).toBe("provisioned");
    const { assistant } = await expectOneOfEach(h, shop);
    expect(assistant.id).not.toBe(assistantId);
  });

  it("the saved number is gone while activating: a new one is bought for the same assistant", async () => {
    const shop = await newShop();
    h.simulator.fail({ method: "GET", path: /^\/phone-number\/[^/]+$/, status: 503, times: 1000 });
    await expect(provision(shop)).rejects.toMatchObject({ code: "VAPI_UNAVAILABLE" });
    const { assistantId, phoneNumberId } = await reload(shop);
    expect(phoneNumberId).not.toBeNull();
    h.simulator.clearFaults();
    await h.vapiClient().phoneNumbers.delete({ id: phoneNumberId! });

    expect((await provision(shop)).status).toBe("provisioned");
    const { assistant, number } = await expectOneOfEach(h, shop);
    expect(assistant.id).toBe(assistantId);
    expect(number.id).not.toBe(phoneNumberId);
  });
});

describe("an active receptionist whose resource was deleted at Vapi", () => {
  it("its number: the refresh shows it failed, takes it off the storefront; setting up again buys a new number only", async () => {
    const { runKnowledgeRefresh } = await import("./knowledge-refresh.server");
    const { jobQueue, QUEUES } = await import("../jobs/queue.server");
    const { waitingJobs } = await import("../../tests/support/jobs");
    const shop = await newShop();
    await provision(shop);
    const before = await expectOneOfEach(h, shop);
    await h.vapiClient().phoneNumbers.delete({ id: before.number.id });

    expect(await runKnowledgeRefresh({ shopDomain: shop.domain })).toBe("gone");

    expect(await reload(shop)).toMatchObject({
      receptionistStatus: "failed",
      phoneNumberId: null,
      phoneNumber: null,
      assistantId: before.assistant.id,
      lastErrorCode: "VAPI_RESOURCE_GONE",
      lastErrorMessage: expect.stringMatching(/phone number was deleted/),
    });
    const syncs = await waitingJobs<{ shopDomain: string }>(await jobQueue(), QUEUES.storefront);
    expect(syncs.map((job) => job.data.shopDomain)).toContain(shop.domain);

    expect((await provision(shop)).status).toBe("provisioned");
    const after = await expectOneOfEach(h, shop);
    expect(after.assistant.id).toBe(before.assistant.id);
    expect(vapiRequests(h.simulator, "POST", "/assistant")).toHaveLength(1);
  });

  it("its assistant: the update says so and shows it failed; setting up again puts a new assistant on the same number", async () => {
    const shop = await newShop();
    await provision(shop);
    const before = await expectOneOfEach(h, shop);
    await h.vapiClient().assistants.delete({ id: before.assistant.id });

    await expect(h.provisioning.updateReceptionist(shop.id, { ...SETTINGS, voice: "adam" }, loadProducts, { sleep: h.recorder.sleep })).rejects.toMatchObject({
      code: "VAPI_RESOURCE_GONE",
      message: expect.stringMatching(/assistant was deleted/),
    });
    expect(await reload(shop)).toMatchObject({ receptionistStatus: "failed", assistantId: null, phoneNumberId: before.number.id });

    expect((await provision(shop)).status).toBe("provisioned");
    const after = await expectOneOfEach(h, shop);
    expect(after.assistant.id).not.toBe(before.assistant.id);
    // The merchant keeps their number; callers reach the new assistant.
    expect(after.number).toMatchObject({ id: before.number.id, number: before.number.number, assistantId: after.assistant.id });
  });
});
