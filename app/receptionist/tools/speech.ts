// Small formatters for answers the assistant reads aloud.

/** "$59", "$72.50", "€1,299": no ".00" to read out. */
export function formatMoney(amount: string, currencyCode: string): string {
  const value = Number(amount);
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currencyCode, trailingZeroDisplay: "stripIfInteger" }).format(value);
  } catch {
    // An unknown currency code: still say the amount.
    return `${value} ${currencyCode}`;
  }
}

/** "Small", "Small and Medium", "Small, Medium and Large". */
export function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** "September 28, 2026" in the shop's time zone (UTC if it is not a valid zone). */
export function formatDate(iso: string, timeZone: string): string {
  const date = new Date(iso);
  const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "long", day: "numeric" };
  try {
    return date.toLocaleDateString("en-US", { ...options, timeZone });
  } catch {
    return date.toLocaleDateString("en-US", { ...options, timeZone: "UTC" });
  }
}
