// No full phone number reaches the logs. Everything written to stdout and
// stderr is captured (LOG_LEVEL=debug, so every line the app can write is
// written) while the three paths that handle numbers run for real:
// (a) provisioning with a forwarding number against the Vapi simulator,
//     including a refusal whose detail names the number;
// (b) Vapi webhooks: status-update, end-of-call-report and tool-calls whose
//     caller number is looked up in the Admin API stand-in (and a failing one);
// (c) check-in dispatch to the merchant's number: placed, refused (the
//     refusal names the number) and failed after retries.
// Then no E.164 number used, nor its national digits, appears anywhere, and
// the numbers the app does log appear masked ("+1-212-***-****").
import type { Shop } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createJob, createSchedule, startCheckins, stopCheckins, type CheckinModules } from "../../tests/support/checkins";
import { loadProducts, recordingSleep, SETTINGS } from "../../tests/support/receptionist";
import { callRoute } from "../../tests/support/shopify";
import { endOfCallReport, statusUpdate, toolCalls, vapiWebhookRequest, type CallRef } from "../../tests/support/vapi-messages";
import { EMMA_PHONE } from "../receptionist/tools/test-support";
import { DEMO_SHOP_DOMAIN, demoShopFixtures } from "../sandbox/fixtures/demo-shop";
import { startShopifyAdminStandIn, type ShopifyAdminStandIn } from "../sandbox/shopify-admin/server";
import { maskPhone } from "./mask";

const FORWARDING = "+16175550142"; // the merchant's forwarding number (provisioning)
const MERCHANT = "+13125550187"; // the number check-in calls go to
const CALLER = "+13055550123"; // a customer calling the receptionist
const SUMMARY_CALLER = "+16175550111"; // the number inside the end-of-call summary (tests/support/vapi-messages.ts)

let standIn: ShopifyAdminStandIn;
let m: CheckinModules;
let provisioning: typeof import("../receptionist/provisioning.server");
let webhook: typeof import("../routes/webhooks.vapi");
let shop: Shop;
let receptionistNumber: string;

/** What each path wrote to stdout and stderr. */
const written: Record<string, string[]> = {};
let current = "setup";
const originalWrites = {
  stdout: process.stdout.write.bind(process.stdout),
  stderr: process.stderr.write.bind(process.stderr),
};

function capture(stream: NodeJS.WriteStream) {
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    (written[current] ??= []).push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    const callback = rest.find((arg): arg is () => void => typeof arg === "function");
    callback?.();
    return true;
  }) as typeof stream.write;
}

async function during(path: string, run: () => Promise<void>) {
  current = path;
  try {
    await run();
  } finally {
    current = "between";
  }
}

beforeAll(async () => {
  process.env.LOG_LEVEL = "debug"; // before any app module is imported
  capture(process.stdout);
  capture(process.stderr);
  // Vitest routes console.* around process.stdout: capture those too (libraries, the simulators).
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      (written[current] ??= []).push(`${args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))).join(" ")}\n`);
    });
  }
  // The Admin API stand-in (the demo shop, whose customer Emma calls) and the
  // Vapi simulator, both before env.server.ts is imported: it reads their URLs once.
  standIn = await startShopifyAdminStandIn({
    shops: {
      [DEMO_SHOP_DOMAIN]: {
        accessToken: `shpat_${DEMO_SHOP_DOMAIN}`,
        fixtures: demoShopFixtures,
      },
    },
  });
  m = await startCheckins({ SANDBOX_ADMIN_API_URL: standIn.url });
  provisioning = await import("../receptionist/provisioning.server");
  webhook = await import("../routes/webhooks.vapi");
  const { installShop } = await import("../../tests/support/shopify");
  shop = await installShop(DEMO_SHOP_DOMAIN, {
    name: "Harbor & Pine Outfitters",
  });
});
afterAll(async () => {
  vi.restoreAllMocks();
  process.stdout.write = originalWrites.stdout;
  process.stderr.write = originalWrites.stderr;
  await stopCheckins(m);
  await standIn?.close();
});

/** The forms a leaked number could take: E.164, national digits, and the dialled forms. */
function leakedForms(e164: string): string[] {
  const national = e164.replace(/^\+1/, "");
  return [
    e164,
    national,
    `${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}`,
    `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`,
    `${national.slice(3, 6)}-${national.slice(6)}`,
    national.slice(3),
  ];
}

function output(path: string): string {
  return (written[path] ?? []).join("");
}

function expectNoFullNumbers(text: string, numbers: string[]) {
  for (const number of numbers) {
    for (const form of leakedForms(number)) {
      const index = text.indexOf(form);
      expect(index, `${form} (from ${number}) in the logs: …${text.slice(Math.max(0, index - 120), index + 60)}…`).toBe(-1);
    }
  }
}

