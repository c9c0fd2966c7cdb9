// The provisioning API (the spec's JSON contract), for the receptionist page
// and any client holding a session token:
//   GET  -> the receptionist's status (never provisions)
//   POST -> set it up (idempotent: an existing receptionist is returned)
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { logger, newCorrelationId, withCorrelationId } from "../observability/logger.server";
import { provisionReceptionist, receptionistState } from "../receptionist/provisioning.server";
import { parseReceptionistSettings } from "../receptionist/settings-input";
import { loadPromptProducts } from "../receptionist/shop-knowledge.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shop.server";
import { syncStorefrontNumber } from "../storefront/storefront-number.server";
import { AppError, errorBody, ValidationError } from "../vapi/errors";

const SETTINGS_FIELDS: readonly string[] = ["voice", "hoursOfOperation", "preferredAreaCode", "forwardingNumber"];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const shop = await requireShop(admin, session.shop);
  return json({ success: true, data: receptionistState(shop), timestamp: new Date().toISOString() });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return json(errorBody(new AppError("VALIDATION_ERROR", "Use POST to set up the receptionist.")), { status: 405 });
  const { admin, session } = await authenticate.admin(request);
  return withCorrelationId(newCorrelationId(), async () => {
    const started = Date.now();
    logger.info("Starting Vapi provision request", { shop: session.shop });
    try {
      const shop = await requireShop(admin, session.shop);
      const raw = await readBody(request);
      const parsed = parseReceptionistSettings({
        voice: shop.voice,
        hoursOfOperation: shop.hoursOfOperation,
        preferredAreaCode: shop.preferredAreaCode,
        forwardingNumber: shop.forwardingNumber,
        ...raw,
      });
      if (!parsed.ok) {
        return json({ ...errorBody(new AppError("VALIDATION_ERROR", parsed.message)), fields: parsed.errors }, { status: 400 });
      }
      const outcome = await provisionReceptionist(shop.id, parsed.settings, () => loadPromptProducts(admin));
      const { shop: provisioned } = outcome;
      await syncStorefrontNumber(admin, provisioned);
      logger.info(`Provision request finished: ${outcome.status}`, { elapsedMs: Date.now() - started });
      return json({
        success: true,
        data: {
          status: outcome.status,
          assistantId: provisioned.assistantId,
          assistantName: provisioned.assistantName,
          phoneNumber: provisioned.phoneNumber,
          message: outcome.status === "provisioned" ? "AI Receptionist setup complete!" : "AI Receptionist already configured",
          ...(outcome.status === "provisioned" ? { setupTime: `${Math.round((Date.now() - started) / 100) / 10} seconds` } : {}),
        },
        timestamp: new Date().toISOString(),
      });
    } catch (error) {
      const failure =
        error instanceof AppError ? error : new AppError("DB_SAVE_FAILED", "Something went wrong while saving. Please try again.", { cause: error });
      logger.error(`Provision request failed: ${failure.code}`, { error: failure.cause ?? failure, elapsedMs: Date.now() - started });
      // A setting the assistant's own checks refused: name the form field, like the 400 above.
      const field = failure instanceof ValidationError ? failure.field : undefined;
      const fields = field && SETTINGS_FIELDS.includes(field) ? { fields: { [field]: failure.message } } : {};
      return json({ ...errorBody(failure), ...fields }, { status: failure.status });
    }
  });
};

/** JSON or form fields; an empty body means "use the saved settings". */
async function readBody(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (!text.trim()) return {};
  if (request.headers.get("Content-Type")?.includes("application/json")) {
    try {
      const body: unknown = JSON.parse(text);
      if (body && typeof body === "object" && !Array.isArray(body)) return body as Record<string, unknown>;
    } catch {
      // fall through to the validation error below
    }
    throw new AppError("VALIDATION_ERROR", "The request body must be a JSON object of settings.");
  }
  return Object.fromEntries(new URLSearchParams(text));
}
