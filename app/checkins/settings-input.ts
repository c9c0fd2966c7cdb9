// The check-in schedule a merchant submits, validated with one schema. Each
// error is keyed by its form field (for inline errors) and names the field and
// the expected form. The rules themselves (time format, zones, cadences) are
// schedule.ts's; this module only turns form values into a rule or errors.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";
import type { Cadence } from "./schedule";
import { BRIEFING_PARTS, DEFAULT_BRIEFING_PARTS, type BriefingPart } from "./briefing";
import { parseTimeOfDay } from "./time-of-day";
import { canonicalTimeZone, TIME_ZONE_MESSAGE } from "./timezones";
import { storableText } from "../vapi/storable";
import { VOICE_NAMES, isVoiceName, type VoiceName } from "../receptionist/voices";

export const CADENCES = ["daily", "weekdays", "weekends", "custom"] as const satisfies readonly Cadence[];

export type CheckinField = "name" | "phone" | "timezone" | "timeOfDay" | "cadence" | "daysOfWeek" | "active" | "consent" | "voiceId" | "briefingParts";
export type CheckinErrors = Partial<Record<CheckinField, string>>;

export interface CheckinSettingsInput {
  /** Who is called, e.g. "Dana (owner)". */
  name: string;
  phoneE164: string;
  timezone: string;
  timeOfDay: string;
  cadence: Cadence;
  /** 0 = Sunday .. 6 = Saturday, ascending; empty unless the cadence is custom. */
  daysOfWeek: number[];
  active: boolean;
  consent: boolean;
  /** A VOICES name; null = the receptionist's voice. */
  voiceId: VoiceName | null;
  briefingParts: BriefingPart[];
}

export const MAX_NAME_LENGTH = 60;
export const TIME_MESSAGE = "Time: enter a time like 9:00, 9am or 21:30.";

export const CONSENT_LABEL = "I confirm the person at this number agreed to receive automated calls";

const text = z
  .string()
  .nullish()
  .transform((value) => value?.trim() ?? "");

// Checkboxes post "on" when checked and nothing when not; the page's fetcher posts "true"/"false".
const checkbox = z
  .union([z.boolean(), z.string()])
  .nullish()
  .transform((value) => value === true || value === "on" || value === "true");

/** Values of a checkbox group: one entry per checked box (the empty entry marks the group as sent). */
const checkboxGroup = z
  .union([z.string(), z.array(z.string())])
  .nullish()
  .transform((value) => (value == null ? null : [value].flat().filter((item) => item !== "")));

const CheckinSettingsSchema = z
  .object({
    name: text.transform((value, context) => {
      const name = storableText(value, MAX_NAME_LENGTH + 1);
      if (name === "" || name.length > MAX_NAME_LENGTH) {
        context.addIssue({ code: "custom", message: `Name: enter who this schedule calls, like Dana (owner), at most ${MAX_NAME_LENGTH} characters.` });
        return z.NEVER;
      }
      return name;
    }),
    phone: text.transform((value, context) => {
      const phone = value === "" ? undefined : parsePhoneNumberFromString(value, "US");
      if (!phone?.isValid()) {
        context.addIssue({ code: "custom", message: "Phone: enter a valid phone number, like (212) 555-0123 or +44 20 7946 0958." });
        return z.NEVER;
      }
      return phone.number; // E.164
    }),
    // Stored canonical: links become their target, abbreviations and fixed offsets are refused (timezones.ts).
    timezone: text.transform((value, context) => {
      const zone = canonicalTimeZone(value);
      if (zone === null) {
        context.addIssue({ code: "custom", message: TIME_ZONE_MESSAGE });
        return z.NEVER;
      }
      return zone;
    }),
    // What people type ("9:00", "9am", "21:30"), stored as schedule.ts's HH:MM.
    timeOfDay: text.transform((value, context) => {
      const time = parseTimeOfDay(value);
      if (time === null) {
        context.addIssue({ code: "custom", message: TIME_MESSAGE });
        return z.NEVER;
      }
      return time;
    }),
    cadence: z.enum(CADENCES, { message: "Cadence: choose daily, weekdays, weekends or custom." }),
    daysOfWeek: z
      .union([z.string(), z.array(z.string())])
      .nullish()
      .transform((value) => (value == null ? [] : [value].flat()))
      .pipe(
        z.array(
          z
            .string()
            .regex(/^[0-6]$/, { message: "Days: use 0 (Sunday) to 6 (Saturday)." })
            .transform(Number),
        ),
      )
      .transform((days) => [...new Set(days)].sort((a, b) => a - b)),
    active: checkbox,
    consent: checkbox,
    voiceId: text.refine((value) => value === "" || isVoiceName(value), {
      message: `Voice: choose one of ${VOICE_NAMES.join(", ")}, or leave it empty for the receptionist's voice.`,
    }),
    // Not sent at all (an API client, an older form): the default parts.
    briefingParts: checkboxGroup.transform((parts, context) => {
      if (parts === null) return [...DEFAULT_BRIEFING_PARTS];
      const unknown = parts.find((part) => !(BRIEFING_PARTS as readonly string[]).includes(part));
      if (unknown !== undefined) {
        context.addIssue({ code: "custom", message: `Briefing: choose among ${BRIEFING_PARTS.join(", ")}.` });
        return z.NEVER;
      }
      // In the briefing's own order, once each.
      return BRIEFING_PARTS.filter((part) => parts.includes(part));
    }),
  })
  // Cross-field rules. `when` runs them even when another field failed (zod skips them by default),
  // so the form shows every error at once; they must therefore cope with unvalidated values.
  .refine((values) => !(values.cadence === "custom" && Array.isArray(values.daysOfWeek) && values.daysOfWeek.length === 0), {
    path: ["daysOfWeek"],
    message: "Days: choose at least one day for a custom schedule.",
    when: () => true,
  })
  .refine((values) => !(values.active === true && values.consent !== true), {
    path: ["consent"],
    message: "Consent: to turn calls on, confirm the person at this number agreed to receive automated calls.",
    when: () => true,
  })
  .transform(({ phone, daysOfWeek, voiceId, ...rest }): CheckinSettingsInput => ({
    ...rest,
    phoneE164: phone,
    // Days matter only for a custom cadence; storing others' days would be noise.
    daysOfWeek: rest.cadence === "custom" ? daysOfWeek : [],
    // Refined above: anything but a voice name is the empty "receptionist's voice".
    voiceId: isVoiceName(voiceId) ? voiceId : null,
  }));

export type ParsedCheckinSettings = { ok: true; settings: CheckinSettingsInput } | { ok: false; errors: CheckinErrors; message: string };

export function parseCheckinSettings(raw: Record<string, unknown>): ParsedCheckinSettings {
  const result = CheckinSettingsSchema.safeParse(raw);
  if (result.success) return { ok: true, settings: result.data };
  const errors: CheckinErrors = {};
  for (const issue of result.error.issues) {
    // Unknown top-level keys are stripped, so every issue's path starts with a field.
    const field = issue.path[0] as CheckinField;
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, message: Object.values(errors).join(" ") };
}

/** A submitted form's values, keeping every checked day and part (Object.fromEntries would keep only the last). */
export function checkinFormValues(form: FormData): Record<string, unknown> {
  const values: Record<string, unknown> = { ...Object.fromEntries(form), daysOfWeek: form.getAll("daysOfWeek") };
  if (form.has("briefingParts")) values.briefingParts = form.getAll("briefingParts");
  return values;
}
