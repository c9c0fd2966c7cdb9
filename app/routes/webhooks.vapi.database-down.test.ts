// The database goes away while Vapi delivers an end-of-call report: the
// route answers 5xx (so Vapi retries under server.backoffPlan, instead of
// the report being lost), and once the database is back the retry stores the
// report exactly once.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTcpProxy, throughProxy, type TcpProxy } from "../../tests/support/tcp-proxy";
import { callRoute, installShop } from "../../tests/support/shopify";
import { endOfCallReport, statusUpdate, vapiWebhookRequest } from "../../tests/support/vapi-messages";

let proxy: TcpProxy;
let action: typeof import("./webhooks.vapi").action;
let prisma: typeof import("../db.server").default;
let errors: string[];

beforeAll(async () => {
  const direct = new URL(process.env.DATABASE_URL!);
  proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port) });
  // Before the app's modules read the environment: the app reaches the database only through the proxy.
  process.env.DATABASE_URL = throughProxy(process.env.DATABASE_URL!, proxy);
  ({ action } = await import("./webhooks.vapi"));
  ({ default: prisma } = await import("../db.server"));
  const { setErrorReporter } = await import("../observability/logger.server");
  errors = [];
  setErrorReporter((report) => errors.push(report.message));
  await installShop("shop-a.myshopify.com", { assistantId: "asst-a", phoneNumberId: "pn-a", phoneNumber: "+14155550100", receptionistStatus: "active" });
});
afterAll(() => proxy.close());

const call = { id: "call-down", assistantId: "asst-a", phoneNumberId: "pn-a" };
const post = (body: unknown) => callRoute(action, vapiWebhookRequest(body));

it("answers 503 while the database is down, then stores the retried report once", async () => {
  expect((await post(statusUpdate(call, "in-progress"))).status).toBe(200);

  proxy.cut();
  const report = endOfCallReport(call);
  const during = await post(report);
  expect(during.status).toBe(503);
  expect(await during.json()).toEqual({ error: "temporarily unavailable, retry" });
  expect(errors.some((line) => /could not be stored/.test(line))).toBe(true);

  proxy.restore();
  const retried = await post(report);
  expect(retried.status).toBe(200);
  expect(await retried.json()).toMatchObject({ outcome: "applied" });
  const again = await post(report);
  expect(await again.json()).toMatchObject({ outcome: "duplicate" });

  const records = await prisma.callSession.findMany({ where: { vapiCallId: "call-down" } });
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({ status: "ended", summary: expect.stringContaining("flannel"), durationSec: 125 });
  expect(await prisma.webhookDelivery.count({ where: { deliveryKey: { contains: "call-down:end-of-call-report" } } })).toBe(1);
});
