import { useCallback, useEffect, useMemo, useRef, useState } from "react";

export interface FormDraft<T extends object> {
  values: T;
  /** True while the values differ from what was last loaded or saved. */
  dirty: boolean;
  setField: <K extends keyof T>(field: K, value: T[K]) => void;
  /** Back to what was last loaded or saved. */
  discard: () => void;
}

const sameValues = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The values a form is editing, against the saved values the loader gave it.
 * When the loader's values change (after a save, or a revalidation), an
 * untouched form follows them and an edited one keeps its edits: a refresh
 * never discards what the merchant typed.
 */
export function useFormDraft<T extends object>(saved: T): FormDraft<T> {
  const [values, setValues] = useState(saved);
  const baseline = useRef(saved);
  const savedKey = JSON.stringify(saved);

  useEffect(() => {
    const previous = baseline.current;
    baseline.current = saved;
    setValues((current) => (sameValues(current, previous) ? saved : current));
    // savedKey stands for `saved`: a new object with the same values is no change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [savedKey]);

  const setField = useCallback(<K extends keyof T>(field: K, value: T[K]) => setValues((current) => ({ ...current, [field]: value })), []);
  const discard = useCallback(() => setValues(baseline.current), []);
  const dirty = useMemo(() => !sameValues(values, JSON.parse(savedKey) as T), [values, savedKey]);
  return { values, dirty, setField, discard };
}
