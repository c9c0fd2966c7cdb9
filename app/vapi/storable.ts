// Zod pieces that turn whatever a webhook carries into values PostgreSQL
// (through Prisma) can store, so no body can make a write fail with a 5xx:
// text without NUL or lone UTF-16 surrogates and within a length, instants
// inside the range every layer accepts, integers inside int4.
import { z } from "zod";

/** U+FFFD, what a decoder writes for a character it cannot represent. */
const REPLACEMENT = "\uFFFD";
// NUL (PostgreSQL text and jsonb refuse it) and surrogates without their pair
// (not valid UTF-8, so the driver cannot encode them).
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with unstorable characters replaced, cut to `max` UTF-16 units without splitting a pair. */
export function storableText(value: string, max: number): string {
  let text = value.replace(UNSTORABLE, REPLACEMENT);
  if (text.length > max) {
    text = text.slice(0, max);
    if (/[\uD800-\uDBFF]$/.test(text)) text = text.slice(0, -1);
  }
  return text;
}

/** A string made storable; anything that is not a string is refused (400 with the field's path). */
export const text = (max: number) => z.string().transform((value) => storableText(value, max));

/** Like `text`, but a wrong type or an empty string counts as absent (null). */
export const optionalText = (max: number) =>
  z
    .unknown()
    .transform((value) => (typeof value === "string" && value.trim() !== "" ? storableText(value, max) : null))
    .optional();

/** Required identifier (a call id, a tool call id): non-blank, bounded, storable. */
export const identifier = (max = 200) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .transform((value) => storableText(value, max));

// The instants a call can plausibly carry. Far inside what JS Date
// (+-8.64e15 ms), Prisma (years 0-9999 in ISO form) and PostgreSQL's
// timestamptz (4713 BC to 294276 AD) accept.
export const EARLIEST_INSTANT = Date.UTC(2000, 0, 1);
export const LATEST_INSTANT = Date.UTC(2200, 0, 1);

/** A Date inside the plausible range, or null for anything else (absent, malformed, out of range). */
export function toInstant(value: unknown): Date | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  if (typeof value === "string" && (value.length > 40 || value.trim() === "")) return null;
  const ms = typeof value === "number" ? value : Date.parse(value);
  if (!Number.isFinite(ms) || ms < EARLIEST_INSTANT || ms >= LATEST_INSTANT) return null;
  return new Date(ms);
}

/** An ISO timestamp or epoch milliseconds: out of range or malformed is treated as absent. */
export const instant = () => z.unknown().transform(toInstant).optional();

export const INT4_MAX = 2_147_483_647;

/** A finite number in [min, max], or null (absent, wrong type, out of range). */
export const boundedNumber = (min: number, max: number) =>
  z
    .unknown()
    .transform((value) => (typeof value === "number" && Number.isFinite(value) && value >= min && value <= max ? value : null))
    .optional();
