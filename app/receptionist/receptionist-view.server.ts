// The receptionist page's view model: the receptionist's state as the page
// shows it (its number in the store's format, times in the store's zone,
// the setup's steps), the settings the forms start from, and where a
// merchant gets help when setting up fails.
import type { Shop } from "@prisma/client";
import { env } from "../env.server";
import { formatPhone, storeCountry } from "../formatting/phone";
import { formatInstant } from "../formatting/time";
import { receptionistState } from "./provisioning.server";
import { PRODUCT_SELECTION_DESCRIPTION } from "./shop-knowledge.server";
import { setupSteps } from "./setup-steps";
import { VOICES } from "./voices";

export function receptionistView(shop: Shop, now = new Date()) {
  const state = receptionistState(shop, now);
  const country = storeCountry(shop);
  return {
    status: state.status,
    phoneNumber: state.status === "active" ? formatPhone(state.phoneNumber, country) : null,
    // What the setup and settings forms start from, as text fields hold it.
    settings: {
      voice: state.voice,
      hoursOfOperation: state.hoursOfOperation ?? "",
      preferredAreaCode: state.preferredAreaCode ?? "",
      // As the merchant would write it; settings-input reads national and international forms alike.
      forwardingNumber: formatPhone(state.forwardingNumber, country)?.display ?? "",
    },
    // Before a run records its first step (or before the page learns of it), the first step is the one being worked on.
    setupSteps: setupSteps(state.progress?.step ?? null),
    setupStalled: state.progress?.stalled ?? false,
    lastError: state.status === "failed" ? (state.lastError?.message ?? null) : null,
    // What a failed setup (or a receptionist partly deleted at the voice service) left there: it costs money, so the page offers to remove it.
    leftovers: state.status === "failed" ? leftoversOf(state) : null,
    storefrontSyncError: state.storefrontSyncError,
    // Formatted here, in the shop's timezone, so server and browser render the same text.
    knowledgeRefreshed: state.knowledgeRefreshedAt ? formatInstant(state.knowledgeRefreshedAt, shop.timezone) : null,
    voices: VOICES.map(({ name, label, description }) => ({ name, label, description })),
    productSelection: PRODUCT_SELECTION_DESCRIPTION,
    supportUrl: env.SUPPORT_URL ?? null,
  };
}

export type ReceptionistView = ReturnType<typeof receptionistView>;

/** "The assistant", "The phone number" or both, or null when nothing is left (pure). */
function leftoversOf(state: Pick<ReturnType<typeof receptionistState>, "assistantId" | "phoneNumberId">): string | null {
  const kept = [state.assistantId && "assistant", state.phoneNumberId && "phone number"].filter(Boolean);
  return kept.length === 0 ? null : `The ${kept.join(" and ")}`;
}
