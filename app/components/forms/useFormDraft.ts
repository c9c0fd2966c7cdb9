import { useCallback, useEffect, useMemo, useRef, useState } from "react";

export interface FormDraft<T extends object> {
  values: T;
  /** True while the values differ from what was last loaded or saved. */
  dirty: boolean;
  /**
   * The saved values the edits started from: the loaded ones while nothing is
   * edited, and then those as they were at the first edit, whatever a
   * revalidation loads meanwhile (a save can tell the server what it was
   * based on).
   */
  origin: T;
  setField: <K extends keyof T>(field: K, value: T[K]) => void;
  /** Back to what was last loaded or saved. */
  discard: () => void;
}

const sameValues = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);

export interface DraftState<T extends object> {
  values: T;
  origin: T;
}

/**
 * The draft once the loaded values change from `previous` to `saved` (pure):
 * untouched, or now saved as it is, it follows them, and they are what any
 * next edit starts from; edited, it keeps its edits and their origin.
 */
export function draftAfterLoad<T extends object>(current: DraftState<T>, previous: T, saved: T): DraftState<T> {
  return sameValues(current.values, previous) || sameValues(current.values, saved) ? { values: saved, origin: saved } : current;
}

/**
 * The values a form is editing, against the saved values the loader gave it.
 * When the loader's values change (after a save, or a revalidation), an
 * untouched form follows them and an edited one keeps its edits: a refresh
 * never discards what the merchant typed.
 */
export function useFormDraft<T extends object>(saved: T): FormDraft<T> {
  const [draft, setDraft] = useState<DraftState<T>>({ values: saved, origin: saved });
  const baseline = useRef(saved);
  const savedKey = JSON.stringify(saved);

  useEffect(() => {
    const previous = baseline.current;
    baseline.current = saved;
    setDraft((current) => draftAfterLoad(current, previous, saved));
    // savedKey stands for `saved`: a new object with the same values is no change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [savedKey]);

  const setField = useCallback(
    <K extends keyof T>(field: K, value: T[K]) => setDraft((current) => ({ ...current, values: { ...current.values, [field]: value } })),
    [],
  );
  const discard = useCallback(() => setDraft({ values: baseline.current, origin: baseline.current }), []);
  const dirty = useMemo(() => !sameValues(draft.values, JSON.parse(savedKey) as T), [draft.values, savedKey]);
  return { values: draft.values, dirty, origin: draft.origin, setField, discard };
}
