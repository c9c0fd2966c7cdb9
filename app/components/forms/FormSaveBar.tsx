import { SaveBar } from "@shopify/app-bridge-react";

export interface FormSaveBarProps {
  /** Unique on the page: App Bridge addresses the bar by id. */
  id: string;
  dirty: boolean;
  saving: boolean;
  onSave: () => void;
  onDiscard: () => void;
}

/**
 * Shopify's contextual save bar, shown in the admin's chrome while the form
 * has unsaved changes. App Bridge hooks into the two buttons: the primary one
 * is Save, the other Discard. While it shows, the admin asks before leaving.
 */
export function FormSaveBar({ id, dirty, saving, onSave, onDiscard }: FormSaveBarProps) {
  return (
    <SaveBar id={id} open={dirty || saving}>
      <button variant="primary" onClick={onSave} disabled={saving} loading={saving ? "" : undefined}>
        Save
      </button>
      <button onClick={onDiscard} disabled={saving}>
        Discard
      </button>
    </SaveBar>
  );
}
