// How the receptionist page's forms reach the server, in the browser (the
// route's clientAction): setup posts to the provisioning API, everything else
// to the page's own action. A request that never gets an answer becomes a
// result the page shows in a banner (http/no-answer.ts).
import { NO_ANSWER_MESSAGE, orNoAnswer } from "../http/no-answer";
import type { SettingsErrors } from "./settings-input";

export type ReceptionistIntent = "setup" | "update" | "refresh" | "remove";

export type ReceptionistActionResult =
  | { ok: true; intent: string; setup?: "provisioned" | "already_provisioned" }
  | {
      ok: false;
      intent: string;
      /** AppError code ("VALIDATION_ERROR", "PROVISIONING_IN_PROGRESS"...), or "NO_ANSWER" when no answer came back. */
      code: string;
      message: string;
      fields?: SettingsErrors;
    };

/** The provisioning API's JSON contract (api.vapi.provision.tsx). */
type ProvisionResponse =
  | { success: true; data: { status: "provisioned" | "already_provisioned" } }
  | { success: false; error: { code: string; message: string }; fields?: SettingsErrors };

export async function submitReceptionistForm(request: Request, serverAction: () => Promise<unknown>): Promise<ReceptionistActionResult> {
  const form = await request.clone().formData();
  const intent = String(form.get("intent") ?? "");
  return orNoAnswer(async () => (intent === "setup" ? postSetup(form) : ((await serverAction()) as ReceptionistActionResult)), {
    ok: false,
    intent,
    code: "NO_ANSWER",
    message: NO_ANSWER_MESSAGE,
  });
}

async function postSetup(form: FormData): Promise<ReceptionistActionResult> {
  const settings = Object.fromEntries([...form.entries()].filter(([name]) => name !== "intent"));
  // App Bridge adds the session token to the app's own fetches.
  const response = await fetch("/api/vapi/provision", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(settings),
  });
  const body = (await response.json()) as ProvisionResponse;
  if (body.success) return { ok: true, intent: "setup", setup: body.data.status };
  return { ok: false, intent: "setup", code: body.error.code, message: body.error.message, fields: body.fields };
}
