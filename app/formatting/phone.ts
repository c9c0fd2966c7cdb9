// Phone numbers as merchants read them (pure): national format for numbers in
// the store's own calling region ("(617) 555-0101" for a US store),
// international format for the rest ("+44 20 7946 0958"), and the E.164
// form kept beside it for a title attribute and for copying.
import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

export interface DisplayPhone {
  /** What the page shows. */
  display: string;
  /** The number as stored (E.164), for the title attribute and copying. */
  e164: string;
}

// The Shop row does not record the store's country yet. Vapi provisions US
// numbers only, so a store's own receptionist number (when it has one) tells
// its calling region, and US is the region every other store dials in today.
const FALLBACK_COUNTRY: CountryCode = "US";

/** The calling region a store's merchants dial in. */
export function storeCountry(shop: { phoneNumber: string | null }): CountryCode {
  return (shop.phoneNumber ? parsePhoneNumberFromString(shop.phoneNumber)?.country : undefined) ?? FALLBACK_COUNTRY;
}

/** A stored number for display to a store in `country`; null stays null (no number known). */
export function formatPhone(e164: string | null, country: CountryCode): DisplayPhone | null {
  if (e164 === null || e164.trim() === "") return null;
  const parsed = parsePhoneNumberFromString(e164);
  // Not a number libphonenumber can read (a SIP URI, "anonymous"): shown as it came.
  if (!parsed) return { display: e164, e164 };
  const sameRegion = parsed.countryCallingCode === getCountryCallingCode(country);
  return { display: sameRegion ? parsed.formatNational() : parsed.formatInternational(), e164: parsed.format("E.164") };
}
