// Provisioning end to end against the Vapi simulator (through the real SDK)
// and the test's own PostgreSQL: retries, area-code fallback, resume after a
// failure or a crash, one receptionist under concurrency, release when the
// database refuses, and update/remove. Backoff waits are recorded, not slept.
import type { Shop } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { AppError, ValidationError } from "../vapi/errors";
import { loadProducts, newShop, requestedAreaCodes, SETTINGS, vapiRequests, useProvisioningHarness } from "../../tests/support/receptionist";
import { APP_METADATA_NAME } from "./assistant-config";
import { voiceByName } from "./voices";

const h = useProvisioningHarness();

function reload(shop: Shop) {
  return h.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } });
}

/** The rejection of `promise` (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** The shop row is active with exactly the simulator's one assistant and one number, attached to each other. */
async function expectProvisionedWithOneOfEach(shop: Shop) {
  const { assistants, phoneNumbers } = h.simulator.state();
  expect(assistants).toHaveLength(1);
  expect(phoneNumbers).toHaveLength(1);
  const [assistant] = assistants;
  const [number] = phoneNumbers;
  expect(assistant.metadata).toMatchObject({ shopId: shop.id });
  expect(number).toMatchObject({ assistantId: assistant.id, status: "active" });
  expect(await reload(shop)).toMatchObject({
    receptionistStatus: "active",
    assistantId: assistant.id,
    phoneNumberId: number.id,
    phoneNumber: number.number,
    provisioningLeaseUntil: null,
    provisioningStartedAt: null,
    lastErrorCode: null,
  });
  return { assistant, number };
}

/** A Postgres trigger that refuses (raises on) updates of `column` to a non-null value for one shop: a real database failure. */
async function refuseUpdatesOf(column: "assistantId" | "phoneNumberId", shop: Shop) {
  await h.prisma.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION refuse_vapi_id() RETURNS trigger AS $$
    BEGIN
      RAISE EXCEPTION 'simulated database failure while saving a Vapi id';
    END $$ LANGUAGE plpgsql`);
  await h.prisma.$executeRawUnsafe(`
    CREATE TRIGGER refuse_vapi_id BEFORE UPDATE OF "${column}" ON "Shop" FOR EACH ROW
    WHEN (NEW."${column}" IS NOT NULL AND NEW."${column}" IS DISTINCT FROM OLD."${column}" AND NEW.id = '${shop.id}')
    EXECUTE FUNCTION refuse_vapi_id()`);
  return () => h.prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS refuse_vapi_id ON "Shop"`);
}

describe("provisionReceptionist: retries", () => {
  it("retries assistant creation after two 500s (waits 1 s, 2 s) and creates exactly one assistant", async () => {
    const shop = await newShop();
    h.simulator.fail({ method: "POST", path: "/assistant", status: 500, times: 2 });

    const outcome = await h.provision(shop);

    expect(outcome.status).toBe("provisioned");
    expect(vapiRequests(h.simulator, "POST", "/assistant").map((request) => request.status)).toEqual([500, 500, 201]);
    expect(h.recorder.waits).toEqual([1000, 2000]);
    const { assistant } = await expectProvisionedWithOneOfEach(shop);
    expect(outcome.shop.assistantId).toBe(assistant.id);
  });

  it("waits at least Retry-After on a 429, then provisions", async () => {
    const shop = await newShop();
    h.simulator.fail({ method: "POST", path: "/assistant", status: 429, retryAfterSeconds: 7, times: 1 });

    const outcome = await h.provision(shop);

    expect(outcome.status).toBe("provisioned");
    expect(h.recorder.waits).toHaveLength(1);
    expect(h.recorder.waits[0]).toBeGreaterThanOrEqual(7000);
    expect(vapiRequests(h.simulator, "POST", "/assistant").map((request) => request.status)).toEqual([429, 201]);
    await expectProvisionedWithOneOfEach(shop);
  });

  it("keeps the assistant when the number step fails hard, and the next try reuses it", async () => {
    const shop = await newShop();
    h.simulator.fail({ method: "POST", path: "/phone-number", status: 503, times: 10 });

    const error = await rejection(h.provision(shop));
    expect(error.code).toBe("VAPI_UNAVAILABLE");
    const failed = await reload(shop);
    const [assistant] = h.simulator.state().assistants;
    expect(failed).toMatchObject({
      receptionistStatus: "failed",
      assistantId: assistant.id,
      phoneNumberId: null,
      provisioningLeaseUntil: null,
      lastErrorCode: "VAPI_UNAVAILABLE",
    });
    expect(h.simulator.state().phoneNumbers).toHaveLength(0);

    h.simulator.clearFaults();
    expect((await h.provision(shop)).status).toBe("provisioned");
    expect(vapiRequests(h.simulator, "POST", "/assistant")).toHaveLength(1);
    const provisioned = await expectProvisionedWithOneOfEach(shop);
    expect(provisioned.assistant.id).toBe(assistant.id);
  });
});

