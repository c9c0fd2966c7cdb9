// "Next calls" as the page shows them: one row per local date from today,
// from the jobs already planned (what will really happen, or did today) and,
// beyond them, the rule. Pure: the route passes the jobs and the clock.
import type { CallJobStatus } from "@prisma/client";
import { localDateOf, occurrenceOn, type CallRule } from "./schedule";

export type NextCallState = "planned" | "due" | "calling" | "called" | "failed" | "missed" | "canceled" | "skipped" | "paused";

export interface NextCall {
  localDate: string;
  /** The call's instant: planned, placed, or (skipped) the rule's time that had passed before a call was planned for it. */
  at: Date;
  state: NextCallState;
  /** Whether a job exists (planned) or the row only follows the rule (beyond the planning horizon). */
  fromJob: boolean;
}

export interface DateDecision {
  localDate: string;
  scheduledForUtc: Date;
  status: CallJobStatus;
}

const STATE_OF: Record<Exclude<CallJobStatus, "superseded">, NextCallState> = {
  queued: "planned",
  scheduled: "calling",
  started: "calling",
  completed: "called",
  failed: "failed",
  missed: "missed",
  canceled: "canceled",
};

/**
 * The next `count` dates the schedule calls (or would: `active` false marks
 * them paused), starting with today when it has a call or a decision. One
 * row per local date: today's finished call means no other call today.
 * `jobs` are the schedule's jobs from today on, superseded ones excluded.
 */
export function nextCalls({
  rule,
  active,
  jobs,
  now,
  count = 5,
}: {
  rule: CallRule;
  active: boolean;
  jobs: DateDecision[];
  now: Date;
  count?: number;
}): NextCall[] {
  const byDate = new Map(jobs.filter((job) => job.status !== "superseded").map((job) => [job.localDate, job]));
  const rows: NextCall[] = [];
  let date = localDateOf(now, rule.timezone);
  // Every rule calls at least once a week, and a date has one row at most.
  for (let day = 0; rows.length < count && day < count * 7 + 7; day++, date = nextDate(date)) {
    const job = byDate.get(date);
    if (job && job.status !== "superseded") {
      // A planned call whose time came and that no worker has placed yet (a worker down, every call line busy).
      const due = job.status === "queued" && job.scheduledForUtc <= now;
      rows.push({ localDate: date, at: job.scheduledForUtc, state: due ? "due" : STATE_OF[job.status], fromJob: true });
      continue;
    }
    const at = occurrenceOn(rule, date);
    if (!at) continue;
    const state: NextCallState = at <= now ? "skipped" : active ? "planned" : "paused";
    rows.push({ localDate: date, at, state, fromJob: false });
  }
  return rows;
}

function nextDate(localDate: string): string {
  const [year, month, day] = localDate.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}
