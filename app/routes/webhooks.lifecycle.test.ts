// The effects of the lifecycle and compliance webhooks, delivered signed
// through the routes, against the Vapi simulator and real PostgreSQL:
// uninstalling stops every outbound call and releases what costs money;
// the compliance jobs report, anonymise and erase, and prove what is gone.
import type { CallSettings, Prisma, Shop } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createJob, createSchedule, requestMark, requestsSince, startCheckins, stopCheckins, type CheckinModules } from "../../tests/support/checkins";
import { runWaitingJobs, waitingJobs } from "../../tests/support/jobs";
import { loadProducts, SETTINGS } from "../../tests/support/receptionist";
import { appFetchRequest, callRoute, installShop, shopifyWebhookRequest, TEST_SHOP } from "../../tests/support/shopify";

const OTHER_SHOP = "other-lifecycle.myshopify.com";

let m: CheckinModules;
let routes: {
  uninstalled: typeof import("./webhooks.app.uninstalled");
  dataRequest: typeof import("./webhooks.customers.data_request");
  customersRedact: typeof import("./webhooks.customers.redact");
  shopRedact: typeof import("./webhooks.shop.redact");
  dataRequestsPage: typeof import("./app.data-requests");
};
let compliance: typeof import("../compliance/compliance-work.server");
let provisioning: typeof import("../receptionist/provisioning.server");
let uninstall: typeof import("../shops/uninstall.server");

beforeAll(async () => {
  m = await startCheckins();
  [routes, compliance, provisioning, uninstall] = await Promise.all([
    (async () => ({
      uninstalled: await import("./webhooks.app.uninstalled"),
      dataRequest: await import("./webhooks.customers.data_request"),
      customersRedact: await import("./webhooks.customers.redact"),
      shopRedact: await import("./webhooks.shop.redact"),
      dataRequestsPage: await import("./app.data-requests"),
    }))(),
    import("../compliance/compliance-work.server"),
    import("../receptionist/provisioning.server"),
    import("../shops/uninstall.server"),
  ]);
});
afterAll(() => stopCheckins(m));

let shop: Shop;
beforeEach(async () => {
  // One failing case must not leave Vapi hanging for the next.
  m.simulator.setLatency({ ms: 0 });
  m.simulator.clearFaults();
  await m.prisma.shop.deleteMany();
  await m.prisma.session.deleteMany();
  await m.prisma.webhookDelivery.deleteMany();
  await m.prisma.complianceRequest.deleteMany();
  await m.prisma.$executeRaw`DELETE FROM pgboss.job WHERE name IN (${m.queue.QUEUES.dispatch}, ${m.queue.QUEUES.compliance}, ${m.queue.QUEUES.shopShutdown})`;
  shop = await installShop(TEST_SHOP);
});

async function deliver(
  action: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>,
  topic: string,
  payload: unknown,
  webhookId?: string,
  domain = TEST_SHOP,
) {
  const response = await callRoute(action, shopifyWebhookRequest(`/webhooks/${topic}`, topic, payload, { webhookId, shop: domain }));
  expect(response.status).toBe(200);
}

const runComplianceJobs = async () =>
  runWaitingJobs(await m.queue.jobQueue(), m.queue.QUEUES.compliance, (payload: { requestId: string }) => compliance.runComplianceRequest(payload));
const runShutdownJobs = async () => runWaitingJobs(await m.queue.jobQueue(), m.queue.QUEUES.shopShutdown, uninstall.releaseShopResources);

/** app/uninstalled's body: Shopify's shop resource. */
const shopResource = (domain = TEST_SHOP) => ({ id: 1, name: "Test shop", domain, myshopify_domain: domain });

