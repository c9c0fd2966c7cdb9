// The receptionist settings a merchant submits (setup and update forms, the
// provisioning API), validated with one schema. Errors name the field and
// the expected form.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";
import { DEFAULT_VOICE, VOICE_NAMES, isVoiceName } from "./voices";
import type { ReceptionistSettings } from "./provisioning.server";

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? null : value))
  .nullish()
  .transform((value) => value ?? null);

export const ReceptionistSettingsSchema = z.object({
  voice: z
    .string()
    .default(DEFAULT_VOICE)
    .refine(isVoiceName, { message: `Voice: choose one of ${VOICE_NAMES.join(", ")}.` }),
  hoursOfOperation: optionalText.refine((value) => value === null || value.length <= 200, {
    message: "Hours of operation: at most 200 characters, e.g. Mon-Fri 9am-5pm ET.",
  }),
  preferredAreaCode: optionalText.refine((value) => value === null || /^[2-9]\d{2}$/.test(value), {
    message: "Preferred area code: 3 digits, like 415 (US area codes do not start with 0 or 1).",
  }),
  forwardingNumber: optionalText.transform((value, context) => {
    if (value === null) return null;
    const phone = parsePhoneNumberFromString(value, "US");
    if (!phone?.isValid()) {
      context.addIssue({ code: "custom", message: "Forwarding number: a valid phone number, e.g. +1 415 555 0123." });
      return z.NEVER;
    }
    return phone.number; // E.164
  }),
});

export type SettingsErrors = Partial<Record<keyof ReceptionistSettings, string>>;

export function parseReceptionistSettings(
  raw: Record<string, unknown>,
): { ok: true; settings: ReceptionistSettings } | { ok: false; errors: SettingsErrors; message: string } {
  const result = ReceptionistSettingsSchema.safeParse(raw);
  if (result.success) return { ok: true, settings: result.data };
  const errors: SettingsErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as keyof ReceptionistSettings;
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, message: Object.values(errors).join(" ") };
}
