import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import prisma from "../db.server";
import { env } from "../env.server";
import { demoCustomerCall } from "../sandbox/customer-call";
import { DEMO_SHOP_DOMAIN } from "../sandbox/fixtures/demo-shop";
import { SANDBOX_ADMIN_PATH } from "../sandbox/paths";
import { requireSandboxMode } from "../sandbox/sandbox-mode.server";

// Asks the Vapi simulator for a customer call to the demo shop's number and
// waits until its end-of-call report reached the app, then shows the calls.
export const action = async (_args: ActionFunctionArgs) => {
  requireSandboxMode();
  const shop = await prisma.shop.findUnique({ where: { domain: DEMO_SHOP_DOMAIN } });
  if (!shop?.phoneNumberId) {
    return new Response("Set up the AI receptionist first: the simulated customer needs its number to call.", { status: 409 });
  }
  const response = await fetch(new URL("/__sim/inbound-call", env.VAPI_BASE_URL), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(demoCustomerCall(shop.phoneNumberId)),
  });
  if (!response.ok) return new Response(`The Vapi simulator refused the call: ${await response.text()}`, { status: 502 });
  return redirect(`${SANDBOX_ADMIN_PATH}?path=/app/calls`);
};