describe("provisionReceptionist: area codes", () => {
  it("skips an unavailable toll-free code without waiting and tries the code Vapi hinted right after it", async () => {
    const shop = await newShop();

    await h.provision(shop);

    expect(requestedAreaCodes(h.simulator)).toEqual(["800", "562"]);
    expect(vapiRequests(h.simulator, "POST", "/phone-number").map((request) => request.status)).toEqual([400, 201]);
    expect(h.recorder.waits).toEqual([]);
    const { number } = await expectProvisionedWithOneOfEach(shop);
    expect(number.number).toMatch(/^\+1562\d{7}$/);
  });

  it("retries a transient failure of the number purchase with the one policy (3 attempts, 1 s then 2 s)", async () => {
    const shop = await newShop();
    h.simulator.fail({ method: "POST", path: "/phone-number", status: 503, times: 2 });

    await h.provision(shop, { ...SETTINGS, preferredAreaCode: "303" });

    expect(requestedAreaCodes(h.simulator)).toEqual(["?", "?", "303"]);
    expect(h.recorder.waits).toEqual([1000, 2000]);
    expect((await expectProvisionedWithOneOfEach(shop)).number.number).toMatch(/^\+1303/);
  });

  it("tries the merchant's preferred area code first", async () => {
    const shop = await newShop();

    const outcome = await h.provision(shop, { ...SETTINGS, preferredAreaCode: "303" });

    expect(requestedAreaCodes(h.simulator)).toEqual(["303"]);
    expect(outcome.shop.phoneNumber).toMatch(/^\+1303\d{7}$/);
    expect(outcome.shop.preferredAreaCode).toBe("303");
  });
});

describe("provisionReceptionist: validation", () => {
  it.each([
    ["an unknown voice", { voice: "morgan" }, "voice"],
    ["a bad preferred area code", { preferredAreaCode: "099" }, "preferredAreaCode"],
    ["an invalid forwarding number", { forwardingNumber: "12345" }, "forwardingNumber"],
    ["a forwarding number outside the US/Canada", { forwardingNumber: "+44 20 7946 0958" }, "forwardingNumber"],
  ])("rejects %s before any Vapi request and writes nothing", async (_name, change, field) => {
    const shop = await newShop();

    const error = await rejection(h.provision(shop, { ...SETTINGS, ...change }));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: "VALIDATION_ERROR", status: 400, field });
    expect(error.message.length).toBeGreaterThan(10);
    expect(h.simulator.state().requests).toEqual([]);
    expect(await reload(shop)).toEqual(shop);
  });
});

