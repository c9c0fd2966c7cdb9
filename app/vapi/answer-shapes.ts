// What the app reads of Vapi's answers, checked before it is used or saved:
// a 201 without an id, or a list entry without one, must not become a
// receptionist shown as set up, or a call record keyed by nothing.
import { z } from "zod";
import { logger } from "../observability/logger.server";
import { AppError } from "./errors";

/** Every Vapi resource the app keeps: an id it can save and a creation time it can order by. */
export const resourceShape = z.object({
  id: z.string().min(1).max(200),
  createdAt: z.string().refine((value) => Number.isFinite(Date.parse(value)), "not a date"),
});

function unusableAnswer(operation: string): AppError {
  return new AppError("VAPI_BAD_RESPONSE", `The voice service's answer to "${operation}" was not one the app can use. Please try again in a few minutes.`);
}

/** What the log says of an answer: its shape, never its content (it may hold callers' numbers). */
function answerOutline(answer: unknown): string {
  if (Array.isArray(answer)) return `an array of ${answer.length}`;
  if (answer && typeof answer === "object") return `an object with keys ${Object.keys(answer).slice(0, 20).join(", ") || "(none)"}`;
  return typeof answer;
}

/** The answer, once it has the shape the app relies on; else VAPI_BAD_RESPONSE. */
export function checkedAnswer<T>(operation: string, answer: T, shape: z.ZodType): T {
  if (shape.safeParse(answer).success) return answer;
  logger.error(`Vapi ${operation}: the answer does not have the expected shape`, { answer: answerOutline(answer) });
  throw unusableAnswer(operation);
}

/** The entries of a list that have the shape the app relies on; the others are logged and left out. */
export function wellFormedEntries<T>(operation: string, answer: T[], shape: z.ZodType): T[] {
  if (!Array.isArray(answer)) {
    logger.error(`Vapi ${operation}: the answer is not a list`, { answer: answerOutline(answer) });
    throw unusableAnswer(operation);
  }
  const entries = answer.filter((entry) => shape.safeParse(entry).success);
  if (entries.length < answer.length) logger.error(`Vapi ${operation}: ${answer.length - entries.length} entries without the expected shape, left out`);
  return entries;
}
