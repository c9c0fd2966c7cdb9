// Phone numbers are personal data: logs and error reports only ever carry a
// masked form that keeps the country code and area code ("+1-800-***-****").

// "+" then 8-15 digits with optional separators, or a North American number
// written with separators ("(415) 555-0123", "415-555-0123").
const PHONE_PATTERN = /\+\d(?:[\s().-]*\d){7,14}|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b/g;

/** Masks one phone number: "+14155550123" -> "+1-415-***-****". */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (phone.trim().startsWith("+1") && digits.length === 11) return `+1-${digits.slice(1, 4)}-***-****`;
  if (phone.trim().startsWith("+")) return `+${digits.slice(0, 2)}${"*".repeat(Math.max(digits.length - 2, 0))}`;
  return `${digits.slice(0, 3)}-***-****`;
}

/** Masks every phone number found in free text. */
export function maskPhonesInText(text: string): string {
  return text.replace(PHONE_PATTERN, (match) => maskPhone(match));
}

/** Deep copy of a log context with every phone number in its strings masked. */
export function maskPhonesDeep(value: unknown): unknown {
  if (typeof value === "string") return maskPhonesInText(value);
  if (Array.isArray(value)) return value.map(maskPhonesDeep);
  if (value instanceof Error) return { name: value.name, message: maskPhonesInText(value.message) };
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskPhonesDeep(inner)]));
  }
  return value;
}
