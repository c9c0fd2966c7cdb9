// What the receptionist knows about the store beyond its products, as stored
// in StoreKnowledge: Shopify's policies (plain text) and ship-to countries,
// the merchant's FAQ and opening hours. Every JSON column is parsed with
// these schemas on write and on read, so a row edited by hand or written by
// an older version can never reach a caller half-valid: what does not parse
// counts as absent.
import { z } from "zod";
import { text } from "../vapi/storable";
import { OpeningHoursSchema, type OpeningHours } from "../opening-hours/opening-hours";

/** Shopify's ShopPolicyType values the receptionist answers from. */
export const POLICY_TYPES = ["REFUND_POLICY", "SHIPPING_POLICY", "PRIVACY_POLICY", "TERMS_OF_SERVICE", "CONTACT_INFORMATION"] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

/** A policy's text as stored: long enough for any real policy the tool quotes from. */
export const MAX_POLICY_LENGTH = 20_000;
export const MAX_FAQ_ENTRIES = 20;
export const MAX_FAQ_QUESTION_LENGTH = 200;
export const MAX_FAQ_ANSWER_LENGTH = 1_000;

export const StoredPolicySchema = z.object({
  type: z.enum(POLICY_TYPES),
  title: text(200),
  body: text(MAX_POLICY_LENGTH),
  updatedAt: z.string().nullable(),
});
export type StoredPolicy = z.infer<typeof StoredPolicySchema>;

const nonBlank = (max: number, field: string) =>
  text(max + 1)
    .transform((value) => value.trim())
    .refine((value) => value.length > 0, { message: `${field}: required` })
    .refine((value) => value.length <= max, { message: `${field}: at most ${max} characters` });

export const FaqEntrySchema = z.object({
  question: nonBlank(MAX_FAQ_QUESTION_LENGTH, "Question"),
  answer: nonBlank(MAX_FAQ_ANSWER_LENGTH, "Answer"),
});
export const FaqSchema = z.array(FaqEntrySchema).max(MAX_FAQ_ENTRIES, { message: `At most ${MAX_FAQ_ENTRIES} questions` });
export type FaqEntry = z.infer<typeof FaqEntrySchema>;

export interface StoreKnowledge {
  policies: StoredPolicy[];
  /** ISO 3166 alpha-2 codes, as Shopify's CountryCode enum (plus REST_OF_WORLD). */
  shipsToCountries: string[];
  policiesFetchedAt: Date | null;
  faq: FaqEntry[];
  openingHours: OpeningHours | null;
}

export const EMPTY_KNOWLEDGE: StoreKnowledge = { policies: [], shipsToCountries: [], policiesFetchedAt: null, faq: [], openingHours: null };

/** The row's JSON columns, parsed; anything unreadable is treated as absent. */
export function knowledgeFromRow(row: {
  policies: unknown;
  shipsToCountries: string[];
  policiesFetchedAt: Date | null;
  faq: unknown;
  openingHours: unknown;
}): StoreKnowledge {
  const policies = z.array(StoredPolicySchema).safeParse(row.policies);
  const faq = FaqSchema.safeParse(row.faq);
  const hours = row.openingHours == null ? null : OpeningHoursSchema.safeParse(row.openingHours);
  return {
    policies: policies.success ? policies.data : [],
    shipsToCountries: row.shipsToCountries,
    policiesFetchedAt: row.policiesFetchedAt,
    faq: faq.success ? faq.data : [],
    openingHours: hours?.success ? hours.data : null,
  };
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/**
 * Shopify's policy bodies are HTML: the receptionist needs the words. Block
 * ends become sentence breaks, tags go, the common entities are decoded.
 */
export function policyText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<\/(p|div|li|h[1-6]|tr)>|<br\s*\/?>/gi, "\n")
    .replace(/<li[^>]*>/gi, "- ")
    .replace(/<[^>]+>/g, "")
    .replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|\w+);/gi, (whole, name: string) => {
      if (!name.startsWith("#")) return ENTITIES[name.toLowerCase()] ?? whole;
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    })
    .replace(/[ \t]+/g, " ")
    .replace(/\s*\n\s*/g, "\n")
    .trim();
}
