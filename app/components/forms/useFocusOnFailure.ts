import { useEffect, useRef } from "react";

/**
 * After a failed submission, moves focus to the first invalid field (by
 * element id, in the form's order) or else to the error banner's container,
 * so a keyboard or screen-reader user lands on what needs fixing.
 *
 * `failure` must be a new object per failed submission (a fetcher's data is).
 */
export function useFocusOnFailure(failure: object | null | undefined, invalidFieldIds: readonly string[] = []) {
  const bannerRef = useRef<HTMLDivElement>(null);
  const fieldKey = invalidFieldIds.join(" ");

  useEffect(() => {
    if (!failure) return;
    const field = invalidFieldIds.map((id) => document.getElementById(id)).find((element): element is HTMLElement => element !== null);
    (field ?? bannerRef.current)?.focus();
    // fieldKey stands for invalidFieldIds; only a new failure moves focus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [failure, fieldKey]);

  return bannerRef;
}
