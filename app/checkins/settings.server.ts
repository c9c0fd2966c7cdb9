// A shop's check-in schedules (one per person) and what they produced: jobs,
// their notes and statistics, and the calls placed. Every function takes the
// authenticated shop's id and touches only that shop's rows: a schedule id
// of another shop is "not found". Changes to a schedule hand over to
// job-control, which cancels and replans its jobs.
import type { CallJob, CallJobStatus, CallSession, CallSettings } from "@prisma/client";
import prisma from "../db.server";
import { logger } from "../observability/logger.server";
import { cancelScheduleJobs, ConsentMissingError, onScheduleChanged } from "./job-control.server";
import { callRule, whyUnplannable } from "./planner.server";
import { nextCalls, type NextCall } from "./next-calls";
import { localDateOf } from "./schedule";
import { parseCheckinSettings, type CheckinErrors } from "./settings-input";

export { JOB_STATUSES } from "../dashboard/figures.server";

export type SaveResult = { ok: true; settings: CallSettings } | { ok: false; errors: CheckinErrors; message: string } | { ok: false; notFound: true };

/** The shop's schedules, oldest first (the first one is the shop's original schedule). */
export function listSchedules(shopId: string): Promise<CallSettings[]> {
  return prisma.callSettings.findMany({ where: { shopId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** One of the shop's schedules; null for an unknown id or another shop's. */
export function getSchedule(shopId: string, scheduleId: string): Promise<CallSettings | null> {
  return prisma.callSettings.findFirst({ where: { id: scheduleId, shopId } });
}

/**
 * Validates the submitted form values and creates a schedule (scheduleId
 * null) or replaces one of the shop's; on a validation error nothing is
 * written. Consent belongs to a number: it keeps its date while the number
 * stays, and a new number (or a new confirmation after it was withdrawn) is
 * consented now. A save that changes nothing writes nothing and touches no
 * job; one that changes only the person, the number, the voice or the
 * briefing touches no job either (the dispatcher reads them when it calls).
 */
export async function saveSchedule(shopId: string, scheduleId: string | null, raw: Record<string, unknown>, now = new Date()): Promise<SaveResult> {
  const parsed = parseCheckinSettings(raw);
  if (scheduleId === null) {
    if (!parsed.ok) return parsed;
    const { consent, ...input } = parsed.settings;
    // Due at once: if replanning fails below (the database or the job queue
    // gone for a moment), the planner's next tick plans it.
    const created = await prisma.callSettings.create({ data: { shopId, ...input, consentAt: consent ? now : null, nextPlanAt: now } });
    try {
      return { ok: true, settings: await onScheduleChanged(created.id, now) };
    } catch (error) {
      // The schedule is saved and the tick plans it: said so, so the merchant does not save it again as a second one.
      logger.error("A new check-in schedule was saved but not planned yet; the planner's next tick plans it", { shopId, scheduleId: created.id, error });
      return { ok: true, settings: created };
    }
  }
  for (let tries = 0; tries < MAX_SAVE_TRIES; tries++) {
    const existing = await getSchedule(shopId, scheduleId);
    if (!existing) return { ok: false, notFound: true };
    if (!parsed.ok) return parsed;
    const stale = staleOnOff(existing, parsed.settings.active, raw.activeSeen);
    if (stale) return stale;
    const { consent, ...input } = parsed.settings;
    const keptConsent = existing.phoneE164 === input.phoneE164 ? existing.consentAt : null;
    const data = { ...input, consentAt: consent ? (keptConsent ?? now) : null };
    // A change of the rule or the on/off state replans (and wins over one saved meanwhile).
    if (changesPlan(existing, data)) return { ok: true, settings: await onScheduleChanged(existing.id, now, data) };
    if (!changesAnything(existing, data)) return { ok: true, settings: existing };
    // Nothing moves, so no job is touched: only if the schedule is still the
    // version compared. One saved meanwhile (another tab changed the time) is
    // compared again, so a stale form never writes an old rule back unplanned.
    const { count } = await prisma.callSettings.updateMany({ where: { id: existing.id, shopId, updatedAt: existing.updatedAt }, data });
    if (count === 1) return { ok: true, settings: (await getSchedule(shopId, scheduleId)) ?? existing };
  }
  return { ok: false, errors: {}, message: "This schedule is being changed elsewhere right now. Reload the page and save again." };
}

/**
 * A form opened before calls were paused or turned on elsewhere (another tab, another staff member) still holds
 * the old on/off value: saving it as it is would undo that choice without the merchant making it. The form sends
 * the value it was opened with (`activeSeen`); a save that keeps it, while the schedule has since changed, is
 * refused with what to do. A change of on/off made in this form is the merchant's own and goes through.
 */
function staleOnOff(existing: CallSettings, active: boolean, activeSeen: unknown): SaveResult | null {
  if (activeSeen !== "true" && activeSeen !== "false") return null;
  const seen = activeSeen === "true";
  if (existing.active === seen || active !== seen) return null;
  return {
    ok: false,
    errors: {},
    message: `Calls were ${existing.active ? "turned on" : "paused"} elsewhere after this page was opened, so saving it as it is would ${existing.active ? "pause them" : "turn them on"} again. Reload the page to see the schedule as it is now, then save your changes.`,
  };
}

/** How often a save compares again with a schedule changed meanwhile before it asks the merchant to reload. */
const MAX_SAVE_TRIES = 3;

type SettingsData = Pick<
  CallSettings,
  "name" | "phoneE164" | "timezone" | "timeOfDay" | "cadence" | "daysOfWeek" | "active" | "voiceId" | "consentAt" | "briefingParts"
>;

/** Whether the change moves any call: the rule or the on/off state. */
function changesPlan(existing: CallSettings, data: SettingsData): boolean {
  return (
    existing.active !== data.active ||
    existing.timezone !== data.timezone ||
    existing.timeOfDay !== data.timeOfDay ||
    existing.cadence !== data.cadence ||
    existing.daysOfWeek.join(",") !== data.daysOfWeek.join(",")
  );
}

function changesAnything(existing: CallSettings, data: SettingsData): boolean {
  return (
    changesPlan(existing, data) ||
    existing.name !== data.name ||
    existing.briefingParts.join(",") !== data.briefingParts.join(",") ||
    existing.phoneE164 !== data.phoneE164 ||
    existing.voiceId !== data.voiceId ||
    existing.consentAt?.getTime() !== data.consentAt?.getTime()
  );
}

export type ToggleResult = { ok: true; settings: CallSettings } | { ok: false; message: string; notFound?: true };

/** Turns the schedule's calls on or off; on only with the consent on record. Asking for the current state changes nothing. */
export async function toggleSchedule(shopId: string, scheduleId: string, active: boolean, now = new Date()): Promise<ToggleResult> {
  const existing = await getSchedule(shopId, scheduleId);
  if (!existing) return { ok: false, message: "Save a schedule first.", notFound: true };
  if (active && !existing.consentAt) return { ok: false, message: new ConsentMissingError().message };
  const unplannable = active ? whyUnplannable(existing) : null;
  if (unplannable) return { ok: false, message: `This schedule cannot be planned as it is saved (${unplannable}): correct it and save it.` };
  if (existing.active === active) return { ok: true, settings: existing };
  try {
    return { ok: true, settings: await onScheduleChanged(existing.id, now, { active }) };
  } catch (error) {
    // Consent was withdrawn (another tab, another staff member) since it was read above.
    if (error instanceof ConsentMissingError) return { ok: false, message: error.message };
    throw error;
  }
}

export type DeleteOutcome = "deleted" | "not-found" | "call-not-withdrawn";

/**
 * Deletes the schedule after stopping its pending jobs; past jobs stay as
 * history (callSettingsId becomes null). While a call may still ring (a
 * placed call Vapi did not answer about, or a placement not yet confirmed),
 * the schedule is kept, paused, so the page still shows that call, and the
 * merchant can try again.
 */
export async function deleteSchedule(shopId: string, scheduleId: string, now = new Date()): Promise<DeleteOutcome> {
  const existing = await getSchedule(shopId, scheduleId);
  if (!existing) return "not-found";
  // Inactive first, so a planner tick between the cancel and the delete plans nothing new.
  await prisma.callSettings.update({ where: { id: existing.id }, data: { active: false } });
  const { mayRing } = await cancelScheduleJobs(existing.id, "Schedule deleted");
  if (mayRing > 0) {
    // Paused as the toggle pauses: the pending jobs say so, and the calls that may ring stay on the page.
    await onScheduleChanged(existing.id, now);
    return "call-not-withdrawn";
  }
  await prisma.callSettings.delete({ where: { id: existing.id } });
  return "deleted";
}

export const DEFAULT_LIST_LIMIT = 20;
const MAX_LIST_LIMIT = 100;

function listLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIST_LIMIT;
  return Math.min(MAX_LIST_LIMIT, Math.max(1, Math.trunc(limit)));
}

export type ListedJob = CallJob & {
  notes: Array<{ id: string; text: string; createdAt: Date }>;
  callSessions: Array<Pick<CallSession, "id" | "summary" | "disposition" | "endedReason" | "recordingUrl" | "createdAt">>;
};

/**
 * The shop's check-in jobs (or one schedule's), latest call time first, with
 * their notes and calls; limit is clamped to 1-100 (default 20).
 */
export function listJobs(
  shopId: string,
  { limit, status, scheduleId }: { limit?: number; status?: CallJobStatus; scheduleId?: string } = {},
): Promise<ListedJob[]> {
  return prisma.callJob.findMany({
    // Superseded jobs were never calls (a schedule change replaced them).
    where: { shopId, status: status ?? { not: "superseded" }, ...(scheduleId !== undefined ? { callSettingsId: scheduleId } : {}) },
    orderBy: { scheduledForUtc: "desc" },
    take: listLimit(limit),
    include: {
      notes: { where: { shopId }, orderBy: { createdAt: "asc" }, select: { id: true, text: true, createdAt: true } },
      callSessions: {
        where: { shopId },
        orderBy: { createdAt: "desc" },
        select: { id: true, summary: true, disposition: true, endedReason: true, recordingUrl: true, createdAt: true },
      },
    },
  });
}

// Job statistics come from the shared query module, so this page and the
// home dashboard agree.
export { jobStats, type JobStats } from "../dashboard/figures.server";

/** The shop's outbound (check-in) calls, newest first. */
export function listSessions(shopId: string, { limit }: { limit?: number } = {}): Promise<CallSession[]> {
  return prisma.callSession.findMany({
    where: { shopId, direction: "outbound" },
    orderBy: { createdAt: "desc" },
    take: listLimit(limit),
  });
}

/** The schedule's next calls, one per local date from today: its jobs (what will happen, or did today), then the rule. */
export async function upcomingCalls(settings: CallSettings, count = 5, now = new Date()): Promise<NextCall[]> {
  const today = localDateOf(now, settings.timezone);
  const jobs = await prisma.callJob.findMany({
    where: { shopId: settings.shopId, callSettingsId: settings.id, localDate: { gte: today }, status: { not: "superseded" } },
    select: { localDate: true, scheduledForUtc: true, status: true },
  });
  return nextCalls({ rule: callRule(settings), active: settings.active, jobs, now, count });
}
