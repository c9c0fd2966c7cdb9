// HMAC turned on for a deployment whose receptionists were set up before it:
// their assistants carry no webhook credential yet, so Vapi cannot sign their
// messages. Those are taken on the shop's own secret alone, and only with a
// secret that went to Vapi without a credential, until the update the worker
// queues at start gives the assistant the credential; from then on its
// messages must be signed. Nothing is lost in between, and nothing unsigned
// is taken for a secret sent with the credential.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildShopFixtures } from "../sandbox/fixtures/demo-shop";
import { startShopifyAdminStandIn, type ShopifyAdminStandIn } from "../sandbox/shopify-admin/server";
import { startVapiSimulator, type VapiSimulator } from "../sandbox/vapi-simulator/server";
import { requestMark, requestsSince } from "../../tests/support/checkins";
import { runWaitingJobs, waitingJobs } from "../../tests/support/jobs";
import { appFetchRequest, callRoute, installShop, TEST_SHOP } from "../../tests/support/shopify";
import { TEST_VAPI_API_KEY } from "../../tests/support/test-env";
import { createHmacCredential, hmacHeaders, statusUpdate, vapiWebhookRequest, type CallRef } from "../../tests/support/vapi-messages";

const HMAC_SECRET = "hmac-secret-for-the-migration-0123456789";

let simulator: VapiSimulator;
let adminApi: ShopifyAdminStandIn;
let credentialId: string;
let prisma: typeof import("../db.server").default;
let queue: typeof import("../jobs/queue.server");
let knowledge: typeof import("../receptionist/knowledge-refresh.server");
let action: typeof import("./webhooks.vapi").action;

beforeAll(async () => {
  simulator = await startVapiSimulator({ apiKey: TEST_VAPI_API_KEY, activationDelayMs: 0 });
  credentialId = await createHmacCredential(simulator.url, TEST_VAPI_API_KEY, HMAC_SECRET);
  adminApi = await startShopifyAdminStandIn({
    shops: { [TEST_SHOP]: { accessToken: `shpat_${TEST_SHOP}`, fixtures: buildShopFixtures({ shop: { myshopifyDomain: TEST_SHOP } }) } },
  });
  // Read by env.server.ts at import.
  Object.assign(process.env, {
    VAPI_BASE_URL: simulator.url,
    SANDBOX_ADMIN_API_URL: adminApi.url,
    VAPI_WEBHOOK_HMAC_SECRET: HMAC_SECRET,
    VAPI_WEBHOOK_CREDENTIAL_ID: credentialId,
  });
  let provisionApi: typeof import("./api.vapi.provision");
  [{ default: prisma }, queue, knowledge, { action }, provisionApi] = await Promise.all([
    import("../db.server"),
    import("../jobs/queue.server"),
    import("../receptionist/knowledge-refresh.server"),
    import("./webhooks.vapi"),
    import("./api.vapi.provision"),
  ]);
  await installShop(TEST_SHOP);
  const provisioned = await callRoute(
    provisionApi.action,
    await appFetchRequest("/api/vapi/provision", { method: "POST", body: new URLSearchParams({ preferredAreaCode: "415", hoursOfOperation: "Mon-Fri 9-5" }) }),
  );
  expect(provisioned.status).toBe(200);
  // As a receptionist set up before HMAC was turned on: its secret went to Vapi without a credential.
  await prisma.vapiWebhookSecret.updateMany({ where: { shop: { domain: TEST_SHOP } }, data: { credentialId: null } });
});
afterAll(async () => {
  await queue.stopJobQueue();
  await simulator.close();
  await adminApi.close();
});