describe("provisionReceptionist: resuming after a crash", () => {
  /** An assistant at Vapi that names the shop, as provisioning creates it. */
  function createAssistantAtVapi(shop: Shop) {
    return h.vapiClient().assistants.create({ name: `${shop.name} Receptionist`, metadata: { shopId: shop.id, app: APP_METADATA_NAME } });
  }

  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

  it("reuses the saved assistant of an attempt that died mid-way (status h.provisioning, lease expired)", async () => {
    const shop = await newShop();
    const assistant = await createAssistantAtVapi(shop);
    await h.prisma.shop.update({
      where: { id: shop.id },
      data: {
        receptionistStatus: "provisioning",
        provisioningLeaseUntil: minutesAgo(1),
        provisioningStartedAt: minutesAgo(4),
        assistantId: assistant.id,
        assistantName: assistant.name,
      },
    });
    const requestsBefore = h.simulator.state().requests.length;

    expect((await h.provision(shop)).status).toBe("provisioned");

    expect(vapiRequests(h.simulator, "POST", "/assistant")).toHaveLength(1); // the crashed attempt's own
    expect(h.simulator.state().requests.length).toBeGreaterThan(requestsBefore);
    const provisioned = await expectProvisionedWithOneOfEach(shop);
    expect(provisioned.assistant.id).toBe(assistant.id);
  });

  it("finds an assistant created before the crash but never saved (metadata.shopId), and ignores other shops' assistants", async () => {
    const shop = await newShop();
    const other = await newShop();
    await h.prisma.shop.update({
      where: { id: shop.id },
      data: { receptionistStatus: "provisioning", provisioningLeaseUntil: minutesAgo(1), provisioningStartedAt: minutesAgo(4) },
    });
    const otherAssistant = await createAssistantAtVapi(other);
    const orphan = await createAssistantAtVapi(shop);

    expect((await h.provision(shop)).status).toBe("provisioned");

    expect(vapiRequests(h.simulator, "POST", "/assistant")).toHaveLength(2); // the two created above, none by provisioning
    const { assistants, phoneNumbers } = h.simulator.state();
    expect(assistants.map((assistant) => assistant.id).sort()).toEqual([orphan.id, otherAssistant.id].sort());
    expect(phoneNumbers).toHaveLength(1);
    expect(phoneNumbers[0].assistantId).toBe(orphan.id);
    expect(await reload(shop)).toMatchObject({ receptionistStatus: "active", assistantId: orphan.id, phoneNumberId: phoneNumbers[0].id });
  });

  it("finds a number bought before the crash but never saved, instead of buying a second one", async () => {
    const shop = await newShop();
    const assistant = await createAssistantAtVapi(shop);
    const bought = await h.vapiClient().phoneNumbers.create({ provider: "vapi", numberDesiredAreaCode: "415", assistantId: assistant.id });
    await h.prisma.shop.update({
      where: { id: shop.id },
      data: { receptionistStatus: "provisioning", provisioningLeaseUntil: minutesAgo(1), provisioningStartedAt: minutesAgo(4), assistantId: assistant.id },
    });

    expect((await h.provision(shop)).status).toBe("provisioned");

    expect(vapiRequests(h.simulator, "POST", "/phone-number")).toHaveLength(1); // the crashed attempt's own
    const { number } = await expectProvisionedWithOneOfEach(shop);
    expect(number.id).toBe(bought.id);
  });

  it("a number still activating at the deadline is kept (NUMBER_ACTIVATION_TIMEOUT); the next try waits for the same number", async () => {
    const shop = await newShop();
    h.simulator.setActivationDelay(500);

    const error = await rejection(
      h.provisioning.provisionReceptionist(shop.id, SETTINGS, loadProducts, { sleep: h.recorder.sleep, activation: { pollIntervalMs: 10, timeoutMs: 0 } }),
    );

    expect(error.code).toBe("NUMBER_ACTIVATION_TIMEOUT");
    const [number] = h.simulator.state().phoneNumbers;
    expect(await reload(shop)).toMatchObject({
      receptionistStatus: "failed",
      phoneNumberId: number.id,
      phoneNumber: null,
      lastErrorCode: "NUMBER_ACTIVATION_TIMEOUT",
    });

    expect((await h.provision(shop)).status).toBe("provisioned");
    expect(vapiRequests(h.simulator, "POST", "/phone-number").filter((request) => request.status === 201)).toHaveLength(1);
    const provisioned = await expectProvisionedWithOneOfEach(shop);
    expect(provisioned.number.id).toBe(number.id);
  });

  it("does not take over while another request's lease is still valid", async () => {
    const shop = await newShop();
    await h.prisma.shop.update({
      where: { id: shop.id },
      data: { receptionistStatus: "provisioning", provisioningLeaseUntil: new Date(Date.now() + 60_000), provisioningStartedAt: new Date() },
    });

    const error = await rejection(h.provision(shop));

    expect(error).toMatchObject({ code: "PROVISIONING_IN_PROGRESS", status: 409 });
    expect(h.simulator.state().requests).toEqual([]);
  });
});

