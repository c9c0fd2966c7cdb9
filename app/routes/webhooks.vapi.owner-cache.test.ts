// The webhook's shop resolution is cached (app/vapi/call-owner.server.ts),
// but a webhook for an assistant or number the shop no longer owns is
// refused at once: after the receptionist is removed, set up again, or the
// shop uninstalled, whether through this instance's code or by another
// instance (a change made straight in the database), and for every message
// kind. Real provisioning against the Vapi simulator.
import type { Shop } from "@prisma/client";
import { beforeAll, describe, expect, it } from "vitest";
import { callRoute, installShop } from "../../tests/support/shopify";
import { useProvisioningHarness } from "../../tests/support/receptionist";
import { endOfCallReport, statusUpdate, toolCalls, vapiWebhookRequest, type CallRef } from "../../tests/support/vapi-messages";

const harness = useProvisioningHarness();
let action: typeof import("./webhooks.vapi").action;

beforeAll(async () => {
  ({ action } = await import("./webhooks.vapi"));
});

/** The secret Vapi would send back: the one the app put on the assistant it created. */
function assistantSecret(assistantId: string): string {
  const assistant = harness.simulator.state().assistants.find((candidate) => candidate.id === assistantId);
  const secret = (assistant?.server as { headers?: Record<string, string> } | undefined)?.headers?.["X-Vapi-Secret"];
  if (!secret) throw new Error(`the simulator holds no secret for ${assistantId}`);
  return secret;
}

async function provisioned(domain: string): Promise<{ shop: Shop; ref: (id: string) => CallRef; secret: string }> {
  const installed = await installShop(domain);
  const { shop } = await harness.provision(installed);
  // Call ids are unique across shops: each test's shop has its own.
  const ref = (id: string): CallRef => ({ id: `${domain}-${id}`, assistantId: shop.assistantId!, phoneNumberId: shop.phoneNumberId! });
  return { shop, ref, secret: assistantSecret(shop.assistantId!) };
}

const post = (body: unknown, secret: string) => callRoute(action, vapiWebhookRequest(body, { secret }));

const messages = {
  "status-update": (ref: CallRef) => statusUpdate(ref, "in-progress"),
  "end-of-call-report": (ref: CallRef) => endOfCallReport(ref),
  "tool-calls": (ref: CallRef) => toolCalls(ref, [{ id: "tc-1", type: "function", function: { name: "product_search", arguments: { query: "shirt" } } }]),
};

const changes: Array<[string, (shop: Shop) => Promise<unknown>]> = [
  ["the receptionist is removed", (shop) => harness.provisioning.removeReceptionist(shop.id)],
  ["the shop is uninstalled", async (shop) => (await import("../shops/uninstall.server")).shutDownShop(shop.domain)],
  // Another instance's change: nothing in this process is told.
  ["another instance marks the shop uninstalled", (shop) => harness.prisma.shop.update({ where: { id: shop.id }, data: { uninstalledAt: new Date() } })],
  [
    "another instance removes the receptionist",
    (shop) => harness.prisma.shop.update({ where: { id: shop.id }, data: { assistantId: null, phoneNumberId: null, receptionistStatus: "not_provisioned" } }),
  ],
];

describe.each(Object.entries(messages))("%s", (kind, message) => {
  it.each(changes)(`is refused at once when %s, though the shop was cached a moment before`, async (change, apply) => {
    const domain = `${kind}-${change.replace(/\W+/g, "-")}.myshopify.com`.slice(0, 60);
    const { shop, ref, secret } = await provisioned(domain);
    // Cached: a first message is served.
    const first = await post(statusUpdate(ref("call-cached"), "ringing"), secret);
    expect(first.status).toBe(200);

    await apply(shop);
    const refused = await post(message(ref("call-after")), secret);
    expect(refused.status).toBe(401);
    expect(await harness.prisma.callSession.count({ where: { vapiCallId: ref("call-after").id } })).toBe(0);
    expect(await harness.prisma.webhookDelivery.count({ where: { deliveryKey: { contains: "call-after" } } })).toBe(0);
  });
});

it("after the receptionist is set up again, the released assistant is refused and the new one served", async () => {
  const { shop, ref: oldRef, secret: oldSecret } = await provisioned("reprovisioned.myshopify.com");
  expect((await post(statusUpdate(oldRef("call-old-1"), "ringing"), oldSecret)).status).toBe(200);

  await harness.provisioning.removeReceptionist(shop.id);
  const again = await harness.provision(await harness.prisma.shop.findUniqueOrThrow({ where: { id: shop.id } }));
  expect(again.shop.assistantId).not.toBe(shop.assistantId);
  const newSecret = assistantSecret(again.shop.assistantId!);

  for (const secret of [oldSecret, newSecret]) expect((await post(statusUpdate(oldRef("call-old-2"), "ringing"), secret)).status).toBe(401);
  const newRef: CallRef = { id: "call-new", assistantId: again.shop.assistantId!, phoneNumberId: again.shop.phoneNumberId! };
  const served = await post(statusUpdate(newRef, "in-progress"), newSecret);
  expect(served.status).toBe(200);
  expect(await served.json()).toMatchObject({ outcome: "applied" });
  expect(await harness.prisma.callSession.count({ where: { vapiCallId: oldRef("call-old-2").id } })).toBe(0);
});

it("a secret issued after the shop was cached (a new outbound call's) is accepted at once", async () => {
  const { shop, ref, secret } = await provisioned("new-secret.myshopify.com");
  expect((await post(statusUpdate(ref("call-a"), "ringing"), secret)).status).toBe(200);
  const { outboundCallServer } = await import("../vapi/webhook-secrets.server");
  const server = await outboundCallServer(shop);
  const callSecret = (server.headers as Record<string, string>)["X-Vapi-Secret"];
  expect((await post(statusUpdate(ref("call-b"), "ringing"), callSecret)).status).toBe(200);
});
