// Provisioning under faults, against the Vapi simulator and real PostgreSQL:
// a process killed (kill -9) mid-setup is resumed by the worker with nothing
// done by hand; a run whose lease expires under a slow Vapi is fenced out;
// a Vapi that creates on receipt and answers after 20 s (after our 15 s
// timeout). In every case exactly one assistant and one number stay active,
// and the merchant is shown that number.
import { spawn, type ChildProcess } from "node:child_process";
import type { Shop } from "@prisma/client";
import { afterEach, describe, expect, it } from "vitest";
import { stopChild } from "../sandbox/child-processes";
import { eventually } from "../../tests/support/checkins";
import { expectOneOfEach, newShop, outcomeOf, SETTINGS, useProvisioningHarness, vapiRequests } from "../../tests/support/receptionist";

const h = useProvisioningHarness();

// A code with numbers, so the one slow POST /phone-number is the purchase itself
// (the toll-free codes first in the default list answer "not available").
const AREA_CODE = "303";
const provision = (shop: Shop) => h.provision(shop, { ...SETTINGS, preferredAreaCode: AREA_CODE });

const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) await stopChild(child, 5000);
});

function runTs(script: string, env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, LOG_LEVEL: "info", ...env },
  });
  children.push(child);
  return child;
}

const reload = (shop: Shop) => h.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } });

describe("a provisioning process killed mid-setup", () => {
  it("is resumed by the worker by itself within a minute: one assistant, one number", { timeout: 120_000 }, async () => {
    const shop = await newShop();
    // Vapi creates the number on receipt and holds its answer: the process dies before it saves it.
    h.simulator.fail({ method: "POST", path: "/phone-number", delayMs: 60_000 });
    const setup = runTs("tests/support/provision-child.ts", { PROVISION_SHOP_ID: shop.id, VAPI_AREA_CODES: AREA_CODE });
    await eventually(
      async () => (await reload(shop)).assistantId && h.simulator.state().phoneNumbers.length === 1,
      30_000,
      "the assistant saved and the number bought",
    );
    expect(await reload(shop)).toMatchObject({ receptionistStatus: "provisioning", provisioningStep: "number", phoneNumberId: null });
    setup.kill("SIGKILL");
    await new Promise((resolve) => setup.once("exit", resolve));
    const killedAt = Date.now();

    // The restart: the worker process, as deployed. Nobody calls the API again.
    const worker = runTs("app/jobs/worker.ts");
    let workerLog = "";
    worker.stdout!.on("data", (chunk: Buffer) => (workerLog += chunk.toString()));
    worker.stderr!.on("data", (chunk: Buffer) => (workerLog += chunk.toString()));
    await eventually(async () => (await reload(shop)).receptionistStatus === "active", 75_000, "the worker to finish the setup").catch((error: Error) => {
      throw new Error(`${error.message}\n${workerLog}`);
    });
    const resumedInMs = Date.now() - killedAt;
    console.log(`provisioning resumed and finished ${resumedInMs} ms after kill -9`);
    expect(resumedInMs).toBeLessThan(60_000);

    const { number } = await expectOneOfEach(h, shop);
    expect(vapiRequests(h.simulator, "POST", "/assistant")).toHaveLength(1);
    // The resume adopted the number the killed process had bought.
    expect(vapiRequests(h.simulator, "POST", "/phone-number")).toHaveLength(1);
    expect(number.id).toBe((await reload(shop)).phoneNumberId);
    expect(workerLog).toMatch(/Resuming a provisioning/);
  });
});

