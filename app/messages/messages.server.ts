// Messages callers leave with the receptionist (take_message): written once
// per tool call, linked to the call's record, and moved through
// new -> called back -> resolved by the merchant. This module owns the
// Message table's writes and state transitions; every query is keyed by the
// shop.
import { Prisma, type Message, type MessageStatus, type Shop } from "@prisma/client";
import prisma from "../db.server";

export interface MessageDraft {
  callerName: string;
  /** E.164. */
  callbackNumber: string;
  reason: string;
  orderNumber: string | null;
}

export interface MessageOrigin {
  vapiCallId: string;
  toolCallId: string;
  /** Caller ID, for the call record when the tool call comes before any status update. */
  callerNumber: string | null;
}

export type RecordMessageOutcome = { outcome: "created" | "duplicate"; message: Message } | { outcome: "foreign" };

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * Stores the message once per (call, tool call): a duplicate delivery of the
 * same tool call finds the row and changes nothing. The call's record is
 * created when no status update has arrived yet; a call id another shop
 * holds is refused, nothing written. Two copies arriving at the same instant
 * collide on a unique key and the loser re-reads.
 */
export async function recordMessage(shop: Pick<Shop, "id" | "phoneNumber">, origin: MessageOrigin, draft: MessageDraft): Promise<RecordMessageOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(async (tx) => {
        const call =
          (await tx.callSession.findUnique({ where: { vapiCallId: origin.vapiCallId } })) ??
          (await tx.callSession.create({
            data: {
              shopId: shop.id,
              vapiCallId: origin.vapiCallId,
              direction: "inbound",
              status: "queued",
              callerNumber: origin.callerNumber,
              calleeNumber: shop.phoneNumber,
            },
          }));
        if (call.shopId !== shop.id) return { outcome: "foreign" } as const;
        const key = { callSessionId_toolCallId: { callSessionId: call.id, toolCallId: origin.toolCallId } };
        const existing = await tx.message.findUnique({ where: key });
        if (existing) return { outcome: "duplicate", message: existing } as const;
        const message = await tx.message.create({ data: { shopId: shop.id, callSessionId: call.id, toolCallId: origin.toolCallId, ...draft } });
        return { outcome: "created", message } as const;
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}

/** One click in the inbox. Refuses (false) another shop's message or an unknown id. */
export async function setMessageStatus(shopId: string, messageId: string, status: MessageStatus, now = new Date()): Promise<boolean> {
  const { count } = await prisma.message.updateMany({ where: { id: messageId, shopId }, data: { status, statusChangedAt: now } });
  return count === 1;
}

export function newMessageCount(shopId: string): Promise<number> {
  return prisma.message.count({ where: { shopId, status: "new" } });
}

/** For the navigation, which knows the session's shop domain only. */
export function newMessageCountForDomain(domain: string): Promise<number> {
  return prisma.message.count({ where: { shop: { domain }, status: "new" } });
}

export type MessageWithCall = Message & { callSession: { id: string; startedAt: Date | null; createdAt: Date } };

export const MESSAGES_PAGE_SIZE = 50;

export interface MessagesPage {
  messages: MessageWithCall[];
  total: number;
  /** 1-based; a page past the last is the last. */
  page: number;
  pages: number;
}

/** One page of the shop's messages in a state (null: all), newest first; ties in order of id, so no page repeats or skips one. */
export async function listMessages(shopId: string, status: MessageStatus | null, page = 1): Promise<MessagesPage> {
  const where = { shopId, ...(status ? { status } : {}) };
  const total = await prisma.message.count({ where });
  const pages = Math.max(1, Math.ceil(total / MESSAGES_PAGE_SIZE));
  const shown = Math.min(Math.max(1, page), pages);
  const messages = await prisma.message.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (shown - 1) * MESSAGES_PAGE_SIZE,
    take: MESSAGES_PAGE_SIZE,
    include: { callSession: { select: { id: true, startedAt: true, createdAt: true } } },
  });
  return { messages, total, page: shown, pages };
}

/** The messages left since an instant, oldest first: what the check-in briefing reads out. */
export function messagesSince(shopId: string, since: Date): Promise<Message[]> {
  return prisma.message.findMany({ where: { shopId, createdAt: { gte: since } }, orderBy: { createdAt: "asc" } });
}

/** The messages a customer left or that are about them: on their calls, with their number to call back, or naming their email. */
function customerMessagesWhere(shopId: string, callSessionIds: readonly string[], phone: string | null, email: string | null): Prisma.MessageWhereInput | null {
  const matches: Prisma.MessageWhereInput[] = [
    ...(callSessionIds.length > 0 ? [{ callSessionId: { in: [...callSessionIds] } }] : []),
    ...(phone ? [{ callbackNumber: phone }] : []),
    ...(email ? [{ reason: { contains: email, mode: "insensitive" as const } }] : []),
  ];
  return matches.length > 0 ? { shopId, OR: matches } : null;
}

export async function customerMessages(shopId: string, callSessionIds: readonly string[], phone: string | null, email: string | null): Promise<Message[]> {
  const where = customerMessagesWhere(shopId, callSessionIds, phone, email);
  return where ? prisma.message.findMany({ where, orderBy: { createdAt: "asc" } }) : [];
}

/** customers/redact: the customer's messages are erased, not anonymised (a message is nothing but personal data). */
export async function eraseCustomerMessages(shopId: string, callSessionIds: readonly string[], phone: string | null, email: string | null): Promise<number> {
  const where = customerMessagesWhere(shopId, callSessionIds, phone, email);
  if (!where) return 0;
  const { count } = await prisma.message.deleteMany({ where });
  return count;
}
