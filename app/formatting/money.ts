// Amounts as the assistants read them aloud: a tool's answer ("$59", "$72.50")
// and a check-in's briefing, which keeps the cents of a total ("$1,280.00").
import { intlCache } from "./intl-cache";

const moneyFormats = intlCache<Intl.NumberFormat>();

export function formatMoney(amount: string, currencyCode: string, { cents = "when-needed" }: { cents?: "always" | "when-needed" } = {}): string {
  const value = Number(amount);
  const format = moneyFormats(
    `${cents}:${currencyCode}`,
    () =>
      new Intl.NumberFormat("en-US", {
        style: "currency",
        currency: currencyCode,
        trailingZeroDisplay: cents === "always" ? "auto" : "stripIfInteger",
      }),
  );
  // An unknown currency code: still say the amount, never with a wrong symbol.
  return format ? format.format(value) : `${cents === "always" ? value.toFixed(2) : value} ${currencyCode}`;
}
