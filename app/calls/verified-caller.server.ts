// Who order_lookup verified on a call (the caller gave an email or postal
// code that matched the order): the order and its customer, as Shopify
// identifies and names them, written on the call record so the call page
// can name the caller and link to both in the Shopify admin.
import type { Shop } from "@prisma/client";
import { z } from "zod";
import { optionalText } from "../vapi/storable";
import { noteOnCallRecord } from "./call-records.server";

// Shopify's answer is still outside input: only Shopify gids are kept, and the name made storable.
const gid = (type: string) =>
  z.unknown().transform((value) => (typeof value === "string" && new RegExp(`^gid://shopify/${type}/\\d{1,20}$`).test(value) ? value : null));
const VerifiedOrder = z.object({
  id: gid("Order"),
  name: optionalText(40).transform((value) => value ?? null),
  customer: z
    .object({ id: gid("Customer"), displayName: optionalText(200).transform((value) => value ?? null) })
    .nullish()
    .transform((value) => value ?? null),
});

export async function recordVerifiedCaller(shop: Pick<Shop, "id">, callId: string, callerNumber: string | null, order: unknown): Promise<void> {
  const parsed = VerifiedOrder.safeParse(order);
  if (!parsed.success) return;
  const { id, name, customer } = parsed.data;
  await noteOnCallRecord(shop, callId, callerNumber, {
    verifiedOrderId: id,
    verifiedOrderName: name,
    verifiedCustomerId: customer?.id ?? null,
    verifiedCustomerName: customer?.displayName ?? null,
  });
}
