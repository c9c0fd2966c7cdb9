// Small formatters for answers the assistant reads aloud.

/** "$59", "$72.50", "€1,299": no ".00" to read out. */
export function formatMoney(amount: string, currencyCode: string): string {
  const value = Number(amount);
  const format = memoized(
    moneyFormats,
    currencyCode,
    () => new Intl.NumberFormat("en-US", { style: "currency", currency: currencyCode, trailingZeroDisplay: "stripIfInteger" }),
  );
  // An unknown currency code: still say the amount.
  return format ? format.format(value) : `${value} ${currencyCode}`;
}

/** "Small", "Small and Medium", "Small, Medium and Large". */
export function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** "September 28, 2026" in the shop's time zone (UTC if it is not a valid zone); "an unknown date" for what is not a date. */
export function formatDate(iso: string, timeZone: string): string {
  const inZone = (zone: string) => () => new Intl.DateTimeFormat("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: zone });
  const format = memoized(dateFormats, timeZone, inZone(timeZone)) ?? memoized(dateFormats, "UTC", inZone("UTC"))!;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "an unknown date" : format.format(date);
}

// Building an Intl formatter costs far more than formatting with one (about
// 0.3 ms each, on every tool call that read a price or a date): one per
// currency or zone is kept, up to a bound (Intl also takes any casing of a
// zone's name), past which formatters are built each time.
const MAX_FORMATS = 1_000;
const moneyFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The formatter for `key`, built once; null when Intl refuses the key (an unknown currency or zone). */
function memoized<T>(formats: Map<string, T>, key: string, build: () => T): T | null {
  let format = formats.get(key);
  if (format) return format;
  try {
    format = build();
  } catch {
    return null;
  }
  if (formats.size < MAX_FORMATS) formats.set(key, format);
  return format;
}
