// The check-in pages' view models: the list of schedules (one per person),
// one schedule's form, next calls and history, and one job. Times of a
// schedule are shown in its own zone, labelled; statuses and outcomes are
// labels from the formatting module. Every read is scoped by the shop: an id
// of another shop's schedule or job is "not found" (null).
import type { CallSettings, Shop } from "@prisma/client";
import { z } from "zod";
import prisma from "../db.server";
import { jobStats } from "../dashboard/figures.server";
import { env } from "../env.server";
import { label } from "../formatting/labels";
import { formatPhone, storeCountry } from "../formatting/phone";
import { formatDaysOfWeek, formatInstant, formatTimeOfDay } from "../formatting/time";
import { VOICES } from "../receptionist/voices";
import { BRIEFING_PART_LABELS, BRIEFING_PARTS, DEFAULT_BRIEFING_PARTS, isBriefingPart } from "./briefing";
import { PENDING } from "./job-control.server";
import type { NextCallState } from "./next-calls";
import { whyUnplannable } from "./planner.server";
import { isValidTimeZone, localDateOf } from "./schedule";
import { getSchedule, listJobs, listSchedules, upcomingCalls, type ListedJob } from "./settings.server";
import { quarterHours } from "./time-of-day";
import { canonicalTimeZone, timeZoneOptions } from "./timezones";

type ViewShop = Pick<Shop, "id" | "name" | "timezone" | "phoneNumber" | "receptionistStatus">;

/** A schedule or job id as the URL or a form carries it: anything else is not found. */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

export const DEFAULT_TIME = "09:00";

export function personOf(schedule: Pick<CallSettings, "name" | "phoneE164">, shop: Pick<Shop, "phoneNumber">): string {
  return schedule.name.trim() || formatPhone(schedule.phoneE164, storeCountry(shop))?.display || schedule.phoneE164;
}

function ruleText(schedule: CallSettings): string {
  const days = schedule.cadence === "custom" ? formatDaysOfWeek(schedule.daysOfWeek) : label("cadence", schedule.cadence);
  return `${days} at ${shownTimeOfDay(schedule.timeOfDay)} (${schedule.timezone})`;
}

/** "9:00 AM"; a stored time that is not one (a schedule that cannot be planned) as it is. */
function shownTimeOfDay(timeOfDay: string): string {
  try {
    return formatTimeOfDay(timeOfDay);
  } catch {
    return timeOfDay;
  }
}

/**
 * What the merchant reads when a stored schedule cannot be planned (a rule no validation lets in today, saved by an
 * older version: the planner leaves it out until it is saved again), or null. Its pages still open, to fix it.
 */
function unplannable(schedule: CallSettings): string | null {
  const why = whyUnplannable(schedule);
  return why === null ? null : `This schedule cannot be planned as it is saved (${why}): no call is planned until you correct it and save it.`;
}

/** The zone a schedule's times are shown in: its own, or the shop's when the stored one is not a zone. */
function displayZone(schedule: CallSettings, shop: ViewShop): string {
  return isValidTimeZone(schedule.timezone) ? schedule.timezone : (canonicalTimeZone(shop.timezone) ?? "UTC");
}

