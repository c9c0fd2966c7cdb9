// Upkeep beside a run, against the Vapi simulator and real PostgreSQL: an
// uninstall while the number purchase is in flight leaves nothing billing;
// the stray sweep never deletes what a run is adopting; every run ending
// gets its own late sweep.
import type { Shop } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { eventually } from "../../tests/support/checkins";
import { newShop, outcomeOf, SETTINGS, useProvisioningHarness, vapiRequests } from "../../tests/support/receptionist";

const h = useProvisioningHarness();

// A code with numbers: the one slow POST /phone-number is the purchase itself.
const AREA_CODE = "303";
const provision = (shop: Shop) => h.provision(shop, { ...SETTINGS, preferredAreaCode: AREA_CODE });

const reload = (shop: Shop) => h.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } });

/** app/uninstalled's commit, then the run's lease running out (its renewals are refused once the shop is uninstalled). */
async function uninstallDuringRun(shop: Shop) {
  const { markShopUninstalled } = await import("../shops/uninstall.server");
  await h.prisma.$transaction((tx) => markShopUninstalled(tx, shop.domain));
  await h.prisma.shop.update({ where: { id: shop.id }, data: { provisioningLeaseUntil: new Date(Date.now() - 1000) } });
}

describe("an uninstall while the number purchase is in flight", () => {
  it("a number Vapi made on receipt is found and released by the removal, though the run never saved it", async () => {
    const shop = await newShop();
    h.simulator.fail({ method: "POST", path: "/phone-number", delayMs: 2000 });
    const run = outcomeOf(provision(shop));
    await eventually(() => h.simulator.state().phoneNumbers.length === 1, 10_000, "the number bought at Vapi");
    await uninstallDuringRun(shop);

    const { releaseShopResources } = await import("../shops/uninstall.server");
    await releaseShopResources({ shopDomain: shop.domain });

    expect(h.simulator.state().phoneNumbers).toEqual([]);
    expect(h.simulator.state().assistants).toEqual([]);
    expect(await run).toBe("PROVISIONING_IN_PROGRESS");
    expect(h.simulator.state().phoneNumbers).toEqual([]);
    expect(await reload(shop)).toMatchObject({ assistantId: null, phoneNumberId: null, receptionistStatus: "not_provisioned" });
  });

  it("a number that lands after the removal is released by the run at once: nothing could adopt it", async () => {
    const shop = await newShop();
    // Vapi makes the number only when it answers, 1.5 s on; the removal's
    // assistant delete fails meanwhile, so the number still lands.
    h.simulator.setLatency({ method: "POST", path: "/phone-number", ms: 1500 });
    const run = outcomeOf(provision(shop));
    await eventually(() => vapiRequests(h.simulator, "POST", "/phone-number").length === 1, 10_000, "the number purchase sent");
    await uninstallDuringRun(shop);
    h.simulator.fail({ method: "DELETE", path: "/assistant", status: 503, times: 3 });
    await expect(h.provisioning.removeReceptionist(shop.id, { sleep: h.recorder.sleep })).rejects.toMatchObject({ code: "VAPI_UNAVAILABLE" });

    expect(await run).toBe("PROVISIONING_IN_PROGRESS");
    expect(vapiRequests(h.simulator, "POST", "/phone-number").filter((request) => request.status === 201)).toHaveLength(1);
    // Released by the run itself, before any retry of the removal or sweep.
    expect(h.simulator.state().phoneNumbers).toEqual([]);
  });
});