describe("phone numbers in the logs", () => {
  it("(a) provisioning: the forwarding and the new number are masked, also in a refusal's detail", async () => {
    await during("provisioning", async () => {
      const settings = {
        ...SETTINGS,
        preferredAreaCode: "415",
        forwardingNumber: FORWARDING,
      };
      const options = {
        sleep: recordingSleep().sleep,
        activation: { pollIntervalMs: 10 },
      };
      // Vapi refuses the assistant, naming the number, then accepts it.
      m.simulator.fail({
        method: "POST",
        path: "/assistant",
        status: 400,
        body: {
          message: [`forwardingPhoneNumber ${FORWARDING} (dialled as ${FORWARDING.slice(2)}) is not reachable`], // E.164 and the bare national form
          error: "Bad Request",
          statusCode: 400,
        },
      });
      await expect(provisioning.provisionReceptionist(shop.id, settings, loadProducts, options)).rejects.toThrow();
      m.simulator.fail({
        method: "POST",
        path: "/phone-number",
        status: 503,
        times: 1,
      }); // retried
      const outcome = await provisioning.provisionReceptionist(shop.id, settings, loadProducts, options);
      expect(outcome.status).toBe("provisioned");
      shop = outcome.shop;
      receptionistNumber = shop.phoneNumber!;
      expect(shop.forwardingNumber).toBe(FORWARDING);
    });
    const logs = output("provisioning");
    expect(logs).toContain(`Phone number provisioned: ${maskPhone(receptionistNumber)}`);
    expect(logs).toContain(maskPhone(FORWARDING)); // the refusal's detail, masked
    expectNoFullNumbers(logs, [FORWARDING, receptionistNumber]);
  });

  it("(b) Vapi webhooks: status updates, the end-of-call report and tool calls with the caller's number", async () => {
    const ref = (id: string, customerNumber: string): CallRef => ({
      id,
      assistantId: shop.assistantId!,
      phoneNumberId: shop.phoneNumberId!,
      customerNumber,
    });
    const { issueAssistantSecret } = await import("../vapi/webhook-secrets.server");
    const secret = await issueAssistantSecret(shop.id); // the shop was provisioned with its own secret
    const post = async (body: unknown) => {
      const response = await callRoute(webhook.action, vapiWebhookRequest(body, { secret }));
      expect(response.status).toBe(200);
      return response.json();
    };
    await during("webhooks", async () => {
      const call = ref("mask-call-1", CALLER);
      for (const status of ["ringing", "in-progress"] as const) await post(statusUpdate(call, status));
      await post(statusUpdate(call, "ended", "customer-ended-call"));
      await post(endOfCallReport(call));
      // Emma's postal code verifies her order; then Shopify fails and the tool logs its failure.
      const lookup = {
        id: "t1",
        type: "function",
        function: { name: "order_lookup", arguments: { orderNumber: "1001", postalCode: "02108" } },
      };
      const answered = await post(toolCalls(ref("mask-call-2", EMMA_PHONE), [lookup]));
      expect(JSON.stringify(answered)).toContain("The caller is verified");
      standIn.fail({ status: 500, times: Infinity });
      await post(
        toolCalls(ref("mask-call-3", EMMA_PHONE), [
          { ...lookup, id: "t2" },
          {
            id: "t3",
            type: "function",
            function: {
              name: "product_search",
              arguments: { query: `call me at ${CALLER}` },
            },
          },
        ]),
      );
      standIn.reset();
      // A call of no known shop: refused, and the refusal logs no number.
      const unknown = statusUpdate({ id: "mask-call-4", assistantId: "asst-unknown", phoneNumberId: "pn-unknown", customerNumber: CALLER }, "ringing");
      expect((await callRoute(webhook.action, vapiWebhookRequest(unknown, { secret }))).status).toBe(401);
    });
    const logs = output("webhooks");
    expect(logs).toMatch(/status-update ended: applied/);
    expect(logs).toMatch(/end-of-call-report: applied/);
    expect(logs).toMatch(/Tool order_lookup failed/); // the failure path ran and was logged
    // This path logs call ids, never the caller: there is nothing to mask, and nothing leaks.
    expectNoFullNumbers(logs, [CALLER, EMMA_PHONE, SUMMARY_CALLER, receptionistNumber]);
  });

  it("(c) check-in dispatch: placed, refused with the number in the detail, failed after retries", async () => {
    await during("dispatch", async () => {
      const settings = await createSchedule(m, shop, { phoneE164: MERCHANT });
      const day = (n: number) => ({ localDate: `2030-01-0${n}` });
      expect(await m.dispatcher.dispatchCallJob((await createJob(m, settings, day(1))).id)).toBe("placed");
      m.simulator.fail({
        method: "POST",
        path: "/call",
        status: 400,
        body: {
          message: [`customer.number ${MERCHANT} is not a valid destination`],
          error: "Bad Request",
          statusCode: 400,
        },
      });
      expect(await m.dispatcher.dispatchCallJob((await createJob(m, settings, day(2))).id)).toBe("failed");
      m.simulator.fail({
        method: "POST",
        path: "/call",
        status: 500,
        times: 3,
      });
      expect(await m.dispatcher.dispatchCallJob((await createJob(m, settings, day(3))).id)).toBe("retrying");
      const late = await createJob(m, settings, {
        ...day(4),
        scheduledForUtc: new Date(Date.now() - 3 * 60 * 60_000),
      });
      expect(await m.dispatcher.dispatchCallJob(late.id)).toBe("missed");
    });
    const logs = output("dispatch");
    expect(logs).toMatch(/Check-in call placed .*"to":"\+1-312-\*\*\*-\*\*\*\*"/);
    expect(logs).toMatch(/Check-in call could not be placed/);
    expect(logs.split(maskPhone(MERCHANT)).length - 1).toBeGreaterThanOrEqual(2); // placed, and the refusal's detail
    expectNoFullNumbers(logs, [MERCHANT, receptionistNumber]);
  });

  it("nothing written during the whole run, setup included, holds a full number; the logged ones are masked", () => {
    const everything = Object.values(written).flat().join("");
    for (const number of [FORWARDING, MERCHANT, receptionistNumber]) expect(everything).toContain(maskPhone(number));
    expectNoFullNumbers(everything, [FORWARDING, MERCHANT, CALLER, EMMA_PHONE, SUMMARY_CALLER, receptionistNumber]);
  });
});