/** The check-in list: person, next call, last outcome, on/off. */
export async function schedulesListView(shop: ViewShop, now = new Date()) {
  const schedules = await listSchedules(shop.id);
  const rows = await Promise.all(
    schedules.map(async (schedule) => {
      const problem = unplannable(schedule);
      const zone = displayZone(schedule, shop);
      const [next] =
        schedule.active && !problem
          ? (await upcomingCalls(schedule, 3, now)).filter((call) => call.state === "planned" || call.state === "due" || call.state === "calling")
          : [];
      // An outcome is of a call whose time has come: tomorrow's call canceled today is not the last outcome. A job
      // that was tried is one too, though its time moved ahead (a no-answer retry stopped before its retry time):
      // it shows when its last call was placed.
      const last = await prisma.callJob.findFirst({
        where: {
          shopId: shop.id,
          callSettingsId: schedule.id,
          status: { in: ["completed", "failed", "missed", "canceled"] },
          OR: [{ scheduledForUtc: { lte: now } }, { attempts: { gt: 0 } }],
        },
        orderBy: { scheduledForUtc: "desc" },
        select: { status: true, scheduledForUtc: true, callAttempts: { orderBy: { number: "desc" }, take: 1, select: { startedAt: true } } },
      });
      const lastAt = last && last.scheduledForUtc > now ? (last.callAttempts[0]?.startedAt ?? now) : last?.scheduledForUtc;
      return {
        id: schedule.id,
        person: personOf(schedule, shop),
        phone: formatPhone(schedule.phoneE164, storeCountry(shop)),
        rule: ruleText(schedule),
        nextCall: next ? formatInstant(next.at, zone) : null,
        lastOutcome: last && lastAt ? { status: last.status, label: label("jobStatus", last.status), at: formatInstant(lastAt, zone) } : null,
        active: schedule.active,
        problem,
      };
    }),
  );
  return { receptionistActive: shop.receptionistStatus === "active", schedules: rows };
}

/**
 * What each "Next calls" row promises, in words; `time` is the call's local time ("9:00 AM"), `latest` the last
 * moment it may still be placed (its grace period's end).
 */
function nextCallLabel(state: NextCallState, time: string, latest: string, today: boolean): string {
  const day = today ? "today" : "this day";
  switch (state) {
    case "planned":
      return "Planned";
    case "due":
      return `Due at ${time}, not placed yet: it is placed by ${latest} at the latest, or not at all`;
    case "calling":
      return "Calling now";
    case "called":
      return `Already called at ${time}: no other call ${day}`;
    case "failed":
      return `The call at ${time} failed: no other call ${day}`;
    case "missed":
      return `Missed at ${time}: no other call ${day}`;
    case "canceled":
      return "Canceled by you";
    case "skipped":
      return `No call ${day}: ${time} had already passed`;
    case "paused":
      return "Paused: not called unless you turn calls on";
  }
}

function jobRow(job: ListedJob, zone: string, now: Date) {
  const call = job.callSessions[0];
  return {
    id: job.id,
    scheduledTime: formatInstant(job.scheduledForUtc, zone),
    status: job.status,
    statusLabel: label("jobStatus", job.status),
    attempts: job.attempts,
    details: job.errorMessage,
    summary: call?.summary ?? null,
    notes: job.notes.map((note) => note.text),
    callId: call?.id ?? null,
    // Still to happen (or happening), or a future date decided already (canceled by you); a job that was tried is
    // past, though its time moved ahead (a no-answer retry stopped before its retry time).
    upcoming: job.status === "queued" || job.status === "scheduled" || job.status === "started" || (job.scheduledForUtc > now && job.attempts === 0),
    // A placed call can be canceled only while Vapi has not started it (the action checks).
    cancelable: PENDING.includes(job.status),
    callable: job.status === "failed" || job.status === "missed",
  };
}

export type JobRow = ReturnType<typeof jobRow>;

/** The form's values: a saved schedule's, or a new one's defaults. */
function formValues(schedule: CallSettings | null, zone: string) {
  return {
    name: schedule?.name ?? "",
    phone: schedule?.phoneE164 ?? "",
    timezone: zone,
    timeOfDay: schedule?.timeOfDay ?? DEFAULT_TIME,
    cadence: schedule?.cadence ?? "daily",
    daysOfWeek: schedule?.daysOfWeek ?? [],
    active: schedule?.active ?? false,
    consent: Boolean(schedule?.consentAt),
    voiceId: schedule?.voiceId ?? "",
    briefingParts: schedule ? schedule.briefingParts.filter(isBriefingPart) : [...DEFAULT_BRIEFING_PARTS],
  };
}

export type ScheduleFormValues = ReturnType<typeof formValues>;

