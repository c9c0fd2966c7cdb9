// How order_lookup tells that a caller may hear an order's details: the
// caller knows the email or the postal code on the order. Pure comparisons;
// the cap on wrong answers is in verification-attempts.server.ts.
import { parsePhoneNumberFromString } from "libphonenumber-js";

/** Caller IDs without a country code are read as US numbers (Vapi's numbers are US). */
const DEFAULT_COUNTRY = "US";

/** "+16175550101" for any way of writing a valid number; null for "anonymous", "", garbage. */
export function toE164(value: unknown): string | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  const phone = parsePhoneNumberFromString(value, DEFAULT_COUNTRY);
  return phone?.isValid() ? phone.number : null;
}

/** "1001" from "1001", "#1001", "order 1001", "Order number #1001"; null without digits. */
export function orderNumberOf(value: unknown): string | null {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value : "";
  const digits = text.replace(/\D/g, "");
  return digits.length >= 1 && digits.length <= 12 ? digits : null;
}

/** Lower case without spaces: "Emma.Johnson @example.com" is emma.johnson@example.com. */
export function normalizeEmail(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const email = value.replace(/\s+/g, "").toLowerCase();
  return email.includes("@") ? email : null;
}

/** Upper-case letters and digits: "k1a 0b1" is K1A0B1, "02110-1234" is 021101234. */
export function normalizePostalCode(value: unknown): string | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const code = String(value)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");
  return code.length >= 3 ? code : null;
}

/** Equal, or a US ZIP and its ZIP+4 ("02110" and "02110-1234"). */
export function samePostalCode(claimed: string, onFile: string | null | undefined): boolean {
  const stored = normalizePostalCode(onFile);
  if (!stored) return false;
  if (stored === claimed) return true;
  const [short, long] = claimed.length < stored.length ? [claimed, stored] : [stored, claimed];
  return /^\d{5}$/.test(short) && /^\d{9}$/.test(long) && long.startsWith(short);
}

export function sameEmail(claimed: string, onFile: string | null | undefined): boolean {
  return typeof onFile === "string" && onFile.trim().toLowerCase() === claimed;
}
