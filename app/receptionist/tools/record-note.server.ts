// record_note: what the person on a check-in call asks the team to do or
// remember, stored as a note on that call's job. Answered only on an
// outbound call whose job (found by the call's id in this shop, or by the
// job id its metadata carries while the dispatcher has not saved the call
// id yet) is a check-in of this shop; a redelivered tool call stores nothing
// twice (one row per job and tool call id).
import { Prisma } from "@prisma/client";
import { z } from "zod";
import prisma from "../../db.server";
import { logger } from "../../observability/logger.server";
import { MAX_NOTE_LENGTH } from "../../checkins/checkin-assistant";
import { text } from "../../vapi/storable";
import type { ToolContext } from "./answer-tool-calls.server";

const NoteArgs = z.object({ note: text(MAX_NOTE_LENGTH).pipe(z.string().trim().min(1)) });

export const NOT_A_CHECKIN = "Notes can only be taken on the store's check-in calls. Help without this tool.";
export const NOTE_MISSING = "Nothing was noted: ask what they want noted, then call record_note with it in the note field.";

async function checkinJobOf(context: ToolContext) {
  const byCall = await prisma.callJob.findFirst({ where: { shopId: context.shop.id, vapiCallId: context.callId }, select: { id: true } });
  if (byCall || !context.callJobId) return byCall;
  return prisma.callJob.findFirst({ where: { id: context.callJobId, shopId: context.shop.id, vapiCallId: null, status: "scheduled" }, select: { id: true } });
}

export async function recordNote(args: Record<string, unknown>, context: ToolContext): Promise<string> {
  if (!context.outbound) return NOT_A_CHECKIN;
  const job = await checkinJobOf(context);
  if (!job) {
    logger.warn("record_note refused: the call is not a check-in of this shop", { shop: context.shop.domain, callId: context.callId });
    return NOT_A_CHECKIN;
  }
  const parsed = NoteArgs.safeParse(args);
  if (!parsed.success) return NOTE_MISSING;
  try {
    await prisma.callJobNote.create({
      data: {
        shopId: context.shop.id,
        callJobId: job.id,
        vapiCallId: context.callId,
        toolCallId: context.toolCallId,
        text: parsed.data.note,
      },
    });
  } catch (error) {
    // The same tool call delivered again: it is noted already.
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
  }
  return "Noted for the team. Confirm it in a few words and ask if there is anything else.";
}
