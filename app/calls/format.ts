// Formatting for call pages (pure; server-side so the markup does not depend
// on the browser's timezone).
import { DateTime } from "luxon";

export function formatCallTime(instant: Date | string, timezone: string): string {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  return DateTime.fromJSDate(date, { zone: timezone }).toFormat("LLL d, yyyy h:mm a");
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m ${seconds % 60}s` : `${seconds}s`;
}
