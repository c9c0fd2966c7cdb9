// A shop's check-in schedule (one per shop) and what it produced: jobs,
// their statistics and the calls placed. Every function takes the
// authenticated shop's id and touches only that shop's rows. Changes to the
// schedule hand over to job-control, which cancels and replans its jobs.
import type { CallJob, CallJobStatus, CallSession, CallSettings } from "@prisma/client";
import prisma from "../db.server";
import { cancelScheduleJobs, onScheduleChanged } from "./job-control.server";
import { callRule } from "./planner.server";
import { nextCalls, type NextCall } from "./next-calls";
import { localDateOf } from "./schedule";
import { parseCheckinSettings, type CheckinErrors } from "./settings-input";

export { JOB_STATUSES } from "../dashboard/figures.server";

export type SaveResult = { ok: true; settings: CallSettings } | { ok: false; errors: CheckinErrors; message: string };

export function getSettings(shopId: string): Promise<CallSettings | null> {
  return prisma.callSettings.findUnique({ where: { shopId } });
}

/**
 * Validates the submitted form values and creates or replaces the shop's
 * schedule; on a validation error nothing is written. Consent belongs to a
 * number: it keeps its date while the number stays, and a new number (or a
 * new confirmation after it was withdrawn) is consented now. A save that
 * changes nothing writes nothing and touches no job; one that changes only
 * the number or the voice touches no job either (the dispatcher reads them
 * when it places a call).
 */
export async function upsertSettings(shopId: string, raw: Record<string, unknown>, now = new Date()): Promise<SaveResult> {
  const parsed = parseCheckinSettings(raw);
  if (!parsed.ok) return parsed;
  const { consent, ...input } = parsed.settings;
  const existing = await getSettings(shopId);
  const keptConsent = existing?.phoneE164 === input.phoneE164 ? existing.consentAt : null;
  const data = { ...input, consentAt: consent ? (keptConsent ?? now) : null };
  if (!existing) {
    const created = await prisma.callSettings.create({ data: { shopId, ...data } });
    return { ok: true, settings: await onScheduleChanged(created.id, now) };
  }
  if (!changesPlan(existing, data)) {
    if (!changesAnything(existing, data)) return { ok: true, settings: existing };
    return { ok: true, settings: await prisma.callSettings.update({ where: { id: existing.id }, data }) };
  }
  return { ok: true, settings: await onScheduleChanged(existing.id, now, data) };
}

type SettingsData = Pick<CallSettings, "phoneE164" | "timezone" | "timeOfDay" | "cadence" | "daysOfWeek" | "active" | "voiceId" | "consentAt">;

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
    existing.phoneE164 !== data.phoneE164 ||
    existing.voiceId !== data.voiceId ||
    existing.consentAt?.getTime() !== data.consentAt?.getTime()
  );
}

export type ToggleResult = { ok: true; settings: CallSettings } | { ok: false; message: string };

/** Turns the schedule's calls on or off; on only with the consent on record. Asking for the current state changes nothing. */
export async function toggleSettings(shopId: string, active: boolean, now = new Date()): Promise<ToggleResult> {
  const existing = await getSettings(shopId);
  if (!existing) return { ok: false, message: "Save a schedule first." };
  if (active && !existing.consentAt) {
    return { ok: false, message: "Consent: to turn calls on, confirm the person at this number agreed to receive automated calls, then save." };
  }
  if (existing.active === active) return { ok: true, settings: existing };
  return { ok: true, settings: await onScheduleChanged(existing.id, now, { active }) };
}

/** Deletes the schedule after stopping its pending jobs; past jobs stay as history (callSettingsId becomes null). */
export async function deleteSettings(shopId: string): Promise<boolean> {
  const existing = await getSettings(shopId);
  if (!existing) return false;
  // Inactive first, so a planner tick between the cancel and the delete plans nothing new.
  await prisma.callSettings.update({ where: { id: existing.id }, data: { active: false } });
  await cancelScheduleJobs(existing.id, "Schedule deleted");
  await prisma.callSettings.delete({ where: { id: existing.id } });
  return true;
}

export const DEFAULT_LIST_LIMIT = 20;
const MAX_LIST_LIMIT = 100;

function listLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIST_LIMIT;
  return Math.min(MAX_LIST_LIMIT, Math.max(1, Math.trunc(limit)));
}

/** The shop's check-in jobs, latest call time first; limit is clamped to 1-100 (default 20). */
export function listJobs(shopId: string, { limit, status }: { limit?: number; status?: CallJobStatus } = {}): Promise<CallJob[]> {
  return prisma.callJob.findMany({
    // Superseded jobs were never calls (a schedule change replaced them).
    where: { shopId, status: status ?? { not: "superseded" } },
    orderBy: { scheduledForUtc: "desc" },
    take: listLimit(limit),
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
