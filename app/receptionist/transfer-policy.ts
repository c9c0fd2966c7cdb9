// Whether a caller may be transferred to a person now (pure): only while the
// store is open, and only to the shop's forwarding number. The number is in
// no assistant configuration: Vapi asks for it (transfer-destination-request)
// at the moment of the transfer, and gets it only then. A shop that never
// set its opening hours transfers at any time, as before hours existed; a
// schedule that is set but empty is never open.
import type { OpeningHours } from "../opening-hours/opening-hours";
import { describeStatus } from "../opening-hours/describe";
import { openingStatus } from "../opening-hours/opening-hours";

export type TransferDecision = { transfer: true; number: string } | { transfer: false; reason: "no-forwarding-number" | "closed"; instruction: string };

const TAKE_A_MESSAGE =
  "Do not transfer. Offer to take a message instead: ask for the caller's name, a number to call them back on (read it back to confirm) and the reason, then call take_message.";

export function transferDecision(forwardingNumber: string | null, hours: OpeningHours | null, at: Date): TransferDecision {
  if (!forwardingNumber) return { transfer: false, reason: "no-forwarding-number", instruction: `No one can take calls at the store. ${TAKE_A_MESSAGE}` };
  if (hours && !openingStatus(hours, at).open) return { transfer: false, reason: "closed", instruction: `${describeStatus(hours, at)} ${TAKE_A_MESSAGE}` };
  return { transfer: true, number: forwardingNumber };
}
