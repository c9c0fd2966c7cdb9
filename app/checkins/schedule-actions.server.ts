// What the schedule page's action does for each intent (save, calls on/off,
// delete, cancel a call, call now), as a status and a body for the page.
// Scoped by the authenticated shop: another shop's schedule is not found.
import type { Shop } from "@prisma/client";
import { logger, newCorrelationId, withCorrelationId } from "../observability/logger.server";
import { IdSchema } from "./checkins-view.server";
import { callNow, cancelJob } from "./job-control.server";
import { checkinFormValues, type CheckinErrors } from "./settings-input";
import { deleteSchedule, saveSchedule, toggleSchedule } from "./settings.server";

export const SCHEDULE_INTENTS = ["save", "toggle", "delete", "cancel-job", "call-now"] as const;
export type ScheduleIntent = (typeof SCHEDULE_INTENTS)[number];

export type ScheduleActionResult =
  | { ok: true; intent: ScheduleIntent; scheduleId?: string; active?: boolean }
  | { ok: false; intent: ScheduleIntent | "unknown"; message: string; fields?: CheckinErrors; active?: boolean };

export interface ActionReply {
  status: number;
  body: ScheduleActionResult;
}

const NOT_FOUND: ActionReply = { status: 404, body: { ok: false, intent: "unknown", message: "This check-in schedule does not exist." } };

function isIntent(value: unknown): value is ScheduleIntent {
  return typeof value === "string" && (SCHEDULE_INTENTS as readonly string[]).includes(value);
}

/** scheduleId null: the page of a new schedule (only "save" applies). */
export function runScheduleIntent(shop: Pick<Shop, "id" | "domain">, scheduleId: string | null, form: FormData): Promise<ActionReply> {
  return withCorrelationId(newCorrelationId(), async (): Promise<ActionReply> => {
    const intent = form.get("intent");
    if (!isIntent(intent)) return { status: 400, body: { ok: false, intent: "unknown", message: "Unknown action." } } satisfies ActionReply;
    try {
      return await run(shop, scheduleId, intent, form);
    } catch (error) {
      logger.error(`Check-in ${intent} failed`, { shop: shop.domain, error });
      return { status: 500, body: { ok: false, intent, message: "Something went wrong. Please try again." } } satisfies ActionReply;
    }
  });
}

async function run(shop: Pick<Shop, "id" | "domain">, scheduleId: string | null, intent: ScheduleIntent, form: FormData): Promise<ActionReply> {
  // An id no row can have (a NUL, a lone surrogate, 10 KB) is not found, before any query.
  if (scheduleId !== null && !IdSchema.safeParse(scheduleId).success) return NOT_FOUND;
  if (intent === "save") {
    const saved = await saveSchedule(shop.id, scheduleId, checkinFormValues(form));
    if (!saved.ok) {
      if ("notFound" in saved) return NOT_FOUND;
      // No field is wrong: the schedule changed elsewhere meanwhile (409), and the message says what to do.
      const fields = Object.keys(saved.errors).length > 0 ? saved.errors : undefined;
      return { status: fields ? 400 : 409, body: { ok: false, intent, message: saved.message, fields } };
    }
    logger.info("Check-in schedule saved", { shop: shop.domain, scheduleId: saved.settings.id, active: saved.settings.active });
    return { status: 200, body: { ok: true, intent, scheduleId: saved.settings.id } };
  }
  if (scheduleId === null) return NOT_FOUND;
  const jobId = String(form.get("jobId") ?? "");
  if ((intent === "cancel-job" || intent === "call-now") && !IdSchema.safeParse(jobId).success) {
    return { status: 404, body: { ok: false, intent, message: "This call does not exist." } };
  }
  switch (intent) {
    case "toggle": {
      const toggled = await toggleSchedule(shop.id, scheduleId, form.get("active") === "true");
      if (!toggled.ok && toggled.notFound) return NOT_FOUND;
      return toggled.ok
        ? { status: 200, body: { ok: true, intent, active: toggled.settings.active } }
        : { status: 400, body: { ok: false, intent, message: toggled.message } };
    }
    case "delete": {
      const outcome = await deleteSchedule(shop.id, scheduleId);
      if (outcome === "not-found") return NOT_FOUND;
      if (outcome === "deleted") return { status: 200, body: { ok: true, intent } };
      const message =
        "Calls are paused, but the schedule was not deleted: a call already sent to the voice service could not be withdrawn or confirmed yet, and may still ring. Try deleting again in a minute.";
      return { status: 503, body: { ok: false, intent, message, active: false } };
    }
    case "cancel-job": {
      const canceled = await cancelJob(shop.id, jobId);
      if (canceled === "canceled") return { status: 200, body: { ok: true, intent } };
      const started = canceled === "already-started";
      const message = started ? "This call has already started, so it cannot be canceled." : "This call is no longer pending, so it cannot be canceled.";
      return { status: started ? 409 : 404, body: { ok: false, intent, message } };
    }
    case "call-now": {
      const outcome = await callNow(shop.id, jobId);
      if (outcome === "queued") return { status: 200, body: { ok: true, intent } };
      const message =
        outcome === "paused" ? "Calls are paused: turn calls on to place this call." : "This call is not failed or missed (it may be placing already).";
      return { status: 409, body: { ok: false, intent, message } };
    }
  }
}
