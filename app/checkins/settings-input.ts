// The check-in schedule a merchant submits, validated with one schema. Each
// error is keyed by its form field (for inline errors) and names the field and
// the expected form. The rules themselves (time format, zones, cadences) are
// schedule.ts's; this module only turns form values into a rule or errors.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";
import type { Cadence } from "./schedule";
import { validateCallRule } from "./schedule";
import { canonicalTimeZone, TIME_ZONE_MESSAGE } from "./timezones";
import { VOICE_NAMES, isVoiceName, type VoiceName } from "../receptionist/voices";

export const CADENCES = ["daily", "weekdays", "weekends", "custom"] as const satisfies readonly Cadence[];

export type CheckinField = "phone" | "timezone" | "timeOfDay" | "cadence" | "daysOfWeek" | "active" | "consent" | "voiceId";
export type CheckinErrors = Partial<Record<CheckinField, string>>;

export interface CheckinSettingsInput {
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
}

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

/** The time format is schedule.ts's: a rule with this time must be valid there. */
function isTimeOfDay(value: string): boolean {
  try {
    validateCallRule({ timezone: "UTC", timeOfDay: value, cadence: "daily" });
    return true;
  } catch {
    return false;
  }
}

const CheckinSettingsSchema = z
  .object({
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
    timeOfDay: text.refine(isTimeOfDay, { message: "Time: use 24-hour HH:MM, like 09:30." }),
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

/** A submitted form's values, keeping every checked day (Object.fromEntries would keep only the last). */
export function checkinFormValues(form: FormData): Record<string, unknown> {
  return { ...Object.fromEntries(form), daysOfWeek: form.getAll("daysOfWeek") };
}