describe("provisionReceptionist: concurrency and idempotency", () => {
  it("20 simultaneous requests for one shop create one assistant and one number", async () => {
    const shop = await newShop();

    const results = await Promise.allSettled(Array.from({ length: 20 }, () => h.provision(shop)));

    const statuses = results.map((result) =>
      result.status === "fulfilled" ? result.value.status : result.reason instanceof AppError ? result.reason.code : String(result.reason),
    );
    expect(statuses.filter((status) => status === "provisioned")).toHaveLength(1);
    for (const status of statuses) expect(["provisioned", "already_provisioned", "PROVISIONING_IN_PROGRESS"]).toContain(status);
    expect(vapiRequests(h.simulator, "POST", "/assistant")).toHaveLength(1);
    expect(vapiRequests(h.simulator, "POST", "/phone-number").filter((request) => request.status === 201)).toHaveLength(1);
    const { assistant, number } = await expectProvisionedWithOneOfEach(shop);

    const requestsBefore = h.simulator.state().requests.length;
    const final = await h.provision(shop);
    expect(final.status).toBe("already_provisioned");
    expect(final.shop).toMatchObject({ assistantId: assistant.id, phoneNumberId: number.id, phoneNumber: number.number });
    expect(h.simulator.state().requests).toHaveLength(requestsBefore);
  });

  it("returns already_provisioned for an active shop without any Vapi request", async () => {
    const shop = await newShop({
      receptionistStatus: "active",
      assistantId: "asst-existing",
      assistantName: "Shop Receptionist",
      phoneNumberId: "pn-existing",
      phoneNumber: "+14155550100",
      provisionedAt: new Date(),
    });

    const outcome = await h.provision(shop);

    expect(outcome.status).toBe("already_provisioned");
    expect(outcome.shop).toMatchObject({ assistantId: "asst-existing", phoneNumber: "+14155550100" });
    expect(h.simulator.state().requests).toEqual([]);
  });
});

