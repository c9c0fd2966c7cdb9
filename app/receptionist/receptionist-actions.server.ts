// What the receptionist page's forms do on the server: save its settings
// (one PATCH to the assistant), refresh its product knowledge, or remove it.
// Every change is mirrored to the storefront's "Call us" block. Setting it
// up goes through the provisioning API (api.vapi.provision.tsx).
import type { Shop } from "@prisma/client";
import { logger, newCorrelationId, withCorrelationId } from "../observability/logger.server";
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { scheduleStorefrontSync, syncStorefrontNumber } from "../storefront/storefront-number.server";
import { AppError } from "../vapi/errors";
import { refreshKnowledge } from "./knowledge-refresh.server";
import { removeReceptionist, updateReceptionist } from "./provisioning.server";
import type { ReceptionistActionResult } from "./receptionist-submit";
import { parseReceptionistSettings } from "./settings-input";
import { loadPromptProducts } from "./shop-knowledge.server";

export async function runReceptionistAction(
  shop: Shop,
  admin: AdminApiContext,
  form: Record<string, FormDataEntryValue>,
): Promise<{ result: ReceptionistActionResult; status: number }> {
  return withCorrelationId(newCorrelationId(), async () => {
    const intent = String(form.intent ?? "");
    try {
      if (intent === "remove") {
        await syncStorefrontNumber(admin, await removeReceptionist(shop.id));
        logger.info("Receptionist removed", { shop: shop.domain });
        return { result: { ok: true, intent }, status: 200 };
      }
      if (intent === "update") {
        const parsed = parseReceptionistSettings(form);
        if (!parsed.ok) return { result: { ok: false, intent, code: "VALIDATION_ERROR", message: parsed.message, fields: parsed.errors }, status: 400 };
        await syncStorefrontNumber(admin, await updateReceptionist(shop.id, parsed.settings, () => loadPromptProducts(admin)));
        logger.info("Receptionist updated", { shop: shop.domain });
        return { result: { ok: true, intent }, status: 200 };
      }
      if (intent === "refresh") {
        await refreshKnowledge(shop, admin);
        logger.info("Receptionist knowledge refreshed", { shop: shop.domain });
        return { result: { ok: true, intent }, status: 200 };
      }
      return { result: { ok: false, intent, code: "VALIDATION_ERROR", message: "Unknown action." }, status: 400 };
    } catch (error) {
      const failure = error instanceof AppError ? error : new AppError("DB_SAVE_FAILED", "Something went wrong. Please try again.", { cause: error });
      logger.error(`Receptionist ${intent} failed: ${failure.code}`, { error: failure.cause ?? failure });
      // The receptionist is now shown failed: the storefront stops offering its number.
      if (failure.code === "VAPI_RESOURCE_GONE")
        await scheduleStorefrontSync(shop.domain).catch((queueError: unknown) => logger.error("Queueing the storefront sync failed", { error: queueError }));
      return { result: { ok: false, intent, code: failure.code, message: failure.message }, status: failure.status };
    }
  });
}