const shopRow = (domain = TEST_SHOP) => prisma.shop.findUniqueOrThrow({ where: { domain } });
/** The secret the shop's assistant carries at Vapi now. */
const assistantSecret = async () => {
  const { assistantId } = await shopRow();
  const assistant = simulator.state().assistants.find((candidate) => candidate.id === assistantId) as
    { server?: { headers?: Record<string, string> } } | undefined;
  return assistant!.server!.headers!["X-Vapi-Secret"];
};
const callOf = async (id: string): Promise<CallRef> => {
  const shop = await shopRow();
  return { id, assistantId: shop.assistantId!, phoneNumberId: shop.phoneNumberId! };
};
/** A status update as Vapi sends it: unsigned, signed, or with some other headers. */
const deliver = async (callId: string, secret: string, sign: "unsigned" | "signed" | Record<string, string>) => {
  const raw = JSON.stringify(statusUpdate(await callOf(callId), "ringing"));
  const headers = sign === "unsigned" ? {} : sign === "signed" ? hmacHeaders(raw, HMAC_SECRET) : sign;
  return (await callRoute(action, vapiWebhookRequest(raw, { secret, headers }))).status;
};
const stored = async (callId: string) => (await prisma.callSession.count({ where: { vapiCallId: callId } })) === 1;

