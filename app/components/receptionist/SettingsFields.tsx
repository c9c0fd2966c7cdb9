// The receptionist's settings fields, shared by the setup form and the
// settings form: voice, hours, area code (setup only) and forwarding number.
import { useState } from "react";
import { FormLayout, Select, TextField } from "@shopify/polaris";
import type { ReceptionistView } from "../../receptionist/receptionist-view.server";
import type { SettingsErrors } from "../../receptionist/settings-input";

export type SettingsValues = ReceptionistView["settings"];
type Voice = ReceptionistView["voices"][number];

/** The fields' values, whether they differ from `initial`, and a way back to it. */
export function useSettingsFields(initial: SettingsValues) {
  const [values, setValues] = useState(initial);
  const set = (name: keyof SettingsValues) => (value: string) => setValues((current) => ({ ...current, [name]: value }));
  const dirty = (Object.keys(initial) as Array<keyof SettingsValues>).some((name) => values[name] !== initial[name]);
  return { values, set, dirty, reset: () => setValues(initial) };
}

export type SettingsFieldsState = ReturnType<typeof useSettingsFields>;

export function SettingsFormFields({
  fields,
  voices,
  errors,
  showAreaCode,
}: {
  fields: SettingsFieldsState;
  voices: Voice[];
  errors?: SettingsErrors;
  showAreaCode: boolean;
}) {
  const { values, set } = fields;
  const selected = voices.find((voice) => voice.name === values.voice);
  return (
    <FormLayout>
      <Select
        label="Voice"
        name="voice"
        options={voices.map((voice) => ({ label: voice.label, value: voice.name }))}
        value={values.voice}
        onChange={set("voice")}
        helpText={selected?.description}
        error={errors?.voice}
      />
      <TextField
        label="Hours of operation"
        name="hoursOfOperation"
        value={values.hoursOfOperation}
        onChange={set("hoursOfOperation")}
        placeholder="Mon-Fri 9am-5pm ET"
        helpText="Outside these hours the receptionist takes a message."
        autoComplete="off"
        error={errors?.hoursOfOperation}
      />
      {showAreaCode && (
        <TextField
          label="Preferred area code"
          name="preferredAreaCode"
          value={values.preferredAreaCode}
          onChange={set("preferredAreaCode")}
          placeholder="415"
          helpText="Optional. If it has no numbers left, we try others."
          autoComplete="off"
          error={errors?.preferredAreaCode}
        />
      )}
      <TextField
        label="Forwarding number"
        name="forwardingNumber"
        type="tel"
        value={values.forwardingNumber}
        onChange={set("forwardingNumber")}
        placeholder="(415) 555-0123"
        helpText="Optional. Callers who ask for a person are transferred here."
        autoComplete="tel"
        error={errors?.forwardingNumber}
      />
    </FormLayout>
  );
}