describe("provisionReceptionist: the row it answers", () => {
  it("is the shop's row as Prisma reads it, every column and type (its writes are SQL of their own)", async () => {
    const shop = await newShop();
    const outcome = await h.provision(shop);
    expect(outcome.status).toBe("provisioned");
    expect(outcome.shop).toStrictEqual(await reload(shop));
    expect(outcome.shop.provisionedAt).toBeInstanceOf(Date);
    expect(Math.abs(outcome.shop.updatedAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("keeps the first attempt's start across a failed try, and a retry's lease leaves it as it was", async () => {
    const shop = await newShop();
    h.simulator.fail({ method: "POST", path: "/assistant", status: 400, body: { message: "assistant.name is invalid" } });
    await rejection(h.provision(shop));
    const failed = await reload(shop);
    expect(failed.provisioningStartedAt).toBeInstanceOf(Date);
    expect(Math.abs(failed.provisioningStartedAt!.getTime() - Date.now())).toBeLessThan(60_000);

    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await h.provision(shop)).shop.receptionistStatus).toBe("active");
    // The retry looked for assistants made since the first attempt began, not since its own start (each run's first
    // list; the stray sweep's, last, lists since the shop was created).
    const [firstSearch, retrySearch] = vapiRequests(h.simulator, "GET", "/assistant").map((request) => request.query.createdAtGe);
    expect(retrySearch).toBe(firstSearch);
    expect(Date.parse(firstSearch)).toBeLessThanOrEqual(failed.provisioningStartedAt!.getTime());
  });
});

describe("provisionReceptionist: database failures", () => {
  it("deletes the new assistant at Vapi when saving its id fails (DB_SAVE_FAILED), so nothing is orphaned", async () => {
    const shop = await newShop();
    const allowUpdates = await refuseUpdatesOf("assistantId", shop);
    try {
      const error = await rejection(h.provision(shop));
      expect(error).toMatchObject({ code: "DB_SAVE_FAILED", status: 500 });
      expect(error.message).toMatch(/released/);
    } finally {
      await allowUpdates();
    }

    const [created] = vapiRequests(h.simulator, "POST", "/assistant");
    const createdId = (await reload(shop)).assistantId;
    expect(createdId).toBeNull();
    expect(created.status).toBe(201);
    expect(vapiRequests(h.simulator, "DELETE", /^\/assistant\//).map((request) => request.status)).toEqual([200]);
    expect(h.simulator.state().assistants).toEqual([]);
    expect(vapiRequests(h.simulator, "POST", "/phone-number")).toEqual([]);
    expect(await reload(shop)).toMatchObject({
      receptionistStatus: "failed",
      lastErrorCode: "DB_SAVE_FAILED",
      provisioningLeaseUntil: null,
      phoneNumberId: null,
    });

    // With the database back, a retry provisions cleanly.
    expect((await h.provision(shop)).status).toBe("provisioned");
    await expectProvisionedWithOneOfEach(shop);
  });

  it("releases the new number when saving its id fails, keeps the assistant, and the retry reuses it", async () => {
    const shop = await newShop();
    const allowUpdates = await refuseUpdatesOf("phoneNumberId", shop);
    try {
      expect(await rejection(h.provision(shop))).toMatchObject({ code: "DB_SAVE_FAILED" });
    } finally {
      await allowUpdates();
    }

    const { assistants, phoneNumbers } = h.simulator.state();
    expect(phoneNumbers).toEqual([]);
    expect(vapiRequests(h.simulator, "DELETE", /^\/phone-number\//).map((request) => request.status)).toEqual([200]);
    expect(assistants).toHaveLength(1);
    expect(await reload(shop)).toMatchObject({
      receptionistStatus: "failed",
      assistantId: assistants[0].id,
      phoneNumberId: null,
      lastErrorCode: "DB_SAVE_FAILED",
    });

    expect((await h.provision(shop)).status).toBe("provisioned");
    expect(vapiRequests(h.simulator, "POST", "/assistant")).toHaveLength(1);
    const provisioned = await expectProvisionedWithOneOfEach(shop);
    expect(provisioned.assistant.id).toBe(assistants[0].id);
  });
});

describe("updateReceptionist and removeReceptionist", () => {
  it("changes the voice with exactly one PATCH carrying the whole model (messages and tools)", async () => {
    const shop = await newShop();
    await h.provision(shop);
    const before = h.simulator.state();
    const [assistant] = before.assistants;

    const updated = await h.provisioning.updateReceptionist(shop.id, { ...SETTINGS, voice: "adam", forwardingNumber: "+14155550123" }, loadProducts, {
      sleep: h.recorder.sleep,
    });

    const requests = h.simulator.state().requests.slice(before.requests.length);
    expect(requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([`PATCH /assistant/${assistant.id} 200`]);
    const body = requests[0].body as {
      voice?: { voiceId?: string };
      model?: { messages?: Array<{ role: string; content: string }>; tools?: Array<{ type: string; function?: { name: string } }> };
    };
    expect(body.voice?.voiceId).toBe(voiceByName("adam").voiceId);
    expect(body.model?.messages).toEqual([expect.objectContaining({ role: "system", content: expect.stringContaining("Blue Shirt") })]);
    expect(body.model?.tools?.map((tool) => tool.function?.name ?? tool.type)).toEqual([
      "order_lookup",
      "product_search",
      "store_info",
      "take_message",
      "transferCall",
    ]);

    // Vapi replaces whole fields: the stored assistant still has its prompt and tools.
    const [stored] = h.simulator.state().assistants;
    expect(stored.voice).toMatchObject({ provider: "11labs", voiceId: voiceByName("adam").voiceId });
    expect(stored.model?.messages).toHaveLength(1);
    expect(stored.model?.tools).toHaveLength(5);
    expect(updated).toMatchObject({ voice: "adam", forwardingNumber: "+14155550123", assistantId: assistant.id });
  });

  it("refuses to update a shop that has no receptionist", async () => {
    const shop = await newShop();
    await expect(h.provisioning.updateReceptionist(shop.id, SETTINGS, loadProducts)).rejects.toMatchObject({ code: "NOT_PROVISIONED" });
    expect(h.simulator.state().requests).toEqual([]);
  });

  it("releases the number, deletes the assistant and clears the row; removing twice is harmless", async () => {
    const shop = await newShop();
    await h.provision(shop);
    const { assistant, number } = await expectProvisionedWithOneOfEach(shop);
    const before = h.simulator.state().requests.length;

    const removed = await h.provisioning.removeReceptionist(shop.id, { sleep: h.recorder.sleep });

    expect(
      h.simulator
        .state()
        .requests.slice(before)
        .map((request) => `${request.method} ${request.path} ${request.status}`),
    ).toEqual([
      // Its strays too: what a run made and never saved.
      "GET /assistant 200",
      "GET /phone-number 200",
      `DELETE /phone-number/${number.id} 200`,
      `DELETE /assistant/${assistant.id} 200`,
    ]);
    expect(h.simulator.state().assistants).toEqual([]);
    expect(h.simulator.state().phoneNumbers).toEqual([]);
    expect(removed).toMatchObject({
      receptionistStatus: "not_provisioned",
      assistantId: null,
      assistantName: null,
      phoneNumberId: null,
      phoneNumber: null,
      provisionedAt: null,
    });

    // A second removal only looks again (for a number still being bought for the deleted assistant).
    const afterFirst = h.simulator.state().requests.length;
    await expect(h.provisioning.removeReceptionist(shop.id)).resolves.toMatchObject({ receptionistStatus: "not_provisioned" });
    expect(
      h.simulator
        .state()
        .requests.slice(afterFirst)
        .map((request) => `${request.method} ${request.path}`),
    ).toEqual(["GET /assistant", "GET /phone-number"]);
  });

  it("a removal that fails after releasing the number leaves a shop that can be set up again (reusing the assistant)", async () => {
    const shop = await newShop();
    await h.provision(shop);
    const { assistant } = await expectProvisionedWithOneOfEach(shop);
    h.simulator.fail({ method: "DELETE", path: "/assistant", status: 503, times: 3 });

    await expect(h.provisioning.removeReceptionist(shop.id, { sleep: h.recorder.sleep })).rejects.toMatchObject({ code: "VAPI_UNAVAILABLE" });
    expect(h.simulator.state().phoneNumbers).toEqual([]);
    const halfRemoved = await reload(shop);
    expect(halfRemoved).toMatchObject({ assistantId: assistant.id, phoneNumberId: null, phoneNumber: null });
    expect(halfRemoved.receptionistStatus).not.toBe("active");

    // Setting it up again works and reuses the assistant that is still there.
    expect((await h.provision(shop)).status).toBe("provisioned");
    expect(vapiRequests(h.simulator, "POST", "/assistant")).toHaveLength(1);
    const provisioned = await expectProvisionedWithOneOfEach(shop);
    expect(provisioned.assistant.id).toBe(assistant.id);
  });

  it("treats resources already deleted at Vapi as removed", async () => {
    const shop = await newShop();
    await h.provision(shop);
    const { assistant, number } = await expectProvisionedWithOneOfEach(shop);
    await h.vapiClient().phoneNumbers.delete({ id: number.id });
    await h.vapiClient().assistants.delete({ id: assistant.id });

    await expect(h.provisioning.removeReceptionist(shop.id, { sleep: h.recorder.sleep })).resolves.toMatchObject({ assistantId: null, phoneNumberId: null });
    expect(h.recorder.waits).toEqual([]);
  });
});