describe("HMAC turned on after receptionists were set up", () => {
  it("their unsigned messages are taken until the queued update gives the assistant the credential; then only signed ones", async () => {
    const before = await assistantSecret();
    expect(await deliver("call-m1", before, "unsigned")).toBe(200);
    expect(await stored("call-m1")).toBe(true);
    // Half a signature, or a wrong one, is still checked and refused: no way around a signature by sending part of one.
    expect(await deliver("call-m2", before, { "x-vapi-timestamp": String(Date.now()) })).toBe(401);
    expect(await deliver("call-m2", before, { "x-vapi-signature": "0".repeat(64) })).toBe(401);
    expect(await deliver("call-m2", before, hmacHeaders("another body", HMAC_SECRET))).toBe(401);
    expect(await stored("call-m2")).toBe(false);

    // The worker's start: the shop's assistant is queued for an update, which carries the credential.
    const mark = requestMark(simulator);
    expect(await knowledge.scheduleCredentialUpdates()).toBe(1);
    const boss = await queue.jobQueue();
    expect(await waitingJobs(boss, queue.QUEUES.knowledge)).toMatchObject([{ data: { shopDomain: TEST_SHOP }, singletonKey: TEST_SHOP }]);
    expect(await runWaitingJobs(boss, queue.QUEUES.knowledge, knowledge.runKnowledgeRefresh)).toBe(1);
    const patches = requestsSince(simulator, mark, "PATCH", `/assistant/${(await shopRow()).assistantId}`);
    expect(patches).toHaveLength(1);
    expect(patches[0].body).toMatchObject({ server: { credentialId, headers: { "X-Vapi-Secret": expect.any(String) } } });
    // Done: a second start queues nothing.
    expect(await knowledge.scheduleCredentialUpdates()).toBe(0);
    // The secret sent without the credential now expires after the grace period, even if no call ever uses the new one.
    const unsignable = await prisma.vapiWebhookSecret.findMany({ where: { shop: { domain: TEST_SHOP }, kind: "assistant", credentialId: null } });
    expect(unsignable.length).toBeGreaterThan(0);
    for (const row of unsignable) expect(row.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
    for (const row of unsignable) expect(row.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 2 * 60 * 60_000);

    const after = await assistantSecret();
    expect(after).not.toBe(before);
    expect(await deliver("call-m3", after, "unsigned")).toBe(401);
    expect(await stored("call-m3")).toBe(false);
    expect(await deliver("call-m3", after, "signed")).toBe(200);
    expect(await stored("call-m3")).toBe(true);
    // A call that began before the update still carries the old secret, unsigned, for the grace period.
    expect(await deliver("call-m1", before, "unsigned")).toBe(200);
  });

  const hashOf = (secret: string) => createHash("sha256").update(secret, "utf8").digest("hex");

  it.each([
    ["an outbound call's secret sent without a credential", { kind: "call" as const, credentialId: null }, 200],
    ["an assistant secret sent with the credential", { kind: "assistant" as const, credentialId: "current" }, 401],
    ["an assistant secret sent with another credential", { kind: "assistant" as const, credentialId: "cred-retired" }, 401],
    ["an assistant secret from before credentials were recorded", { kind: "assistant" as const, credentialId: null, credentialKnown: false }, 401],
  ] as Array<[string, { kind: "call" | "assistant"; credentialId: string | null; credentialKnown?: boolean }, number]>)(
    "unsigned, with %s",
    async (what, row, status) => {
      const domain = `hmac-${hashOf(what).slice(0, 8)}.myshopify.com`;
      const shop = await installShop(domain, {
        assistantId: `asst-${domain}`,
        phoneNumberId: `pn-${domain}`,
        phoneNumber: "+14155550177",
        receptionistStatus: "active",
        provisionedAt: new Date(Date.now() - 60_000),
      });
      const secret = `secret-of-${domain}`;
      await prisma.vapiWebhookSecret.create({
        data: {
          shopId: shop.id,
          secretHash: hashOf(secret),
          kind: row.kind,
          credentialId: row.credentialId === "current" ? credentialId : row.credentialId,
          credentialKnown: row.credentialKnown ?? true,
          expiresAt: row.kind === "call" ? new Date(Date.now() + 3_600_000) : null,
        },
      });
      const callId = `call-${domain}`;
      const raw = JSON.stringify(statusUpdate({ id: callId, assistantId: shop.assistantId!, phoneNumberId: shop.phoneNumberId! }, "ringing"));
      expect((await callRoute(action, vapiWebhookRequest(raw, { secret }))).status).toBe(status);
      expect(await stored(callId)).toBe(status === 200);
      // Signed, it is taken whatever the secret was sent with.
      expect((await callRoute(action, vapiWebhookRequest(raw, { secret, headers: hmacHeaders(raw, HMAC_SECRET) }))).status).toBe(200);
      expect(await stored(callId)).toBe(true);
    },
  );

  it("the start-up update is queued for each receptionist whose newest secret was not sent with the credential, and for no other shop", async () => {
    await prisma.$executeRaw`DELETE FROM pgboss.job WHERE name = ${queue.QUEUES.knowledge}`;
    const withSecret = async (domain: string, fields: { credentialId: string | null; credentialKnown?: boolean } | null, shopFields = {}) => {
      const shop = await installShop(domain, { assistantId: `asst-${domain}`, phoneNumberId: `pn-${domain}`, receptionistStatus: "active", ...shopFields });
      if (fields) await prisma.vapiWebhookSecret.create({ data: { shopId: shop.id, kind: "assistant", secretHash: hashOf(domain), ...fields } });
      // An older secret does not count: only the newest is what the assistant carries.
      if (fields?.credentialId === credentialId) {
        await prisma.vapiWebhookSecret.create({
          data: { shopId: shop.id, kind: "assistant", secretHash: hashOf(`${domain}-old`), credentialId: null, createdAt: new Date(Date.now() - 86_400_000) },
        });
      }
    };
    await withSecret("cred-none.myshopify.com", { credentialId: null });
    await withSecret("cred-unknown.myshopify.com", { credentialId: null, credentialKnown: false });
    await withSecret("cred-retired.myshopify.com", { credentialId: "cred-retired" });
    await withSecret("cred-no-secret.myshopify.com", null);
    await withSecret("cred-current.myshopify.com", { credentialId });
    await withSecret("cred-uninstalled.myshopify.com", { credentialId: null }, { uninstalledAt: new Date() });
    await withSecret("cred-removed.myshopify.com", { credentialId: null }, { receptionistStatus: "not_provisioned" });

    const queued = await knowledge.scheduleCredentialUpdates();
    const domains = (await waitingJobs<{ shopDomain: string }>(await queue.jobQueue(), queue.QUEUES.knowledge)).map((job) => job.data.shopDomain);
    // (The shops of the tests above are receptionists too: those whose newest secret lacks the credential are queued.)
    expect(queued).toBe(domains.length);
    expect(new Set(domains.filter((domain) => domain.startsWith("cred-")))).toEqual(
      new Set(["cred-none.myshopify.com", "cred-unknown.myshopify.com", "cred-retired.myshopify.com", "cred-no-secret.myshopify.com"]),
    );
    expect(domains).not.toContain(TEST_SHOP);
  });
});
