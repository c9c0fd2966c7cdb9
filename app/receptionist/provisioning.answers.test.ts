// Vapi answers 2xx with a body the app cannot use: nothing is saved as set
// up, the merchant is told to try again, and the next try (Vapi answering
// properly again) ends with exactly one assistant and one number.
import type { Shop } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { newShop, SETTINGS, useProvisioningHarness, vapiRequests } from "../../tests/support/receptionist";

const h = useProvisioningHarness();

const AREA_CODE = "303";
const provision = (shop: Shop) => h.provision(shop, { ...SETTINGS, preferredAreaCode: AREA_CODE });
const reload = (shop: Shop) => h.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } });

// Each lacks what the app relies on: an id (a non-empty string) and createdAt.
const UNUSABLE_RESOURCES: Array<[string, unknown]> = [
  ["an empty object", {}],
  ["an empty id", { id: "", createdAt: "2026-12-01T00:00:00.000Z" }],
  ["a numeric id", { id: 42, createdAt: "2026-12-01T00:00:00.000Z" }],
  ["no createdAt", { id: "asst-without-date" }],
  ["an array", [{ id: "in-an-array" }]],
  ["a string", "created"],
  ["an id of 10,000 characters", { id: "x".repeat(10_000), createdAt: "2026-12-01T00:00:00.000Z" }],
];

async function expectOneOfEachAfterRetry(shop: Shop) {
  expect((await provision(shop)).status).toBe("provisioned");
  const { assistants, phoneNumbers } = h.simulator.state();
  expect(assistants).toHaveLength(1);
  expect(phoneNumbers).toEqual([expect.objectContaining({ assistantId: assistants[0].id, status: "active" })]);
  expect(await reload(shop)).toMatchObject({ receptionistStatus: "active", assistantId: assistants[0].id, phoneNumberId: phoneNumbers[0].id });
}

describe("a create assistant answer the app cannot use", () => {
  it.each(UNUSABLE_RESOURCES)("%s: VAPI_BAD_RESPONSE, nothing saved, the retry sets up one of each", async (_name, body) => {
    const shop = await newShop();
    h.simulator.fail({ method: "POST", path: "/assistant", status: 201, body });

    await expect(provision(shop)).rejects.toMatchObject({ code: "VAPI_BAD_RESPONSE", message: expect.stringMatching(/try again/) });
    expect(await reload(shop)).toMatchObject({ receptionistStatus: "failed", assistantId: null, phoneNumberId: null, lastErrorCode: "VAPI_BAD_RESPONSE" });
    expect(vapiRequests(h.simulator, "POST", "/phone-number")).toEqual([]);

    await expectOneOfEachAfterRetry(shop);
  });
});

describe("a phone number answer the app cannot use", () => {
  it.each(UNUSABLE_RESOURCES)("create answered with %s: the assistant is kept, no number saved", async (_name, body) => {
    const shop = await newShop();
    h.simulator.fail({ method: "POST", path: "/phone-number", status: 201, body });

    await expect(provision(shop)).rejects.toMatchObject({ code: "VAPI_BAD_RESPONSE" });
    const failed = await reload(shop);
    expect(failed).toMatchObject({ receptionistStatus: "failed", phoneNumberId: null, phoneNumber: null });
    expect(failed.assistantId).toBe(h.simulator.state().assistants[0].id);

    await expectOneOfEachAfterRetry(shop);
    expect(vapiRequests(h.simulator, "POST", "/assistant")).toHaveLength(1);
  });

  it.each([
    ["not E.164", "415-555-0101"],
    ["with a NUL", "+1415555\u00000101"],
    ["markup", "<script>alert(1)</script>"],
    ["too long", `+1${"5".repeat(30)}`],
  ])("an active number %s is not shown to the merchant", async (_name, number) => {
    const shop = await newShop();
    h.simulator.fail({
      method: "GET",
      path: /^\/phone-number\/[^/]+$/,
      status: 200,
      body: { id: "pn", createdAt: "2026-12-01T00:00:00.000Z", status: "active", number },
    });

    await expect(provision(shop)).rejects.toMatchObject({ code: "VAPI_BAD_RESPONSE" });
    expect(await reload(shop)).toMatchObject({ receptionistStatus: "failed", phoneNumber: null });

    await expectOneOfEachAfterRetry(shop);
    expect(vapiRequests(h.simulator, "POST", "/phone-number").filter((request) => request.status === 201)).toHaveLength(1);
  });

  it("list entries without an id are left out: the look-before-create still finds the well-formed one", async () => {
    const shop = await newShop();
    await provision(shop);
    const { assistants } = h.simulator.state();
    h.simulator.fail({ method: "GET", path: "/assistant", status: 200, body: [{ name: "no id" }, ...assistants], times: 5 });

    expect(await h.provisioning.sweepStrayResources(shop.id, { sleep: h.recorder.sleep })).toBe(0);
    expect(h.simulator.state().assistants).toHaveLength(1);
  });
});
