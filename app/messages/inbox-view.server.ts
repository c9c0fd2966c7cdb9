// The Messages inbox's view model: each message with its caller, a number to
// dial (tel:), its call, and the state it is in; filtered by state, a page at a time.
import type { MessageStatus, Shop } from "@prisma/client";
import { formatInstant } from "../formatting/time";
import { formatPhone, storeCountry } from "../formatting/phone";
import { STATUS_LABELS } from "./message-status";
import { listMessages, newMessageCount } from "./messages.server";

export async function inboxView(shop: Shop, status: MessageStatus | null, page = 1) {
  const country = storeCountry(shop);
  const [{ messages, total, page: shown, pages }, newCount] = await Promise.all([listMessages(shop.id, status, page), newMessageCount(shop.id)]);
  return {
    filter: status,
    newCount,
    total,
    page: shown,
    pages,
    messages: messages.map((message) => ({
      id: message.id,
      callerName: message.callerName,
      callback: formatPhone(message.callbackNumber, country),
      reason: message.reason,
      orderNumber: message.orderNumber,
      status: message.status,
      statusLabel: STATUS_LABELS[message.status],
      left: formatInstant(message.createdAt, shop.timezone),
      callId: message.callSession.id,
    })),
  };
}
