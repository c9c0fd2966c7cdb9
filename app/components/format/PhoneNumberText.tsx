import type { DisplayPhone } from "../../formatting/phone";

/** A phone number in the store's format, its E.164 form on hover (title) and when copied. */
export function PhoneNumberText({ phone, unknown = "Unknown", testId }: { phone: DisplayPhone | null; unknown?: string; testId?: string }) {
  if (!phone) return <span data-testid={testId}>{unknown}</span>;
  return (
    <span
      title={phone.e164}
      data-testid={testId}
      data-e164={phone.e164}
      // Copying the number copies what a phone or another system dials.
      onCopy={(event) => {
        if (window.getSelection()?.toString().trim() !== phone.display) return;
        event.clipboardData.setData("text/plain", phone.e164);
        event.preventDefault();
      }}
    >
      {phone.display}
    </span>
  );
}
