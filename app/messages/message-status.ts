// A message's states and their labels: shared by the server and the inbox's browser code.
import type { MessageStatus } from "@prisma/client";

export const MESSAGE_STATUSES: readonly MessageStatus[] = ["new", "called_back", "resolved"];

export const STATUS_LABELS: Record<MessageStatus, string> = { new: "New", called_back: "Called back", resolved: "Resolved" };

export function statusFilter(value: string | null): MessageStatus | null {
  return MESSAGE_STATUSES.find((status) => status === value) ?? null;
}