/** One schedule's page (scheduleId null: a new schedule's); null when the shop has no such schedule. */
export async function scheduleView(shop: ViewShop, scheduleId: string | null, now = new Date()) {
  let schedule: CallSettings | null = null;
  if (scheduleId !== null) {
    const id = IdSchema.safeParse(scheduleId);
    schedule = id.success ? await getSchedule(shop.id, id.data) : null;
    if (!schedule) return null;
  }
  const zone = schedule ? displayZone(schedule, shop) : (canonicalTimeZone(shop.timezone) ?? "UTC");
  const problem = schedule ? unplannable(schedule) : null;
  const [jobs, stats, upcoming] = schedule
    ? await Promise.all([
        listJobs(shop.id, { scheduleId: schedule.id }),
        jobStats(shop.id, { callSettingsId: schedule.id }),
        problem ? [] : upcomingCalls(schedule, 5, now),
      ])
    : [[], null, []];
  const today = localDateOf(now, zone);
  return {
    id: schedule?.id ?? null,
    title: schedule ? personOf(schedule, shop) : "New check-in schedule",
    receptionistActive: shop.receptionistStatus === "active",
    problem,
    /** The zone the page's times are in (the schedule's own when it is one). */
    zone,
    form: formValues(schedule, schedule?.timezone ?? zone),
    // The list the server accepts (timezones.ts); a schedule saved before those rules keeps its zone on show.
    timezones: [...new Set([...timeZoneOptions(), schedule?.timezone ?? zone])].sort(),
    times: quarterHours().map((time) => ({ value: time, label: formatTimeOfDay(time) })),
    voices: VOICES.map(({ name, label: voiceLabel }) => ({ name, label: voiceLabel })),
    briefingParts: BRIEFING_PARTS.map((part) => ({ value: part, label: BRIEFING_PART_LABELS[part] })),
    nextCalls: upcoming.map((call) => ({
      iso: call.at.toISOString(),
      scheduleTime: formatInstant(call.at, zone),
      label: nextCallLabel(
        call.state,
        formatTimeOfDay(localTime(call.at, zone)),
        formatTimeOfDay(localTime(new Date(call.at.getTime() + env.CHECKIN_GRACE_MINUTES * 60_000), zone)),
        call.localDate === today,
      ),
    })),
    jobs: jobs.map((job) => jobRow(job, zone, now)),
    stats: stats
      ? {
          total: stats.total,
          counts: Object.entries(stats.counts).map(([status, count]) => ({ status, label: label("jobStatus", status), count })),
          successRate: stats.successRate,
        }
      : null,
    // Something can still change by itself: the page revalidates (useLiveStatus).
    live: jobs.some((job) => job.status === "queued" || job.status === "scheduled" || job.status === "started"),
  };
}

function localTime(at: Date, zone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

export type ScheduleView = NonNullable<Awaited<ReturnType<typeof scheduleView>>>;

/** One job of one of the shop's schedules: its briefing, outcome, call summary, notes and call record. */
export async function jobView(shop: ViewShop, scheduleId: string, jobId: string, now = new Date()) {
  const [scheduleIdOk, jobIdOk] = [IdSchema.safeParse(scheduleId), IdSchema.safeParse(jobId)];
  if (!scheduleIdOk.success || !jobIdOk.success) return null;
  const schedule = await getSchedule(shop.id, scheduleIdOk.data);
  if (!schedule) return null;
  const job = await prisma.callJob.findFirst({
    where: { id: jobIdOk.data, shopId: shop.id, callSettingsId: schedule.id },
    include: {
      notes: { where: { shopId: shop.id }, orderBy: { createdAt: "asc" }, select: { id: true, text: true, createdAt: true } },
      callSessions: {
        where: { shopId: shop.id },
        orderBy: { createdAt: "desc" },
        select: { id: true, summary: true, disposition: true, endedReason: true, recordingUrl: true, createdAt: true },
      },
    },
  });
  if (!job) return null;
  const zone = displayZone(schedule, shop);
  const row = jobRow(job, zone, now);
  return {
    scheduleId: schedule.id,
    person: personOf(schedule, shop),
    timezone: zone,
    ...row,
    briefing: job.briefing,
    notes: job.notes.map((note) => ({ id: note.id, text: note.text, at: formatInstant(note.createdAt, zone) })),
    outcome: job.callSessions[0]?.disposition ? label("disposition", job.callSessions[0].disposition) : null,
    recordingUrl: job.callSessions[0]?.recordingUrl ?? null,
  };
}
