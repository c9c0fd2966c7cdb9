// Shared by the receptionist provisioning tests: fixed products and settings,
// a sleep that records backoff waits instead of sleeping, a fresh Shop row per
// test, and readers for the Vapi simulator's request log.
import type { Shop } from "@prisma/client";
import type { ReceptionistSettings } from "../../app/receptionist/provisioning.server";
import type { ProductSummary } from "../../app/receptionist/system-prompt";
import type { RequestLogEntry, VapiSimulator } from "../../app/sandbox/vapi-simulator/server";
import { installShop } from "./shopify";

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
