// Which area codes to try for a new number, in order (pure). Vapi's free
// numbers are US local numbers and availability is only known by trying:
// the merchant's preferred code first, then the configured list (by default
// the spec's toll-free-first order), with the codes Vapi suggests when one is
// unavailable ("Hint: Try one of 562, 662, 716.") tried right after it.

export const DEFAULT_AREA_CODES = ["800", "888", "877", "866", "212", "415", "510"] as const;

/** Never try more codes than this for one number: each try is a Vapi request. */
export const MAX_AREA_CODES_TRIED = 12;

const AREA_CODE = /^[2-9]\d{2}$/;

export function isAreaCode(code: string): boolean {
  return AREA_CODE.test(code);
}

/** The initial order: preferred first, then the configured list, without repeats. */
export function initialAreaCodes(preferred: string | null | undefined, configured: readonly string[]): string[] {
  return unique([...(preferred ? [preferred] : []), ...configured]).filter(isAreaCode);
}

/** Vapi's "not available" message for an area code, with its suggestions. */
export function unavailableAreaCodeHint(message: string): { unavailable: boolean; suggested: string[] } {
  if (!/area code.*not available/i.test(message)) return { unavailable: false, suggested: [] };
  const hint = message.match(/try one of ([\d,\s]+)/i)?.[1] ?? "";
  return { unavailable: true, suggested: hint.split(/[,\s]+/).filter(isAreaCode) };
}

/**
 * Puts suggestions at the front of the queue of codes still to try (pure):
 * Vapi names codes that have numbers now, the configured ones are guesses.
 */
export function withSuggestions(queue: readonly string[], tried: ReadonlySet<string>, suggested: readonly string[]): string[] {
  return unique([...suggested, ...queue]).filter((code) => !tried.has(code));
}

function unique(codes: string[]): string[] {
  return [...new Set(codes)];
}
