// How Shopify serializes IDs and money. Amounts are kept as integer cents so
// totals never pick up floating-point noise.

export function gid(type: string, id: number): string {
  return `gid://shopify/${type}/${id}`;
}

/** The numeric id of `gid://shopify/<type>/<id>`, or null for anything else. */
export function parseGid(type: string, value: string): number | null {
  const match = new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(value);
  return match ? Number(match[1]) : null;
}

export function toCents(decimal: string): number {
  return Math.round(Number(decimal) * 100);
}

/**
 * Decimal scalar as the Admin API prints it (BigDecimal style): "29.99",
 * "8.5", "30.0". Callers must parse amounts, never assume two decimals.
 */
export function formatDecimal(cents: number): string {
  const text = (cents / 100).toFixed(2).replace(/0$/, "");
  return text.endsWith(".") ? `${text}0` : text;
}

export interface MoneyV2 {
  amount: string;
  currencyCode: string;
}

export function moneyV2(cents: number, currencyCode: string): MoneyV2 {
  return { amount: formatDecimal(cents), currencyCode };
}

/** The demo shop sells in one currency, so presentment money = shop money. */
export function moneyBag(cents: number, currencyCode: string): { shopMoney: MoneyV2; presentmentMoney: MoneyV2 } {
  const money = moneyV2(cents, currencyCode);
  return { shopMoney: money, presentmentMoney: money };
}
