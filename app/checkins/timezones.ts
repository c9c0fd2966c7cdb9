// The time zones a check-in schedule may use: the one source for the form's
// list and for the server's validation. Only canonical IANA names are
// stored, so a schedule follows its place's clock, daylight saving included:
// - a link (US/Eastern, Asia/Calcutta, Canada/Eastern) is stored as its
//   target (America/New_York, Asia/Kolkata, America/Toronto);
// - every name for UTC (UTC, Etc/UTC, GMT, Zulu, ...) is stored as "UTC";
// - abbreviations and fixed offsets are refused: EST, EST5EDT, CET, GB and
//   every other name without an Area/ prefix, and Etc/GMT+5-style zones.
//   EST has no DST, so a summer call would land an hour off.
//
// ICU (behind Intl) resolves links, but to CLDR's spellings, some of which
// IANA renamed (Asia/Calcutta -> Asia/Kolkata): those renames are below.
// Pure and deterministic for a given runtime.

export const TIME_ZONE_MESSAGE = "Time zone: choose an IANA time zone, like America/New_York.";

/** CLDR/ICU canonical spelling -> IANA's current name for the same place. */
export const IANA_RENAMES: Readonly<Record<string, string>> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

/** What ICU resolves a name to (links followed), or null if it does not know the name. */
function icuZone(name: string): string | null {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Not a place: no Area/ prefix (EST, EST5EDT, CET, GB, Japan), or Etc/ and SystemV/ offsets. */
function isAbbreviationOrOffset(name: string): boolean {
  return !name.includes("/") || /^(etc|systemv)\//i.test(name);
}

/**
 * The canonical IANA name a schedule stores for `name`, or null if it is
 * refused (unknown, an abbreviation, or a fixed offset).
 */
export function canonicalTimeZone(name: string): string | null {
  const resolved = icuZone(name.trim());
  if (resolved === null) return null;
  if (resolved === "UTC") return "UTC";
  if (isAbbreviationOrOffset(name.trim()) || isAbbreviationOrOffset(resolved)) return null;
  return IANA_RENAMES[resolved] ?? resolved;
}

let options: string[] | undefined;

/** The zones the form offers: every zone the runtime knows, by its canonical name, and UTC. */
export function timeZoneOptions(): string[] {
  options ??= [
    ...new Set([...Intl.supportedValuesOf("timeZone"), "UTC"].map((zone) => canonicalTimeZone(zone)).filter((zone): zone is string => zone !== null)),
  ].sort();
  return options;
}
