// Shared by the receptionist provisioning tests: a harness (simulator, app
// modules, hooks), fixed products and settings, a sleep that records backoff
// waits instead of sleeping, a fresh Shop row per test, and readers for the
// Vapi simulator's request log.
import type { Shop } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import type { ReceptionistSettings } from "../../app/receptionist/provisioning.server";
import type { ProductSummary } from "../../app/receptionist/system-prompt";
import { startVapiSimulator, type RequestLogEntry, type VapiSimulator, type VapiSimulatorOptions } from "../../app/sandbox/vapi-simulator/server";
import { AppError } from "../../app/vapi/errors";
import { eventually } from "./checkins";
import { installShop } from "./shopify";
import { TEST_VAPI_API_KEY } from "./test-env";

export const PRODUCTS: ProductSummary[] = [
  { title: "Blue Shirt", minPrice: "29.99", maxPrice: "29.99", currencyCode: "USD", available: true },
  { title: "Red Hat", minPrice: "19.99", maxPrice: "24.99", currencyCode: "USD", available: true },
];

export const loadProducts = async (): Promise<ProductSummary[]> => PRODUCTS;

export const SETTINGS: ReceptionistSettings = {
  voice: "rachel",
  hoursOfOperation: "Mon-Fri 9am-5pm ET",
  preferredAreaCode: null,
  forwardingNumber: null,
};

/** `sleep` for RetryOptions: records each backoff wait and returns at once. */
export function recordingSleep() {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
}

let shops = 0;

/** A new installed shop (offline session + Shop row), unique within the test file's database. */
export function newShop(overrides: Partial<Shop> = {}): Promise<Shop> {
  shops += 1;
  return installShop(`receptionist-${shops}.myshopify.com`, { name: `Shop ${shops}`, ...overrides });
}

/** "finished", or the error code a run ended with. */
export function outcomeOf(run: Promise<unknown>): Promise<string> {
  return run.then(
    () => "finished",
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );
}

/** The API requests the simulator received, optionally filtered by method and exact path or pattern. */
export function vapiRequests(simulator: VapiSimulator, method?: string, path?: string | RegExp): RequestLogEntry[] {
  return simulator
    .state()
    .requests.filter(
      (request) =>
        (method === undefined || request.method === method) &&
        (path === undefined || (typeof path === "string" ? request.path === path : path.test(request.path))),
    );
}

/** The area codes of the POST /phone-number requests the simulator handled (fault answers carry no body). */
export function requestedAreaCodes(simulator: VapiSimulator): string[] {
  return vapiRequests(simulator, "POST", "/phone-number").map(
    (request) => (request.body as { numberDesiredAreaCode?: string } | undefined)?.numberDesiredAreaCode ?? "?",
  );
}

export interface ProvisioningHarness {
  simulator: VapiSimulator;
  provisioning: typeof import("../../app/receptionist/provisioning.server");
  prisma: typeof import("../../app/db.server").default;
  vapiClient: typeof import("../../app/vapi/client.server").vapiClient;
  /** Fresh for each test. */
  recorder: ReturnType<typeof recordingSleep>;
  /** provisionReceptionist with the fixed products, recorded waits and fast activation polling. */
  provision(shop: Shop, settings?: ReceptionistSettings): ReturnType<typeof import("../../app/receptionist/provisioning.server").provisionReceptionist>;
}

/**
 * Registers the file's hooks: starts a Vapi simulator, points the app at it
 * (and sets `env`) before importing the app modules, which read process.env
 * once at import; resets the simulator and the recorder before each test.
 * The fields are filled in by beforeAll: read them inside tests.
 */
export function useProvisioningHarness(simulatorOptions: VapiSimulatorOptions = {}, env: Record<string, string> = {}): ProvisioningHarness {
  const harness = {} as ProvisioningHarness;
  beforeAll(async () => {
    harness.simulator = await startVapiSimulator({ apiKey: TEST_VAPI_API_KEY, activationDelayMs: 20, ...simulatorOptions });
    Object.assign(process.env, { VAPI_BASE_URL: harness.simulator.url, ...env });
    harness.provisioning = await import("../../app/receptionist/provisioning.server");
    harness.prisma = (await import("../../app/db.server")).default;
    harness.vapiClient = (await import("../../app/vapi/client.server")).vapiClient;
  });
  afterAll(async () => {
    // Runs queue their watchdog job: the sending pg-boss started on first use.
    await (await import("../../app/jobs/queue.server")).stopJobQueue();
    await harness.simulator.close();
  });
  beforeEach(() => {
    harness.simulator.reset();
    harness.recorder = recordingSleep();
  });
  harness.provision = (shop, settings = SETTINGS) =>
    harness.provisioning.provisionReceptionist(shop.id, settings, loadProducts, { sleep: harness.recorder.sleep, activation: { pollIntervalMs: 10 } });
  return harness;
}

/**
 * Exactly one assistant and one active number on it at Vapi, and the shop
 * names both, live with no error, once the run let go of its lease (a sweep
 * holds it for a moment after a setup, and again when a watchdog runs).
 */
export async function expectOneOfEach(h: ProvisioningHarness, shop: Shop) {
  const reload = () => h.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } });
  await eventually(async () => (await reload()).provisioningLeaseToken === null, 10_000, "the lease released");
  const { assistants, phoneNumbers } = h.simulator.state();
  expect(assistants).toHaveLength(1);
  expect(phoneNumbers).toEqual([expect.objectContaining({ assistantId: assistants[0].id, status: "active" })]);
  expect(await reload()).toMatchObject({
    receptionistStatus: "active",
    assistantId: assistants[0].id,
    phoneNumberId: phoneNumbers[0].id,
    phoneNumber: phoneNumbers[0].number,
    provisioningStep: null,
    lastErrorCode: null,
  });
  return { assistant: assistants[0], number: phoneNumbers[0] };
}
