// Phone numbers are personal data: logs and error reports only ever carry a
// masked form that keeps the country code and area code ("+1-800-***-****").
// Shared by the server's logger and the browser's Sentry setup, so no I/O here.
import { findNumbers, type CountryCode } from "libphonenumber-js";

/** The country a number written without "+" belongs to (the shops are US shops). */
const DEFAULT_COUNTRY: CountryCode = "US";

// What libphonenumber does not report but may still be a number, masked too:
// "+" then 8-15 digits with optional separators (an invalid or unknown
// number), a North American number written with separators, or a bare
// 10/11-digit North American number ("4155550123", "14155550123").
const FALLBACK_PATTERN = /\+\d(?:[\s().-]*\d){7,14}|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|\b1?[2-9]\d{2}[2-9]\d{6}\b/g;

const MAYBE_PHONE = /\+[\s(]*\d|\d(?:[\s().-]{0,3}\d){9}/;

// Shopify's resource ids ("gid://shopify/Order/5678901234") often look like
// valid US numbers: they are ids, not personal data, and logs need them.
const SHOPIFY_GID = /gid:\/\/shopify\/\w+\/\d+/g;

/** Masks one phone number: "+14155550123" -> "+1-415-***-****". */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (phone.trim().startsWith("+1") && digits.length === 11) return `+1-${digits.slice(1, 4)}-***-****`;
  if (phone.trim().startsWith("+")) return `+${digits.slice(0, 2)}${"*".repeat(Math.max(digits.length - 2, 0))}`;
  if (digits.length === 11 && digits.startsWith("1")) return `+1-${digits.slice(1, 4)}-***-****`;
  return `${digits.slice(0, 3)}-***-****`;
}

// findNumbers can report a match that runs past the number ("+442071838750, 555"
// ends after "555"): the match ends at the digit that completes the national number.
function endOfNumber(text: string, startsAt: number, endsAt: number, nationalNumber: string): number {
  let digits = "";
  for (let index = startsAt; index < endsAt; index++) {
    if (!/\d/.test(text[index])) continue;
    digits += text[index];
    if (digits.endsWith(nationalNumber)) return index + 1;
  }
  return endsAt;
}

function maskNumbersIn(text: string): string {
  let masked = "";
  let from = 0;
  // libphonenumber's default leniency, "VALID": a digit run that is no valid number (a timestamp) is left alone.
  for (const match of findNumbers(text, { defaultCountry: DEFAULT_COUNTRY, v2: true })) {
    masked += text.slice(from, match.startsAt) + maskPhone(match.number.number);
    from = endOfNumber(text, match.startsAt, match.endsAt, match.number.nationalNumber);
  }
  masked += text.slice(from);
  return masked.replace(FALLBACK_PATTERN, (found) => maskPhone(found));
}

/** Masks every phone number found in free text (Shopify ids are left alone). */
export function maskPhonesInText(raw: string): string {
  // A URL-encoded "+" ("?phone=%2B14155550123") hides the number from both matchers.
  const text = raw.replace(/%2B(?=\d)/gi, "+");
  // findNumbers costs ~0.1 ms a string: skip text that neither matcher could match
  // (no "+" before a digit, no run of 10 digits with separators).
  if (!MAYBE_PHONE.test(text)) return text;
  let masked = "";
  let from = 0;
  for (const gid of text.matchAll(SHOPIFY_GID)) {
    masked += maskNumbersIn(text.slice(from, gid.index)) + gid[0];
    from = gid.index + gid[0].length;
  }
  return masked + maskNumbersIn(text.slice(from));
}

/** Deep copy of a value with every phone number in its strings masked (Sentry events, breadcrumbs). */
export function maskPhonesDeep(value: unknown): unknown {
  if (typeof value === "string") return maskPhonesInText(value);
  if (Array.isArray(value)) return value.map(maskPhonesDeep);
  if (value instanceof Error) return { name: value.name, message: maskPhonesInText(value.message) };
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskPhonesDeep(inner)]));
  }
  return value;
}