describe("app/uninstalled", () => {
  let settings: CallSettings;

  async function shopWithReceptionistAndCalls() {
    const { shop: provisioned } = await provisioning.provisionReceptionist(shop.id, { ...SETTINGS, preferredAreaCode: "415" }, loadProducts, {
      activation: { pollIntervalMs: 10 },
    });
    settings = await createSchedule(m, provisioned, { nextPlanAt: null });
    // A job due in a minute whose dispatch already sits in pg-boss.
    const queued = await createJob(m, settings, { scheduledForUtc: new Date(Date.now() + 60_000), localDate: "2030-01-01" });
    await (await m.queue.jobQueue()).send(m.queue.QUEUES.dispatch, { callJobId: queued.id }, { startAfter: 60 });
    // A job whose call is already placed at Vapi, to ring later.
    const call = await m.vapiClient().calls.create({
      assistantId: provisioned.assistantId!,
      phoneNumberId: provisioned.phoneNumberId!,
      customer: { number: settings.phoneE164 },
      schedulePlan: { earliestAt: new Date(Date.now() + 3_600_000).toISOString() },
    });
    const callId = "id" in call ? call.id : "";
    const placed = await createJob(m, settings, { status: "scheduled", vapiCallId: callId, localDate: "2030-01-02" });
    return { provisioned, queued, placed, callId };
  }

  it("releases the number, deletes the assistant, cancels jobs and calls, deletes sessions; a duplicate does nothing", async () => {
    const { provisioned, queued, placed, callId } = await shopWithReceptionistAndCalls();
    const mark = requestMark(m.simulator);

    await deliver(routes.uninstalled.action, "app/uninstalled", shopResource(), "uninstall-1");
    await deliver(routes.uninstalled.action, "app/uninstalled", shopResource(), "uninstall-1");
    // Shopify may also send a second, distinct delivery.
    await deliver(routes.uninstalled.action, "app/uninstalled", shopResource(), "uninstall-2");
    // One job per delivery; the second finds nothing left to release.
    expect(await runShutdownJobs()).toBe(2);

    const state = m.simulator.state();
    expect(state.phoneNumbers).toEqual([]);
    expect(state.assistants).toEqual([]);
    expect(requestsSince(m.simulator, mark, "DELETE", `/phone-number/${provisioned.phoneNumberId}`)).toHaveLength(1);
    expect(requestsSince(m.simulator, mark, "DELETE", `/assistant/${provisioned.assistantId}`)).toHaveLength(1);
    expect(state.calls.find((call) => call.id === callId)).toMatchObject({ status: "ended", endedReason: "scheduled-call-deleted" });

    expect(await m.prisma.session.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(await m.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({
      uninstalledAt: expect.any(Date),
      receptionistStatus: "not_provisioned",
      assistantId: null,
      phoneNumberId: null,
      phoneNumber: null,
      knowledgeRefreshedAt: null,
    });
    expect(await m.prisma.callSettings.findUniqueOrThrow({ where: { id: settings.id } })).toMatchObject({ active: false });
    const jobs = await m.prisma.callJob.findMany({ where: { id: { in: [queued.id, placed.id] } } });
    // Superseded: not calls, and not the merchant's cancel (issue 10's rule).
    expect(jobs.map((job) => job.status)).toEqual(["superseded", "superseded"]);
  });

  it("an uninstall Shopify delivers late, from before the shop was installed again, changes nothing; a later one is processed", async () => {
    const { provisioned } = await shopWithReceptionistAndCalls();
    // The reinstall an hour ago started the current installation (syncShop moves installedAt).
    await m.prisma.shop.update({ where: { id: shop.id }, data: { installedAt: new Date(Date.now() - 3_600_000) } });
    const sessions = await m.prisma.session.count({ where: { shop: TEST_SHOP } });
    const uninstall = (triggeredAt: Date) =>
      callRoute(routes.uninstalled.action, shopifyWebhookRequest("/webhooks/app/uninstalled", "app/uninstalled", shopResource(), { triggeredAt }));

    // Shopify's retry of the uninstall of two hours ago, before the reinstall.
    expect((await uninstall(new Date(Date.now() - 2 * 3_600_000))).status).toBe(200);
    expect(await runShutdownJobs()).toBe(0);
    expect(await m.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({ uninstalledAt: null, phoneNumberId: provisioned.phoneNumberId });
    expect(await m.prisma.session.count({ where: { shop: TEST_SHOP } })).toBe(sessions);
    expect(await m.prisma.callSettings.findUniqueOrThrow({ where: { id: settings.id } })).toMatchObject({ active: true });
    expect(m.simulator.state().phoneNumbers).toHaveLength(1);

    // Uninstalled again now: processed.
    expect((await uninstall(new Date())).status).toBe(200);
    expect(await runShutdownJobs()).toBe(1);
    expect(await m.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({ uninstalledAt: expect.any(Date), phoneNumberId: null });
    expect(await m.prisma.session.count({ where: { shop: TEST_SHOP } })).toBe(0);
  });

  it("places no call afterwards, even for a dispatch queued before the uninstall", async () => {
    const { queued } = await shopWithReceptionistAndCalls();
    await deliver(routes.uninstalled.action, "app/uninstalled", shopResource());
    await runShutdownJobs();
    const mark = requestMark(m.simulator);

    // The worker's turn comes: run the dispatch that was already in pg-boss.
    const ran = await runWaitingJobs<{ callJobId: string }>(await m.queue.jobQueue(), m.queue.QUEUES.dispatch, async ({ callJobId }) => {
      expect(callJobId).toBe(queued.id);
      expect(await m.dispatcher.dispatchCallJob(callJobId)).toBe("not-pending");
    });
    expect(ran).toBe(1);
    expect(requestsSince(m.simulator, mark, "POST", "/call")).toEqual([]);
  });

  it("with Vapi hanging: 200 within 1 s, no call placed afterwards, the number released once Vapi answers again", async () => {
    const { provisioned, queued, placed, callId } = await shopWithReceptionistAndCalls();
    m.simulator.setLatency({ ms: 60_000 });

    const started = Date.now();
    const response = await callRoute(routes.uninstalled.action, shopifyWebhookRequest("/webhooks/app/uninstalled", "app/uninstalled", shopResource()));
    const elapsedMs = Date.now() - started;
    expect(response.status).toBe(200);
    expect(elapsedMs).toBeLessThan(1000);
    // Calls stopped with the answer: the schedule is off and a due dispatch places nothing.
    expect(await m.prisma.callSettings.findUniqueOrThrow({ where: { id: settings.id } })).toMatchObject({ active: false });
    const mark = requestMark(m.simulator);
    await runWaitingJobs<{ callJobId: string }>(await m.queue.jobQueue(), m.queue.QUEUES.dispatch, async ({ callJobId }) => {
      expect(callJobId).toBe(queued.id);
      // Whatever it answers (the job was superseded by the uninstall), it dials nothing.
      expect(["not-pending", "not-due", "failed"]).toContain(await m.dispatcher.dispatchCallJob(callJobId));
    });
    expect(requestsSince(m.simulator, mark, "POST", "/call")).toEqual([]);

    // Vapi still down (now refusing): the shutdown job fails and stays queued for a retry.
    m.simulator.setLatency({ ms: 0 });
    m.simulator.fail({ path: "/", status: 503, times: 100 });
    const boss = await m.queue.jobQueue();
    const [job] = await boss.fetch<{ shopDomain: string }>(m.queue.QUEUES.shopShutdown);
    await expect(uninstall.releaseShopResources(job.data)).rejects.toThrow();
    await boss.fail(m.queue.QUEUES.shopShutdown, job.id, new Error("Vapi unavailable"));
    expect(m.simulator.state().phoneNumbers).toHaveLength(1);
    expect(await waitingJobs(boss, m.queue.QUEUES.shopShutdown)).toHaveLength(1);

    // Vapi answers again: the retry releases the number and deletes the assistant.
    m.simulator.clearFaults();
    expect(await runShutdownJobs()).toBe(1);
    expect(m.simulator.state().phoneNumbers).toEqual([]);
    expect(m.simulator.state().assistants).toEqual([]);
    expect(requestsSince(m.simulator, mark, "DELETE", `/phone-number/${provisioned.phoneNumberId}`).some((request) => request.status === 200)).toBe(true);
    expect(requestsSince(m.simulator, mark, "POST", "/call")).toEqual([]);
    // The call placed before the uninstall, which Vapi could not be asked to withdraw while down, is withdrawn by the retry.
    expect(requestsSince(m.simulator, mark, "DELETE", `/call/${callId}`).some((request) => request.status === 200)).toBe(true);
    expect(await m.prisma.callJob.findUniqueOrThrow({ where: { id: placed.id } })).toMatchObject({ status: "superseded" });
  });

  it("a crash before the commit records nothing, so Shopify's retry is processed", async () => {
    // The database refuses the job's insert mid-transaction (as a crash would end it): nothing commits.
    await m.prisma.$executeRawUnsafe(`ALTER TABLE pgboss.job ADD CONSTRAINT refuse_shutdown CHECK (name <> '${m.queue.QUEUES.shopShutdown}')`);
    try {
      const failed = await callRoute(
        routes.uninstalled.action,
        shopifyWebhookRequest("/webhooks/app/uninstalled", "app/uninstalled", shopResource(), { webhookId: "crash-1" }),
      );
      expect(failed.status).toBe(500);
    } finally {
      await m.prisma.$executeRawUnsafe("ALTER TABLE pgboss.job DROP CONSTRAINT refuse_shutdown");
    }
    expect(await m.prisma.webhookDelivery.count({ where: { deliveryKey: "crash-1" } })).toBe(0);
    expect(await m.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({ uninstalledAt: null });
    expect(await m.prisma.session.count({ where: { shop: TEST_SHOP } })).toBe(1);

    await deliver(routes.uninstalled.action, "app/uninstalled", shopResource(), "crash-1");
    expect(await m.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({ uninstalledAt: expect.any(Date) });
    expect(await waitingJobs(await m.queue.jobQueue(), m.queue.QUEUES.shopShutdown)).toHaveLength(1);
  });

  it.each([
    ["a signed body naming another shop", shopResource("other-shop.myshopify.com")],
    ["a signed body of another topic", { id: 7, title: "Renamed product" }],
  ])("%s under this shop's header changes nothing (the header is not signed)", async (_label, body) => {
    const { provisioned } = await shopWithReceptionistAndCalls();
    const sessions = await m.prisma.session.count({ where: { shop: TEST_SHOP } });
    expect((await callRoute(routes.uninstalled.action, shopifyWebhookRequest("/webhooks/app/uninstalled", "app/uninstalled", body))).status).toBe(200);
    expect(await runShutdownJobs()).toBe(0);
    expect(await m.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({ uninstalledAt: null, phoneNumberId: provisioned.phoneNumberId });
    expect(await m.prisma.session.count({ where: { shop: TEST_SHOP } })).toBe(sessions);
  });

  it("succeeds for a shop without receptionist or schedule, and for a shop the app never stored", async () => {
    await deliver(routes.uninstalled.action, "app/uninstalled", shopResource());
    expect(await m.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).toMatchObject({ uninstalledAt: expect.any(Date) });
    const response = await callRoute(
      routes.uninstalled.action,
      shopifyWebhookRequest("/webhooks/app/uninstalled", "app/uninstalled", shopResource("never-seen.myshopify.com"), { shop: "never-seen.myshopify.com" }),
    );
    expect(response.status).toBe(200);
  });
});

const CUSTOMER = { id: 42, email: "Emma.Johnson@example.com", phone: "(415) 555-0199" };
const CUSTOMER_E164 = "+14155550199";
const SHOP_NUMBER = "+14155550100";

async function seedCalls(target: Shop) {
  const base = { shopId: target.id, status: "ended", durationSec: 95, endedReason: "customer-ended-call", disposition: "completed" };
  const calls: Prisma.CallSessionCreateManyInput[] = [
    {
      ...base,
      vapiCallId: `${target.id}-in`,
      direction: "inbound",
      callerNumber: CUSTOMER_E164,
      calleeNumber: SHOP_NUMBER,
      transcript: "Hi, where is order 1001?",
      recordingUrl: "https://vapi.example/rec-in.wav",
      summary: "Order status",
    },
    {
      ...base,
      vapiCallId: `${target.id}-out`,
      direction: "outbound",
      callerNumber: SHOP_NUMBER,
      calleeNumber: CUSTOMER_E164,
      transcript: "Calling back",
      recordingUrl: "https://vapi.example/rec-out.wav",
    },
    {
      ...base,
      vapiCallId: `${target.id}-email`,
      direction: "inbound",
      callerNumber: "+14155550777",
      calleeNumber: SHOP_NUMBER,
      transcript: "My email is emma.johnson@example.com",
      messageTaken: "Call Emma back",
    },
    {
      ...base,
      vapiCallId: `${target.id}-other`,
      direction: "inbound",
      callerNumber: "+14155550888",
      calleeNumber: SHOP_NUMBER,
      transcript: "Do you sell hats?",
      recordingUrl: "https://vapi.example/rec-other.wav",
    },
  ];
  await m.prisma.callSession.createMany({ data: calls });
}

const dataRequestPayload = (domain = TEST_SHOP) => ({ shop_id: 1, shop_domain: domain, customer: CUSTOMER, orders_requested: [1001], data_request: { id: 7 } });
const redactPayload = (domain = TEST_SHOP) => ({ shop_id: 1, shop_domain: domain, customer: CUSTOMER, orders_to_redact: [1001] });

describe("customers/data_request", () => {
  it("queues one job per delivery (not per duplicate) and stores a report of the customer's calls", async () => {
    await seedCalls(shop);
    await deliver(routes.dataRequest.action, "customers/data_request", dataRequestPayload(), "dr-1");
    await deliver(routes.dataRequest.action, "customers/data_request", dataRequestPayload(), "dr-1");
    expect(await waitingJobs(await m.queue.jobQueue(), m.queue.QUEUES.compliance)).toHaveLength(1);

    expect(await runComplianceJobs()).toBe(1);
    const [stored] = await m.prisma.complianceReport.findMany({ where: { shopId: shop.id } });
    expect(stored).toMatchObject({ shopifyCustomerId: "42", dataRequestId: "7" });
    const report = stored.report as { calls: Array<{ vapiCallId: string; recordingUrl: string | null }> };
    expect(report.calls.map((call) => call.vapiCallId).sort()).toEqual([`${shop.id}-email`, `${shop.id}-in`, `${shop.id}-out`]);
    expect(report.calls.find((call) => call.vapiCallId === `${shop.id}-in`)?.recordingUrl).toBe("https://vapi.example/rec-in.wav");

    // The merchant retrieves it on the Data requests page.
    const page = await callRoute(routes.dataRequestsPage.loader, await appFetchRequest("/app/data-requests"));
    const { reports } = (await page.json()) as { reports: Array<{ summary: { headline: string; contents: string | null } }> };
    expect(reports).toHaveLength(1);
    expect(reports[0].summary.headline).toMatch(/^3 calls: /);
    expect(reports[0].summary.contents).toContain("transcript");
  });
});

/** Rows anywhere in the call records that still hold the customer's number or email. */
async function rowsWithCustomer(): Promise<number> {
  const [{ count }] = await m.prisma.$queryRaw<Array<{ count: bigint }>>`
    SELECT count(*) FROM "CallSession" WHERE "callerNumber" = ${CUSTOMER_E164} OR "calleeNumber" = ${CUSTOMER_E164}
      OR concat_ws(' ', transcript, summary, "messageTaken", metadata::text) ILIKE ${"%emma.johnson@example.com%"}
      OR concat_ws(' ', transcript, summary, "messageTaken", metadata::text) LIKE ${"%4155550199%"}`;
  const [{ reports }] = await m.prisma.$queryRaw<Array<{ reports: bigint }>>`
    SELECT count(*) AS reports FROM "ComplianceReport" WHERE report::text LIKE ${"%4155550199%"} OR report::text ILIKE ${"%emma.johnson%"}`;
  return Number(count) + Number(reports);
}

describe("customers/redact", () => {
  it("leaves zero rows with the customer's number or email, keeps other callers, and deletes the calls at Vapi", async () => {
    await seedCalls(shop);
    await deliver(routes.dataRequest.action, "customers/data_request", dataRequestPayload());
    await runComplianceJobs();
    expect(await rowsWithCustomer()).toBeGreaterThan(0);
    const mark = requestMark(m.simulator);

    await deliver(routes.customersRedact.action, "customers/redact", redactPayload(), "cr-1");
    await deliver(routes.customersRedact.action, "customers/redact", redactPayload(), "cr-1");
    expect(await runComplianceJobs()).toBe(1);

    expect(await rowsWithCustomer()).toBe(0);
    expect(await m.prisma.complianceReport.count()).toBe(0);
    const anonymised = await m.prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: `${shop.id}-in` } });
    expect(anonymised).toMatchObject({ callerNumber: null, calleeNumber: SHOP_NUMBER, transcript: null, recordingUrl: null, summary: null, durationSec: 95 });
    const untouched = await m.prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: `${shop.id}-other` } });
    expect(untouched).toMatchObject({ callerNumber: "+14155550888", transcript: "Do you sell hats?", recordingUrl: "https://vapi.example/rec-other.wav" });
    expect(
      requestsSince(m.simulator, mark, "DELETE", /^\/call\//)
        .map((request) => request.path)
        .sort(),
    ).toEqual([`/call/${shop.id}-email`, `/call/${shop.id}-in`, `/call/${shop.id}-out`]);
  });
});

describe("caller messages in privacy requests", () => {
  async function seedMessages(target: Shop) {
    await seedCalls(target);
    const sessions = await m.prisma.callSession.findMany({ where: { shopId: target.id } });
    const byId = (suffix: string) => sessions.find((session) => session.vapiCallId === `${target.id}-${suffix}`)!.id;
    const message = (callSessionId: string, toolCallId: string, callbackNumber: string, reason: string) => ({
      shopId: target.id,
      callSessionId,
      toolCallId,
      callerName: "Caller",
      callbackNumber,
      reason,
    });
    await m.prisma.message.createMany({
      data: [
        message(byId("in"), "m-own-call", CUSTOMER_E164, "Where is order 1001?"), // on the customer's call
        message(byId("other"), "m-callback", CUSTOMER_E164, "Call back about a return"), // their number to call back
        message(byId("other"), "m-other", "+14155550888", "Do you sell hats?"), // someone else's
      ],
    });
  }

  it("the data request reports the customer's messages; customers/redact erases them and keeps other callers' messages", async () => {
    await seedMessages(shop);
    await deliver(routes.dataRequest.action, "customers/data_request", dataRequestPayload(), "dr-messages");
    await runComplianceJobs();
    const [stored] = await m.prisma.complianceReport.findMany({ where: { shopId: shop.id } });
    const report = stored.report as { messages: Array<{ reason: string; callbackNumber: string }> };
    expect(report.messages.map((message) => message.reason).sort()).toEqual(["Call back about a return", "Where is order 1001?"]);

    await deliver(routes.customersRedact.action, "customers/redact", redactPayload(), "cr-messages");
    await runComplianceJobs();
    const left = await m.prisma.message.findMany({ where: { shopId: shop.id } });
    expect(left.map((message) => message.toolCallId)).toEqual(["m-other"]);
    expect(await m.prisma.message.count({ where: { callbackNumber: CUSTOMER_E164 } })).toBe(0);
  });
});

describe("shop/redact", () => {
  it("deletes every row of the shop and nothing of another shop", async () => {
    const other = await installShop(OTHER_SHOP);
    for (const target of [shop, other]) {
      await seedCalls(target);
      const settings = await createSchedule(m, target, { active: false });
      await createJob(m, settings, { status: "completed" });
      await m.prisma.complianceReport.create({ data: { shopId: target.id, shopifyCustomerId: "42", report: {} } });
    }
    await deliver(routes.dataRequest.action, "customers/data_request", dataRequestPayload(OTHER_SHOP), "other-shop-delivery", OTHER_SHOP);

    await deliver(routes.shopRedact.action, "shop/redact", { shop_id: 1, shop_domain: TEST_SHOP }, "sr-1");
    await deliver(routes.shopRedact.action, "shop/redact", { shop_id: 1, shop_domain: TEST_SHOP }, "sr-1");
    await runComplianceJobs();

    const counts = async (domain: string, shopId: string) => ({
      shops: await m.prisma.shop.count({ where: { domain } }),
      sessions: await m.prisma.session.count({ where: { shop: domain } }),
      deliveries: await m.prisma.webhookDelivery.count({ where: { shopDomain: domain } }),
      settings: await m.prisma.callSettings.count({ where: { shopId } }),
      jobs: await m.prisma.callJob.count({ where: { shopId } }),
      calls: await m.prisma.callSession.count({ where: { shopId } }),
      reports: await m.prisma.complianceReport.count({ where: { shopId } }),
    });
    expect(await counts(TEST_SHOP, shop.id)).toEqual({ shops: 0, sessions: 0, deliveries: 0, settings: 0, jobs: 0, calls: 0, reports: 0 });
    expect(await counts(OTHER_SHOP, other.id)).toEqual({ shops: 1, sessions: 1, deliveries: 1, settings: 1, jobs: 1, calls: 4, reports: 2 });
  });
});

describe("privacy requests tracked to completion", () => {
  const requestsPage = async () => {
    const page = await callRoute(routes.dataRequestsPage.loader, await appFetchRequest("/app/data-requests"));
    return ((await page.json()) as { requests: Array<{ topic: string; status: string; attempts: number; lastError: string | null; completed: string | null }> })
      .requests;
  };

  it("a customers/redact failing for a while (Vapi 503) is retried and completes; its payload is purged; the page shows it", { timeout: 60_000 }, async () => {
    await seedCalls(shop);
    await deliver(routes.customersRedact.action, "customers/redact", redactPayload(), "cr-retry");
    const [request] = await m.prisma.complianceRequest.findMany();
    expect(request).toMatchObject({
      topic: "customers/redact",
      status: "pending",
      attempts: 0,
      customerId: "42",
      payload: expect.objectContaining({ orderIds: [1001] }),
    });
    // The job names no customer: only the request's id.
    const [job] = await waitingJobs<Record<string, unknown>>(await m.queue.jobQueue(), m.queue.QUEUES.compliance);
    expect(job.data).toEqual({ requestId: request.id });

    // Two attempts while Vapi answers 503 (each attempt is the one retry policy: 3 requests).
    m.simulator.fail({ method: "DELETE", path: "/call", status: 503, times: 6 });
    const boss = await m.queue.jobQueue();
    for (let attempt = 1; attempt <= 2; attempt++) {
      await m.prisma.$executeRaw`UPDATE pgboss.job SET start_after = now() WHERE name = ${m.queue.QUEUES.compliance} AND state IN ('created', 'retry')`;
      const [fetched] = await boss.fetch<{ requestId: string }>(m.queue.QUEUES.compliance);
      await expect(compliance.runComplianceRequest(fetched.data)).rejects.toThrow();
      await boss.fail(m.queue.QUEUES.compliance, fetched.id, new Error("Vapi unavailable"));
    }
    expect(await m.prisma.complianceRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
      status: "pending",
      attempts: 2,
      lastError: expect.stringMatching(/voice service/),
    });
    expect(await requestsPage()).toEqual([
      expect.objectContaining({ topic: "customers/redact", status: "pending", attempts: 2, lastError: expect.any(String), completed: null }),
    ]);
    // The retry is still queued (pg-boss' retry state), not dropped.
    expect(await waitingJobs(boss, m.queue.QUEUES.compliance)).toHaveLength(1);

    // Vapi is back: the next retry completes.
    expect(await runComplianceJobs()).toBe(1);
    expect(await m.prisma.complianceRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
      status: "completed",
      attempts: 3,
      payload: null,
      completedAt: expect.any(Date),
    });
    expect(await rowsWithCustomer()).toBe(0);
    expect(await requestsPage()).toEqual([expect.objectContaining({ status: "completed", attempts: 3, lastError: null, completed: expect.any(String) })]);
  });

  it("gives up after the last attempt: failed, payload purged, shown as failed", async () => {
    await deliver(routes.customersRedact.action, "customers/redact", redactPayload(), "cr-give-up");
    const request = await m.prisma.complianceRequest.findFirstOrThrow();
    await m.prisma.complianceRequest.update({ where: { id: request.id }, data: { attempts: m.queue.COMPLIANCE_MAX_ATTEMPTS - 1 } });
    await seedCalls(shop);
    m.simulator.fail({ method: "DELETE", path: "/call", status: 503, times: 3 });
    await expect(compliance.runComplianceRequest({ requestId: request.id })).rejects.toThrow();
    expect(await m.prisma.complianceRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
      status: "failed",
      payload: null,
      lastError: expect.any(String),
    });
    expect(await requestsPage()).toEqual([expect.objectContaining({ status: "failed" })]);
  });

  it("customers/redact also finds calls by the orders in orders_to_redact and by the phone number written in any form", async () => {
    const base = { shopId: shop.id, status: "ended", direction: "inbound" as const, callerNumber: "+14155550777", calleeNumber: SHOP_NUMBER };
    const texts: Array<[string, string, boolean]> = [
      ["order", "Caller asked where order 1001 is", true],
      ["order-in-summary", "", true],
      ["other-order", "Caller asked about order 21001", false],
      ["phone-dashes", "Call me back on 415-555-0199 please", true],
      ["phone-spaced", "my number is (415) 555 0199", true],
      ["phone-intl", "reach me at +1 415 555 0199", true],
      ["other-phone", "my number is 415-555-0198", false],
      ["nothing", "Do you sell hats?", false],
    ];
    await m.prisma.callSession.createMany({
      data: texts.map(([id, transcript]) => ({
        ...base,
        vapiCallId: `${shop.id}-${id}`,
        transcript,
        summary: id === "order-in-summary" ? "About #1001" : null,
      })),
    });
    await deliver(
      routes.customersRedact.action,
      "customers/redact",
      { ...redactPayload(), customer: { id: 42, email: null, phone: "(415) 555-0199" } },
      "cr-orders",
    );
    await runComplianceJobs();
    for (const [id, , redacted] of texts) {
      const call = await m.prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: `${shop.id}-${id}` } });
      expect({ id, redacted: call.transcript === null }).toEqual({ id, redacted });
    }
  });

  it("customers/redact also covers the calls order lookup verified as them or for their orders, the check-in briefings and notes that repeat them, and their wrong verification answers; the data request reports them all", async () => {
    const other = await installShop("other-redact.myshopify.com");
    const base = { status: "ended", direction: "inbound" as const, calleeNumber: SHOP_NUMBER, transcript: "Where is my parcel?" };
    await m.prisma.callSession.createMany({
      data: [
        // Verified as the customer, calling from a number of their household.
        {
          ...base,
          shopId: shop.id,
          vapiCallId: `${shop.id}-verified`,
          callerNumber: "+14155550999",
          verifiedCustomerId: "gid://shopify/Customer/42",
          verifiedCustomerName: "Emma Johnson",
          verifiedOrderId: "gid://shopify/Order/7001",
          verifiedOrderName: "#1004",
        },
        // Verified for one of the orders to redact (a guest checkout: no customer).
        {
          ...base,
          shopId: shop.id,
          vapiCallId: `${shop.id}-order`,
          callerNumber: "+14155550998",
          verifiedOrderId: "gid://shopify/Order/5001",
          verifiedOrderName: "#1007",
        },
        // Another customer, verified for another order.
        {
          ...base,
          shopId: shop.id,
          vapiCallId: `${shop.id}-someone`,
          callerNumber: "+14155550997",
          verifiedCustomerId: "gid://shopify/Customer/43",
          verifiedOrderId: "gid://shopify/Order/5002",
        },
      ],
    });
    const job = await m.prisma.callJob.create({
      data: {
        shopId: shop.id,
        localDate: "2026-11-30",
        scheduledForUtc: new Date("2026-11-30T14:00:00Z"),
        status: "completed",
        briefing: "1 new message: Emma Johnson, call back on (415) 555-0199, about a refund.",
      },
    });
    const otherJob = await m.prisma.callJob.create({
      data: { shopId: shop.id, localDate: "2026-11-29", scheduledForUtc: new Date("2026-11-29T14:00:00Z"), status: "completed", briefing: "No new messages." },
    });
    await m.prisma.callJobNote.createMany({
      data: [
        { shopId: shop.id, callJobId: job.id, vapiCallId: "checkin-call", toolCallId: "n1", text: "Emma (emma.johnson@example.com) is waiting for a refund" },
        { shopId: shop.id, callJobId: job.id, vapiCallId: "checkin-call", toolCallId: "n2", text: "Restock the wool socks" },
      ],
    });
    await m.prisma.verificationFailure.createMany({
      data: [
        { shopId: shop.id, orderNumber: "1001", callerNumber: CUSTOMER_E164, vapiCallId: "guess" },
        { shopId: other.id, orderNumber: "1001", callerNumber: CUSTOMER_E164, vapiCallId: "guess-elsewhere" },
      ],
    });

    await deliver(routes.dataRequest.action, "customers/data_request", { ...dataRequestPayload(), orders_requested: [5001] }, "dr-everywhere");
    await runComplianceJobs();
    const [stored] = await m.prisma.complianceReport.findMany({ where: { shopId: shop.id } });
    const report = stored.report as {
      calls: Array<{ vapiCallId: string; verifiedAs: string | null }>;
      checkinBriefings: Array<{ briefing: string }>;
      checkinNotes: Array<{ text: string }>;
      wrongVerificationAnswers: Array<{ orderNumber: string }>;
    };
    expect(report.calls.map((call) => call.vapiCallId).sort()).toEqual([`${shop.id}-order`, `${shop.id}-verified`]);
    expect(report.calls.find((call) => call.vapiCallId === `${shop.id}-verified`)?.verifiedAs).toBe("Emma Johnson");
    expect(report.checkinBriefings.map((entry) => entry.briefing)).toEqual([job.briefing]);
    expect(report.checkinNotes.map((entry) => entry.text)).toEqual(["Emma (emma.johnson@example.com) is waiting for a refund"]);
    expect(report.wrongVerificationAnswers).toEqual([expect.objectContaining({ orderNumber: "1001" })]);

    await deliver(routes.customersRedact.action, "customers/redact", { ...redactPayload(), orders_to_redact: [5001] }, "cr-everywhere");
    await runComplianceJobs();
    for (const id of ["verified", "order"]) {
      expect(await m.prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: `${shop.id}-${id}` } })).toMatchObject({
        transcript: null,
        verifiedCustomerId: null,
        verifiedCustomerName: null,
        verifiedOrderId: null,
        verifiedOrderName: null,
      });
    }
    expect(await m.prisma.callSession.findUniqueOrThrow({ where: { vapiCallId: `${shop.id}-someone` } })).toMatchObject({
      transcript: "Where is my parcel?",
      verifiedCustomerId: "gid://shopify/Customer/43",
    });
    expect((await m.prisma.callJob.findUniqueOrThrow({ where: { id: job.id } })).briefing).toBe(
      "Removed: it repeated what a customer said, and that customer asked for their data to be erased.",
    );
    expect((await m.prisma.callJob.findUniqueOrThrow({ where: { id: otherJob.id } })).briefing).toBe("No new messages.");
    expect((await m.prisma.callJobNote.findMany({ where: { callJobId: job.id } })).map((note) => note.text)).toEqual(["Restock the wool socks"]);
    expect(await m.prisma.verificationFailure.findMany({ select: { shopId: true } })).toEqual([{ shopId: other.id }]);
  });

  it("shop/redact deletes the shop's calls at Vapi (one already gone counts as done), then the rows; the request stays completed", async () => {
    const { shop: provisioned } = await provisioning.provisionReceptionist(shop.id, { ...SETTINGS, preferredAreaCode: "415" }, loadProducts, {
      activation: { pollIntervalMs: 10 },
    });
    // No server messages: this test has no app listening, and Vapi would retry them under the assistant's backoff plan.
    const call = await m.vapiClient().calls.create({
      assistantId: provisioned.assistantId!,
      phoneNumberId: provisioned.phoneNumberId!,
      customer: { number: CUSTOMER_E164 },
      assistantOverrides: { serverMessages: [] },
    });
    const callId = "id" in call ? call.id : "";
    await m.simulator.waitForCall(callId);
    await m.prisma.callSession.create({ data: { shopId: shop.id, vapiCallId: callId, direction: "outbound", status: "ended" } });
    await seedCalls(shop); // ids the simulator never had: 404, done
    expect(m.simulator.state().calls.map((simCall) => simCall.id)).toContain(callId);

    await deliver(routes.shopRedact.action, "shop/redact", { shop_id: 1, shop_domain: TEST_SHOP }, "sr-vapi");
    await runComplianceJobs();

    expect(m.simulator.state().calls.map((simCall) => simCall.id)).not.toContain(callId);
    expect(await m.prisma.callSession.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await m.prisma.shop.count({ where: { domain: TEST_SHOP } })).toBe(0);
    expect(await m.prisma.complianceRequest.findMany({ where: { shopDomain: TEST_SHOP } })).toEqual([
      expect.objectContaining({ topic: "shop/redact", status: "completed", attempts: 1, payload: null }),
    ]);
  });
});
