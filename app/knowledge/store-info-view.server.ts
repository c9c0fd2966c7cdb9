// The "Store info" page's view model and its form: opening hours and FAQ as
// the editors hold them, the policies as the receptionist reads them, and
// the validation of a submitted form (zod; one message per problem).
import type { Shop } from "@prisma/client";
import { z } from "zod";
import { formatInstant } from "../formatting/time";
import { describeStatus } from "../opening-hours/describe";
import { OpeningHoursSchema, type OpeningHours } from "../opening-hours/opening-hours";
import { countryName } from "./store-info";
import { FaqSchema, type FaqEntry, type StoreKnowledge } from "./store-knowledge";

export interface StoreInfoView {
  timezone: string;
  hoursSet: boolean;
  openingHours: OpeningHours;
  /** "The store is open right now, until today at 5:00 PM." or null when hours are not set. */
  statusNow: string | null;
  faq: FaqEntry[];
  policies: Array<{ type: string; title: string; excerpt: string; updatedAt: string | null }>;
  shipsTo: string[];
  policiesFetched: string | null;
  canRefresh: boolean;
}

export function storeInfoView(shop: Shop, knowledge: StoreKnowledge, now = new Date()): StoreInfoView {
  const hours = knowledge.openingHours;
  return {
    timezone: shop.timezone,
    hoursSet: hours !== null,
    openingHours: hours ?? { timezone: shop.timezone, weekly: {}, exceptions: [] },
    statusNow: hours ? describeStatus(hours, now) : null,
    faq: knowledge.faq,
    policies: knowledge.policies.map((policy) => ({
      type: policy.type,
      title: policy.title,
      excerpt: policy.body.length > 400 ? `${policy.body.slice(0, 400)}…` : policy.body,
      updatedAt: policy.updatedAt ? formatInstant(new Date(policy.updatedAt), shop.timezone) : null,
    })),
    shipsTo: knowledge.shipsToCountries.map(countryName),
    policiesFetched: knowledge.policiesFetchedAt ? formatInstant(knowledge.policiesFetchedAt, shop.timezone) : null,
    canRefresh: shop.receptionistStatus === "active",
  };
}

const jsonField = z.string().transform((value, context) => {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    context.addIssue({ code: "custom", message: "could not be read" });
    return z.NEVER;
  }
});

const StoreInfoFormSchema = z.object({
  hoursSet: z.enum(["true", "false"]),
  openingHours: jsonField.pipe(OpeningHoursSchema),
  faq: jsonField.pipe(FaqSchema),
});

export type StoreInfoEdits = { openingHours: OpeningHours | null; faq: FaqEntry[] };

/** The submitted form, or the problems in words ("Opening hours, Monday: ..."). */
export function parseStoreInfoForm(form: Record<string, unknown>): { ok: true; edits: StoreInfoEdits } | { ok: false; message: string } {
  const parsed = StoreInfoFormSchema.safeParse(form);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${describePath(issue.path)}: ${issue.message}`);
    return { ok: false, message: problems.join(". ") };
  }
  return { ok: true, edits: { openingHours: parsed.data.hoursSet === "true" ? parsed.data.openingHours : null, faq: parsed.data.faq } };
}

const DAY_NAMES: Record<string, string> = { "1": "Monday", "2": "Tuesday", "3": "Wednesday", "4": "Thursday", "5": "Friday", "6": "Saturday", "7": "Sunday" };

function describePath(path: ReadonlyArray<PropertyKey>): string {
  const [field, ...rest] = path.map(String);
  if (field === "faq") return rest.length ? `FAQ question ${Number(rest[0]) + 1}` : "FAQ";
  if (field === "openingHours" && rest[0] === "weekly")
    return `Opening hours, ${DAY_NAMES[rest[1]] ?? "a day"}${rest[2] !== undefined ? `, range ${Number(rest[2]) + 1}` : ""}`;
  if (field === "openingHours" && rest[0] === "exceptions") return rest[1] !== undefined ? `Special date ${Number(rest[1]) + 1}` : "Special dates";
  if (field === "openingHours" && rest[0] === "timezone") return "Time zone";
  return "The form";
}