describe("a removal", () => {
  it("a number Vapi lists only after the removal (its purchase was in flight) is released by the late sweep", async () => {
    const { jobQueue, QUEUES } = await import("../jobs/queue.server");
    const { waitingJobs } = await import("../../tests/support/jobs");
    const shop = await newShop();
    await provision(shop);
    const [assistant] = h.simulator.state().assistants;
    const late = await h.vapiClient().phoneNumbers.create({ provider: "vapi", assistantId: assistant.id, numberDesiredAreaCode: AREA_CODE, name: "Late" });
    // The removal's listing does not have it yet.
    h.simulator.fail({ method: "GET", path: /^\/phone-number$/, status: 200, body: [] });
    const removedAt = Date.now();

    await h.provisioning.removeReceptionist(shop.id, { sleep: h.recorder.sleep });

    expect(h.simulator.state().phoneNumbers.map((number) => number.id)).toEqual(["id" in late ? late.id : ""]);
    const sweeps = (await waitingJobs<{ shopId: string }>(await jobQueue(), QUEUES.provisioning)).filter(
      (job) => job.data.shopId === shop.id && job.startAfter.getTime() - removedAt >= 110_000,
    );
    expect(sweeps.length).toBeGreaterThanOrEqual(1);
    const { superviseProvisioning } = await import("./provisioning-job.server");
    expect(await superviseProvisioning({ shopId: shop.id }, { sleep: h.recorder.sleep })).toBe("swept");
    expect(h.simulator.state().phoneNumbers).toEqual([]);
  });

  it("a removal whose stray release fails has already taken the saved number off the row", async () => {
    const shop = await newShop();
    await provision(shop);
    const [assistant] = h.simulator.state().assistants;
    await h.vapiClient().phoneNumbers.create({ provider: "vapi", assistantId: assistant.id, numberDesiredAreaCode: AREA_CODE, name: "Stray" });
    const saved = (await reload(shop)).phoneNumberId!;
    const stray = h.simulator.state().phoneNumbers.find((number) => number.id !== saved)!;
    h.simulator.fail({ method: "DELETE", path: `/phone-number/${stray.id}`, status: 503, times: 3 });

    await expect(h.provisioning.removeReceptionist(shop.id, { sleep: h.recorder.sleep })).rejects.toMatchObject({ code: "VAPI_UNAVAILABLE" });
    expect(await reload(shop)).toMatchObject({ receptionistStatus: "not_provisioned", phoneNumberId: null, phoneNumber: null });
    expect(h.simulator.state().phoneNumbers.map((number) => number.id)).toEqual([stray.id]);

    // The retry releases the rest.
    await h.provisioning.removeReceptionist(shop.id, { sleep: h.recorder.sleep });
    expect(h.simulator.state().phoneNumbers).toEqual([]);
    expect(h.simulator.state().assistants).toEqual([]);
  });
});

describe("the stray sweep and a run that adopts", () => {
  it("a setup asked for during the sweep waits for it: the shop keeps a live assistant and one number", async () => {
    const shop = await newShop();
    // A stray a crashed run made and never saved; the last try failed.
    await h.vapiClient().assistants.create({ name: "Shop stray", metadata: { shopId: shop.id } });
    await h.prisma.shop.update({ where: { id: shop.id }, data: { receptionistStatus: "failed", provisioningStartedAt: new Date() } });
    h.simulator.setLatency({ method: "DELETE", path: "/assistant", ms: 800 });

    const { superviseProvisioning } = await import("./provisioning-job.server");
    const sweep = superviseProvisioning({ shopId: shop.id }, { sleep: h.recorder.sleep });
    // The sweep has chosen what to delete; Vapi has not deleted it yet.
    await eventually(() => vapiRequests(h.simulator, "DELETE", /^\/assistant\//).length === 1, 5_000, "the sweep deleting the stray");
    const setup = await provision(shop);

    expect(await sweep).toBe("swept");
    expect(setup.status).toBe("provisioned");
    const { assistants, phoneNumbers } = h.simulator.state();
    expect(assistants).toHaveLength(1);
    expect(phoneNumbers).toEqual([expect.objectContaining({ assistantId: assistants[0].id, status: "active" })]);
    expect(await reload(shop)).toMatchObject({ receptionistStatus: "active", assistantId: assistants[0].id, phoneNumberId: phoneNumbers[0].id });
  });

  it("a sweep while a run holds the lease deletes nothing and says it is waiting", async () => {
    const shop = await newShop();
    h.simulator.setLatency({ method: "POST", path: "/assistant", ms: 800 });
    const run = provision(shop);
    await eventually(() => vapiRequests(h.simulator, "POST", "/assistant").length === 1, 5_000, "the run creating its assistant");

    expect(await h.provisioning.sweepStrayResources(shop.id)).toBeNull();
    expect((await run).status).toBe("provisioned");
    expect(h.simulator.state().assistants).toHaveLength(1);
    expect(vapiRequests(h.simulator, "DELETE")).toEqual([]);
  });
});

describe("the late sweep", () => {
  it("each run's end queues its own sweep two minutes on, beside the watchdog already waiting", async () => {
    const { jobQueue, QUEUES } = await import("../jobs/queue.server");
    const { waitingJobs } = await import("../../tests/support/jobs");
    const shop = await newShop();
    const started = Date.now();

    await provision(shop);

    const jobs = (await waitingJobs<{ shopId: string }>(await jobQueue(), QUEUES.provisioning)).filter((job) => job.data.shopId === shop.id);
    const delays = jobs.map((job) => Math.round((job.startAfter.getTime() - started) / 1000)).sort((a, b) => a - b);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(30);
    expect(delays[0]).toBeLessThan(60);
    expect(delays[1]).toBeGreaterThanOrEqual(120);
    expect(delays[1]).toBeLessThan(150);
  });
});
