// The receptionist's settings fields, shared by the setup form and the
// settings form: voice, hours, area code (setup only) and forwarding number.
import { FormLayout, Select, TextField } from "@shopify/polaris";
import type { FormDraft } from "../forms/useFormDraft";
import type { ReceptionistView } from "../../receptionist/receptionist-view.server";
import type { SettingsErrors } from "../../receptionist/settings-input";

export type SettingsValues = ReceptionistView["settings"];
type Voice = ReceptionistView["voices"][number];

/** The element id of a settings field, for moving focus to it after a failed submission. */
export const settingsFieldId = (name: keyof SettingsValues) => `receptionist-${name}`;

/** The ids of the fields an answer names as invalid, in the form's order. */
export function invalidFieldIds(errors: SettingsErrors | undefined): string[] {
  const order: Array<keyof SettingsValues> = ["voice", "hoursOfOperation", "preferredAreaCode", "forwardingNumber"];
  return order.filter((name) => errors?.[name]).map(settingsFieldId);
}

export function SettingsFormFields({
  draft,
  voices,
  errors,
  showAreaCode,
}: {
  draft: FormDraft<SettingsValues>;
  voices: Voice[];
  errors?: SettingsErrors;
  showAreaCode: boolean;
}) {
  const { values, setField } = draft;
  const selected = voices.find((voice) => voice.name === values.voice);
  return (
    <FormLayout>
      <Select
        id={settingsFieldId("voice")}
        label="Voice"
        options={voices.map((voice) => ({ label: voice.label, value: voice.name }))}
        value={values.voice}
        onChange={(value) => setField("voice", value)}
        helpText={selected?.description}
        error={errors?.voice}
      />
      <TextField
        id={settingsFieldId("hoursOfOperation")}
        label="Hours of operation"
        value={values.hoursOfOperation}
        onChange={(value) => setField("hoursOfOperation", value)}
        placeholder="Mon-Fri 9am-5pm ET"
        helpText="Outside these hours the receptionist takes a message."
        autoComplete="off"
        error={errors?.hoursOfOperation}
      />
      {showAreaCode && (
        <TextField
          id={settingsFieldId("preferredAreaCode")}
          label="Preferred area code"
          value={values.preferredAreaCode}
          onChange={(value) => setField("preferredAreaCode", value)}
          placeholder="415"
          helpText="Optional. If it has no numbers left, we try others."
          autoComplete="off"
          error={errors?.preferredAreaCode}
        />
      )}
      <TextField
        id={settingsFieldId("forwardingNumber")}
        label="Forwarding number"
        type="tel"
        value={values.forwardingNumber}
        onChange={(value) => setField("forwardingNumber", value)}
        placeholder="(415) 555-0123"
        helpText="Optional. Callers who ask for a person are transferred here."
        autoComplete="tel"
        error={errors?.forwardingNumber}
      />
    </FormLayout>
  );
}