describe("a lease that expires under a slow Vapi", () => {
  /** The first run's lease runs out (its renewals were lost) while its number purchase is in flight. */
  async function expireLeaseOf(shop: Shop) {
    await h.prisma.shop.update({ where: { id: shop.id }, data: { provisioningLeaseUntil: new Date(Date.now() - 1000) } });
  }

  it("a number created on receipt: the second run adopts it, the first is fenced out; one number", async () => {
    const shop = await newShop();
    h.simulator.fail({ method: "POST", path: "/phone-number", delayMs: 1500 });
    const first = outcomeOf(provision(shop));
    await eventually(() => h.simulator.state().phoneNumbers.length === 1, 10_000, "the first number purchase");
    await expireLeaseOf(shop);

    const second = await provision(shop);

    expect(second.status).toBe("provisioned");
    expect(await first).toBe("PROVISIONING_IN_PROGRESS");
    const { number } = await expectOneOfEach(h, shop);
    expect(second.shop.phoneNumber).toBe(number.number);
    expect(vapiRequests(h.simulator, "POST", "/phone-number")).toHaveLength(1);
  });

  it("a number Vapi creates only when it answers: both runs buy one, the stray is released; one number", async () => {
    const shop = await newShop();
    h.simulator.setLatency({ method: "POST", path: "/phone-number", ms: 1500 });
    const first = outcomeOf(provision(shop));
    await eventually(() => vapiRequests(h.simulator, "POST", "/phone-number").length === 1, 10_000, "the first number purchase");
    await expireLeaseOf(shop);

    const second = await provision(shop);
    expect(await first).toBe("PROVISIONING_IN_PROGRESS");
    // The watchdog's sweep (queued by both runs) releases whatever the fenced-out run bought.
    const { superviseProvisioning } = await import("./provisioning-job.server");
    expect(await superviseProvisioning({ shopId: shop.id }, { sleep: h.recorder.sleep })).toBe("swept");

    const { number } = await expectOneOfEach(h, shop);
    expect(second.shop.phoneNumber).toBe(number.number);
    expect(vapiRequests(h.simulator, "POST", "/phone-number").filter((request) => request.status === 201)).toHaveLength(2);
  });
});

describe("the step the page shows", () => {
  /** The distinct steps the shop's row shows while `run` runs, in order (read every 10 ms). */
  async function stepsDuring(shop: Shop, run: Promise<unknown>): Promise<Array<string | null>> {
    const seen: Array<string | null> = [];
    let done = false;
    void run.finally(() => (done = true));
    while (!done) {
      const { provisioningStep } = await reload(shop);
      if (seen.at(-1) !== provisioningStep) seen.push(provisioningStep);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await run;
    return seen;
  }

  it("a new setup shows each step as it reaches it, and none once done", async () => {
    const shop = await newShop();
    h.simulator.setLatency({ method: "POST", ms: 300 });
    const steps = await stepsDuring(shop, provision(shop));
    expect(steps.filter((step) => step !== null)).toEqual(["assistant", "number", "activation"]);
    expect((await reload(shop)).provisioningStep).toBeNull();
  });

  it("a run resumed after its assistant was saved goes on from the number: the page never goes back to the assistant", async () => {
    const shop = await newShop();
    // The first run saves its assistant, then stops while its number is being bought (its lease runs out).
    h.simulator.fail({ method: "POST", path: "/phone-number", delayMs: 1500 });
    const first = outcomeOf(provision(shop));
    await eventually(async () => (await reload(shop)).provisioningStep === "number", 10_000, "the assistant saved");
    await h.prisma.shop.update({ where: { id: shop.id }, data: { provisioningLeaseUntil: new Date(Date.now() - 1000) } });

    h.simulator.setLatency({ method: "GET", ms: 200 });
    const { superviseProvisioning } = await import("./provisioning-job.server");
    const steps = await stepsDuring(shop, superviseProvisioning({ shopId: shop.id }, { sleep: h.recorder.sleep }));
    expect(steps.filter((step) => step !== null)).toEqual(["number", "activation"]);
    expect(await first).toBe("PROVISIONING_IN_PROGRESS");
    expect((await reload(shop)).receptionistStatus).toBe("active");
  });
});

describe("a Vapi that creates on receipt and answers after 20 s", () => {
  it("leaves exactly one assistant and one number, and shows the merchant that number", { timeout: 90_000 }, async () => {
    const shop = await newShop();
    // Longer than the client's 15 s timeout (VAPI_TIMEOUT_SECONDS' default).
    h.simulator.fail({ method: "POST", path: "/assistant", delayMs: 20_000 });
    h.simulator.fail({ method: "POST", path: "/phone-number", delayMs: 20_000 });

    const outcome = await provision(shop);

    expect(outcome.status).toBe("provisioned");
    const { number } = await expectOneOfEach(h, shop);
    expect(outcome.shop.phoneNumber).toBe(number.number);
    // Each create was sent once; its retry looked and found what the first made.
    expect(vapiRequests(h.simulator, "POST", "/assistant")).toHaveLength(1);
    expect(vapiRequests(h.simulator, "POST", "/phone-number")).toHaveLength(1);
    // Once the late answers are in, the watchdog finds nothing stray.
    await new Promise((resolve) => setTimeout(resolve, 5500));
    const { superviseProvisioning } = await import("./provisioning-job.server");
    expect(await superviseProvisioning({ shopId: shop.id })).toBe("swept");
    await expectOneOfEach(h, shop);
  });
});
