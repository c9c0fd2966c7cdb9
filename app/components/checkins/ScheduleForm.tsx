import { BlockStack, Button, Card, Checkbox, ChoiceList, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import type { ScheduleFormValues, ScheduleView } from "../../checkins/checkins-view.server";
import { CADENCES, CONSENT_LABEL, type CheckinErrors, type CheckinField } from "../../checkins/settings-input";
import { labelOptions } from "../../formatting/labels";
import type { FormDraft } from "../forms/useFormDraft";
import { TimeOfDayField } from "./TimeOfDayField";

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** Element ids of the fields, in the form's order: focus goes to the first invalid one after a failed save. */
export const FIELD_IDS: Record<CheckinField, string> = {
  name: "checkin-name",
  phone: "checkin-phone",
  timezone: "checkin-timezone",
  timeOfDay: "checkin-time",
  cadence: "checkin-cadence",
  daysOfWeek: "checkin-days",
  voiceId: "checkin-voice",
  briefingParts: "checkin-briefing",
  consent: "checkin-consent",
  active: "checkin-active",
};

export function invalidFieldIds(errors: CheckinErrors | undefined): string[] {
  return (Object.keys(FIELD_IDS) as CheckinField[]).filter((field) => errors?.[field]).map((field) => FIELD_IDS[field]);
}

/** The form's values as the action reads them (one entry per checked day and part). */
/** The save's form data; `opened` is the schedule the edits started from (its on/off value goes along: see staleOnOff). */
export function scheduleFormData(values: ScheduleFormValues, opened: Pick<ScheduleFormValues, "active">): URLSearchParams {
  const form = new URLSearchParams({
    intent: "save",
    activeSeen: String(opened.active),
    name: values.name,
    phone: values.phone,
    timezone: values.timezone,
    timeOfDay: values.timeOfDay,
    cadence: values.cadence,
    active: String(values.active),
    consent: String(values.consent),
    voiceId: values.voiceId,
    // The empty entry says the group was sent, with none checked if it is alone.
    briefingParts: "",
  });
  if (values.cadence === "custom") for (const day of values.daysOfWeek) form.append("daysOfWeek", String(day));
  for (const part of values.briefingParts) form.append("briefingParts", part);
  return form;
}

export function ScheduleForm({
  view,
  draft,
  errors,
  saving,
  onSave,
  onDelete,
}: {
  view: ScheduleView;
  draft: FormDraft<ScheduleFormValues>;
  errors?: CheckinErrors;
  saving: boolean;
  onSave: () => void;
  onDelete?: () => void;
}) {
  const { values, setField, dirty } = draft;
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Schedule
        </Text>
        <FormLayout>
          <FormLayout.Group>
            <TextField
              id={FIELD_IDS.name}
              label="Person"
              value={values.name}
              onChange={(value) => setField("name", value)}
              placeholder="Dana (owner)"
              helpText="Who this schedule calls: the briefing greets them by this name."
              autoComplete="off"
              error={errors?.name}
            />
            <TextField
              id={FIELD_IDS.phone}
              label="Phone number to call"
              type="tel"
              value={values.phone}
              onChange={(value) => setField("phone", value)}
              placeholder="(212) 555-0123"
              helpText="US numbers can omit +1; other countries need their + code."
              autoComplete="tel"
              error={errors?.phone}
            />
          </FormLayout.Group>
          <FormLayout.Group>
            <Select
              id={FIELD_IDS.timezone}
              label="Time zone"
              options={view.timezones}
              value={values.timezone}
              onChange={(value) => setField("timezone", value)}
              helpText="Calls follow this zone's clock, including daylight saving time."
              error={errors?.timezone}
            />
            <TimeOfDayField
              id={FIELD_IDS.timeOfDay}
              label="Time of day"
              value={values.timeOfDay}
              options={view.times}
              error={errors?.timeOfDay}
              onChange={(value) => setField("timeOfDay", value)}
            />
          </FormLayout.Group>
          <Select
            id={FIELD_IDS.cadence}
            label="Cadence"
            options={labelOptions("cadence", CADENCES)}
            value={values.cadence}
            onChange={(value) => setField("cadence", value as (typeof CADENCES)[number])}
            error={errors?.cadence}
          />
          {values.cadence === "custom" && (
            <div id={FIELD_IDS.daysOfWeek} tabIndex={-1}>
              <ChoiceList
                title="Days"
                allowMultiple
                choices={DAYS.map((label, day) => ({ label, value: String(day) }))}
                selected={values.daysOfWeek.map(String)}
                onChange={(selected) => setField("daysOfWeek", selected.map(Number))}
                error={errors?.daysOfWeek}
              />
            </div>
          )}
          <Select
            id={FIELD_IDS.voiceId}
            label="Voice"
            options={[{ label: "The receptionist's voice", value: "" }, ...view.voices.map((voice) => ({ label: voice.label, value: voice.name }))]}
            value={values.voiceId}
            onChange={(value) => setField("voiceId", value)}
            error={errors?.voiceId}
          />
          <div id={FIELD_IDS.briefingParts} tabIndex={-1}>
            <ChoiceList
              title="What the briefing covers"
              allowMultiple
              choices={view.briefingParts}
              selected={values.briefingParts}
              onChange={(selected) => setField("briefingParts", selected as ScheduleFormValues["briefingParts"])}
              error={errors?.briefingParts}
            />
          </div>
          <Checkbox
            id={FIELD_IDS.consent}
            label={CONSENT_LABEL}
            checked={values.consent}
            onChange={(value) => setField("consent", value)}
            error={errors?.consent}
          />
          <Checkbox
            id={FIELD_IDS.active}
            label="Place calls on this schedule"
            checked={values.active}
            onChange={(value) => setField("active", value)}
            error={errors?.active}
          />
        </FormLayout>
        <InlineStack align={onDelete ? "space-between" : "end"}>
          {onDelete && (
            <Button tone="critical" variant="plain" onClick={onDelete}>
              Delete schedule
            </Button>
          )}
          <Button variant="primary" loading={saving} disabled={!dirty} onClick={onSave}>
            Save schedule
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
