// Small formatters for answers the assistant reads aloud.
import { intlCache } from "../../formatting/intl-cache";

/** "Small", "Small and Medium", "Small, Medium and Large". */
export function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

const dateFormats = intlCache<Intl.DateTimeFormat>();

/** "September 28, 2026" in the shop's time zone (UTC if it is not a valid zone); "an unknown date" for what is not a date. */
export function formatDate(iso: string, timeZone: string): string {
  const inZone = (zone: string) => () => new Intl.DateTimeFormat("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: zone });
  const format = dateFormats(timeZone, inZone(timeZone)) ?? dateFormats("UTC", inZone("UTC"))!;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "an unknown date" : format.format(date);
}
