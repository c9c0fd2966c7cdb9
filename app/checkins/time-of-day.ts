// A time of day as people type it, read into the schedule's "HH:MM" (pure).
// "9:00", "9", "9am", "9.30 pm", "21:30", "0930", "noon" and "midnight" are
// all accepted; anything ambiguous or out of range ("25:00", "13pm", "9:60")
// is refused, so a schedule never calls at a time its owner did not mean.
import { ownEntry } from "../own-entry";

const NAMED: Record<string, string> = { noon: "12:00", midday: "12:00", midnight: "00:00" };

// hours, optional minutes (after ":", "." or "h", or as two digits run on), optional am/pm.
const SPOKEN = /^(\d{1,2})(?:\s*[:.h]\s*(\d{2}))?\s*(a\.?m\.?|p\.?m\.?|a|p)?$/;
const RUN_ON = /^(\d{1,2})(\d{2})\s*(a\.?m\.?|p\.?m\.?|a|p)?$/;

const pad = (value: number) => String(value).padStart(2, "0");

/** "HH:MM" (24-hour) for what was typed, or null when it is not one clear time. */
export function parseTimeOfDay(input: string): string | null {
  if (typeof input !== "string") return null;
  const text = input.trim().toLowerCase().replace(/\s+/g, " ");
  const named = ownEntry(NAMED, text);
  if (named !== undefined) return named;
  const match = SPOKEN.exec(text) ?? RUN_ON.exec(text);
  if (!match) return null;
  const [, hourText, minuteText, meridiem] = match;
  let hour = Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  if (minute > 59) return null;
  if (meridiem) {
    // 12-hour clock: 1-12 only ("0am" and "13pm" mean nothing).
    if (hour < 1 || hour > 12) return null;
    const pm = meridiem.startsWith("p");
    hour = (hour % 12) + (pm ? 12 : 0);
  } else if (hour > 23) {
    return null;
  }
  return `${pad(hour)}:${pad(minute)}`;
}

/** The times a picker offers: every quarter hour, as "HH:MM". */
export function quarterHours(): string[] {
  return Array.from({ length: 96 }, (_, index) => `${pad(Math.floor(index / 4))}:${pad((index % 4) * 15)}`);
}
