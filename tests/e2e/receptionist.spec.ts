// The AI receptionist page end to end, in the sandbox: Chromium drives the
// sandbox admin, which frames the app; the app provisions against the Vapi
// simulator, whose /__sim/ endpoints the test uses to slow it down, make it
// fail, and check what the app really did at "Vapi".
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type FrameLocator, type Page } from "@playwright/test";
import { baseURL } from "./playwright.config";

const SCREENSHOTS = "tests/artifacts/screenshots";
const E164 = /^\+[1-9]\d{7,14}$/;
// ElevenLabs ids of the voices the test picks (app/receptionist/voices.ts).
const VOICE_IDS = { anna: "XrExE9yKIg1WjnnlVkGX", adam: "pNInz6obpgDQGcFmaJgB" };

interface SimState {
  assistants: Array<{ id: string; voice?: { voiceId?: string } }>;
  phoneNumbers: Array<{ id: string; number?: string; assistantId?: string; status?: string }>;
  requests: Array<{ method: string; path: string; status: number | null; fault?: string }>;
}

/** The simulator's URL, written by app/sandbox/start.ts once the sandbox is ready. */
function simulatorUrl(): string {
  const port = new URL(baseURL).port;
  const file = path.resolve(`.data/sandbox-urls-${port}.json`);
  return (JSON.parse(readFileSync(file, "utf8")) as { vapiBaseUrl: string }).vapiBaseUrl;
}

async function simState(request: APIRequestContext, sim: string): Promise<SimState> {
  const response = await request.get(`${sim}/__sim/state`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as SimState;
}

/**
 * The requests that could create or change something at Vapi (every setup makes one: it creates an assistant or a
 * number). Not its reads: the worker's own upkeep (a sweep two minutes after an earlier setup, reconciliation)
 * reads Vapi in the background whenever its time comes.
 */
async function vapiWrites(request: APIRequestContext, sim: string): Promise<number> {
  return (await simState(request, sim)).requests.filter((entry) => entry.method !== "GET").length;
}

async function simControl(request: APIRequestContext, sim: string, method: "POST" | "DELETE", endpoint: string, data?: unknown) {
  const response = await request.fetch(`${sim}/__sim/${endpoint}`, { method, data });
  expect(response.ok(), `${method} /__sim/${endpoint}: ${await response.text()}`).toBe(true);
}

async function openReceptionistPage(page: Page): Promise<FrameLocator> {
  await page.goto("/sandbox");
  const app = page.frameLocator("#app-frame");
  // The app's nav, published to the admin's sidebar by the App Bridge stand-in.
  await page.getByRole("navigation").getByText("AI receptionist", { exact: true }).click();
  await expect(app.getByRole("heading", { name: "AI receptionist", level: 1 })).toBeVisible();
  return app;
}

/** Every number request answers Vapi's "area code not available" (no hints to follow). */
const NO_AREA_CODE_HAS_NUMBERS = {
  method: "POST",
  path: "/phone-number",
  status: 400,
  body: { message: "This area code is currently not available.", error: "Bad Request", statusCode: 400 },
  times: 100,
};

const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}/receptionist-${name}.png`, fullPage: true });

test.describe.configure({ mode: "serial" });

let sim: string;

test.beforeAll(() => {
  sim = simulatorUrl();
});

test.beforeEach(async ({ request }) => {
  await simControl(request, sim, "DELETE", "faults");
  await simControl(request, sim, "POST", "latency", { method: "POST", path: "/phone-number", ms: 0 });
});

test("set up, copy the number, change the voice, remove", async ({ page, context, request }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const app = await openReceptionistPage(page);

  // Idle: the setup form.
  await expect(app.getByRole("heading", { name: "Set up your AI receptionist" })).toBeVisible();
  await shot(page, "idle");

  await app.getByLabel("Voice").selectOption("anna");
  await app.getByLabel("Hours of operation").fill("Mon-Sat 10am-6pm ET");
  await app.getByLabel("Preferred area code").fill("415");
  // Slow the number purchase so the provisioning state stays on screen.
  await simControl(request, sim, "POST", "latency", { method: "POST", path: "/phone-number", ms: 1500 });
  await app.getByRole("button", { name: "Set up AI receptionist" }).click();

  // Provisioning: the steps, the assistant done while the number is being bought.
  await expect(app.getByText("Setting up your AI receptionist…")).toBeVisible();
  await expect(app.getByRole("button", { name: "Set up AI receptionist" })).toHaveCount(0);
  await expect(app.getByTestId("setup-step-assistant")).toHaveAttribute("data-state", "complete", { timeout: 10_000 });
  await expect(app.getByTestId("setup-step-number")).toHaveAttribute("data-state", "current");
  await expect(app.getByText("Assistant created")).toBeVisible();
  await expect(app.getByText("Getting a phone number")).toBeVisible();
  await shot(page, "provisioning");

  // Complete: the number in national format (E.164 on hover), a success banner and a toast.
  const numberElement = app.getByTestId("receptionist-number");
  await expect(numberElement).toBeVisible({ timeout: 15_000 });
  const number = (await numberElement.getAttribute("data-e164")) ?? "";
  expect(number).toMatch(E164);
  expect(number.startsWith("+1415")).toBe(true);
  await expect(numberElement).toHaveText(/^\(415\) \d{3}-\d{4}$/);
  await expect(numberElement).toHaveAttribute("title", number);
  await expect(app.getByText("Your AI receptionist is live")).toBeVisible();
  await expect(app.getByText("Your AI receptionist is set up")).toBeVisible();
  await expect(app.getByRole("status").filter({ hasText: "AI receptionist is live" })).toBeVisible();
  await shot(page, "complete");

  let state = await simState(request, sim);
  expect(state.phoneNumbers).toHaveLength(1);
  const [phone] = state.phoneNumbers;
  expect(phone).toMatchObject({ number, status: "active" });
  expect(state.assistants.map((assistant) => assistant.id)).toEqual([phone.assistantId]);
  expect(state.assistants[0].voice?.voiceId).toBe(VOICE_IDS.anna);

  // Copy: the clipboard holds the number and a toast confirms it.
  await app.getByRole("button", { name: "Copy" }).click();
  await expect(app.getByRole("status").filter({ hasText: "Number copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(number);
  await shot(page, "copied");

  // Change the voice and save: one PATCH, the assistant's voice id changes at Vapi.
  // The settings form is the only form left on the page.
  await expect(app.getByRole("heading", { name: "Settings", exact: true })).toBeVisible();
  await expect(app.getByLabel("Preferred area code")).toHaveCount(0);
  const settings = app.locator("body");
  await expect(settings.getByLabel("Voice")).toHaveValue("anna");
  await expect(settings.getByLabel("Hours of operation")).toHaveValue("Mon-Sat 10am-6pm ET");
  // Nothing changed yet: nothing to save.
  await expect(settings.getByRole("button", { name: "Save changes" })).toBeDisabled();
  await settings.getByLabel("Voice").selectOption("adam");
  // The save is aborted on the way (the connection drops): a banner, and the choice is still there.
  const pageAction = (url: URL) => url.pathname === "/app/receptionist" && url.searchParams.has("_data");
  await page.route(pageAction, (route) => (route.request().method() === "POST" ? route.abort("connectionreset") : route.fallback()));
  await settings.getByRole("button", { name: "Save changes" }).click();
  await expect(app.getByText("Your changes were not saved")).toBeVisible();
  await expect(app.getByText(/Nothing you typed is lost/)).toBeVisible();
  await expect(settings.getByLabel("Voice")).toHaveValue("adam");
  await expect(app.getByText("Application Error")).toHaveCount(0);
  await shot(page, "save-aborted");
  await page.unroute(pageAction);
  await settings.getByRole("button", { name: "Save changes" }).click();
  await expect(app.getByRole("status").filter({ hasText: "Receptionist updated" })).toBeVisible();
  state = await simState(request, sim);
  expect(state.assistants).toHaveLength(1);
  expect(state.assistants[0].voice?.voiceId).toBe(VOICE_IDS.adam);
  expect(state.requests.filter((entry) => entry.method === "PATCH" && entry.path === `/assistant/${phone.assistantId}`)).toHaveLength(1);
  await shot(page, "saved");

  // An edit shows the admin's save bar; its Discard puts the saved value back and nothing is left to save.
  await settings.getByLabel("Hours of operation").fill("Closed on Sundays");
  const saveBar = app.getByRole("region", { name: "Unsaved changes" });
  await expect(saveBar).toBeVisible();
  await expect(settings.getByRole("button", { name: "Save changes" })).toBeEnabled();
  await saveBar.getByRole("button", { name: "Discard" }).click();
  await expect(settings.getByLabel("Hours of operation")).toHaveValue("Mon-Sat 10am-6pm ET");
  await expect(saveBar).toHaveCount(0);
  await expect(settings.getByRole("button", { name: "Save changes" })).toBeDisabled();

  // Remove, with confirmation: the setup form is back, the number released and the assistant deleted.
  await settings.getByRole("button", { name: "Remove receptionist" }).click();
  const dialog = app.getByRole("dialog");
  await expect(dialog.getByText(`The phone number ${await numberElement.textContent()} is released`)).toBeVisible();
  await shot(page, "remove-confirm");
  await dialog.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(app.getByRole("heading", { name: "Set up your AI receptionist" })).toBeVisible({ timeout: 10_000 });
  await expect(app.getByTestId("receptionist-number")).toHaveCount(0);
  await expect(app.getByRole("status").filter({ hasText: "Receptionist removed" })).toBeVisible();
  await shot(page, "removed");

  state = await simState(request, sim);
  expect(state.phoneNumbers).toEqual([]);
  expect(state.assistants).toEqual([]);
  expect(state.requests).toContainEqual(expect.objectContaining({ method: "DELETE", path: `/phone-number/${phone.id}`, status: 200 }));
  expect(state.requests).toContainEqual(expect.objectContaining({ method: "DELETE", path: `/assistant/${phone.assistantId}`, status: 200 }));
});

test("a setting that is not valid is an error at its field, and the setup can go on", async ({ page, request }) => {
  const app = await openReceptionistPage(page);
  await expect(app.getByRole("heading", { name: "Set up your AI receptionist" })).toBeVisible();
  const before = await vapiWrites(request, sim);
  await app.getByLabel("Preferred area code").fill("41");
  await app.getByLabel("Forwarding number").fill("555");
  await app.getByRole("button", { name: "Set up AI receptionist" }).click();

  await expect(app.getByText(/Preferred area code: 3 digits/)).toBeVisible();
  await expect(app.getByText(/Forwarding number: a valid phone number/)).toBeVisible();
  // Not a failed setup: no failure banner, the button is still "Set up", focus on the first field to fix.
  await expect(app.getByText("Setup did not finish")).toHaveCount(0);
  await expect(app.getByRole("button", { name: "Set up AI receptionist" })).toBeVisible();
  await expect(app.getByLabel("Preferred area code")).toBeFocused();
  await expect(app.getByLabel("Preferred area code")).toHaveValue("41");
  await shot(page, "invalid");
  // No setup began at Vapi.
  expect(await vapiWrites(request, sim)).toBe(before);
});

test("a setup request that gets no answer keeps what was typed and says so", async ({ page, request }) => {
  const app = await openReceptionistPage(page);
  await expect(app.getByRole("heading", { name: "Set up your AI receptionist" })).toBeVisible();
  const before = await vapiWrites(request, sim);
  // The connection drops: the provisioning request is aborted in the browser.
  await page.route("**/api/vapi/provision", (route) => route.abort("connectionreset"));
  await app.getByLabel("Hours of operation").fill("Tue-Sun 8am-4pm PT");
  await app.getByLabel("Preferred area code").fill("212");
  await app.getByRole("button", { name: "Set up AI receptionist" }).click();

  const banner = app.getByText("The setup request got no answer");
  await expect(banner).toBeVisible();
  await expect(app.getByText(/Nothing you typed is lost/)).toBeVisible();
  await expect(app.getByLabel("Hours of operation")).toHaveValue("Tue-Sun 8am-4pm PT");
  await expect(app.getByLabel("Preferred area code")).toHaveValue("212");
  await expect(app.getByText("Application Error")).toHaveCount(0);
  await shot(page, "no-answer");
  await page.unroute("**/api/vapi/provision");
  expect(await vapiWrites(request, sim)).toBe(before);
});

test("every area code failing shows an error with Retry, and Retry succeeds", async ({ page, request }) => {
  const app = await openReceptionistPage(page);
  await expect(app.getByRole("heading", { name: "Set up your AI receptionist" })).toBeVisible();
  const before = (await simState(request, sim)).requests.length;

  await simControl(request, sim, "POST", "faults", NO_AREA_CODE_HAS_NUMBERS);
  await app.getByLabel("Preferred area code").fill("510");
  await app.getByRole("button", { name: "Set up AI receptionist" }).click();

  await expect(app.getByText("Setup did not finish")).toBeVisible({ timeout: 15_000 });
  await expect(app.getByText(/No phone number was available in area codes 510, /)).toBeVisible();
  // Help is one click away: the support URL from the configuration (the sandbox sets a mailto: address).
  await expect(app.getByRole("link", { name: "Contact support" })).toHaveAttribute("href", /^mailto:/);
  const retry = app.getByRole("button", { name: "Set up AI receptionist" });
  await expect(retry).toBeVisible();
  // The merchant's input survives the failure.
  await expect(app.getByLabel("Preferred area code")).toHaveValue("510");
  await shot(page, "error");

  let state = await simState(request, sim);
  const attempts = state.requests.slice(before).filter((entry) => entry.method === "POST" && entry.path === "/phone-number");
  expect(attempts.length).toBeGreaterThan(1);
  expect(attempts.every((entry) => entry.status === 400 && entry.fault === "status")).toBe(true);
  expect(state.phoneNumbers).toEqual([]);
  // The assistant is kept for the retry.
  expect(state.assistants).toHaveLength(1);
  const assistantId = state.assistants[0].id;

  // Faults cleared: Retry reuses the assistant and gets a number.
  await simControl(request, sim, "DELETE", "faults");
  await retry.click();
  const numberElement = app.getByTestId("receptionist-number");
  await expect(numberElement).toBeVisible({ timeout: 15_000 });
  const number = (await numberElement.getAttribute("data-e164")) ?? "";
  expect(number).toMatch(/^\+1510\d{7}$/);
  await expect(app.getByText("Setup did not finish")).toHaveCount(0);
  await shot(page, "retried");

  state = await simState(request, sim);
  expect(state.assistants.map((assistant) => assistant.id)).toEqual([assistantId]);
  expect(state.phoneNumbers).toEqual([expect.objectContaining({ number, assistantId, status: "active" })]);
});

test("home follows a setup that is running, with no second set-up button", async ({ page, request }) => {
  let app = await openReceptionistPage(page);
  // The previous test left the receptionist live: remove it first.
  await app.getByRole("button", { name: "Remove receptionist" }).click();
  await app.getByRole("dialog").getByRole("button", { name: "Remove", exact: true }).click();
  await expect(app.getByRole("heading", { name: "Set up your AI receptionist" })).toBeVisible({ timeout: 15_000 });

  await simControl(request, sim, "POST", "latency", { method: "POST", path: "/phone-number", ms: 6000 });
  await app.getByRole("button", { name: "Set up AI receptionist" }).click();
  await expect(app.getByTestId("setup-step-number")).toHaveAttribute("data-state", "current", { timeout: 10_000 });

  await page.getByRole("navigation").getByText("Home", { exact: true }).click();
  app = page.frameLocator("#app-frame");
  await expect(app.getByText("Setting up", { exact: true })).toBeVisible();
  await expect(app.getByText(/Your receptionist is being set up/)).toBeVisible();
  await expect(app.getByRole("link", { name: "Set up AI receptionist" })).toHaveCount(0);
  await shot(page, "home-setting-up");

  // Its page picks the running setup up and shows it finish.
  await app.getByRole("link", { name: "View setup progress" }).click();
  await expect(app.getByTestId("receptionist-number")).toBeVisible({ timeout: 20_000 });
});

test("what a failed setup left at the voice service can be removed from its page", async ({ page, request }) => {
  const app = await openReceptionistPage(page);
  // The previous test left the receptionist live: remove it first (the live page's removal).
  await app.getByRole("button", { name: "Remove receptionist" }).click();
  await app.getByRole("dialog").getByRole("button", { name: "Remove", exact: true }).click();
  await expect(app.getByRole("heading", { name: "Set up your AI receptionist" })).toBeVisible({ timeout: 15_000 });
  // Nothing was left over: no removal offered.
  await expect(app.getByRole("button", { name: "Remove receptionist" })).toHaveCount(0);

  await simControl(request, sim, "POST", "faults", NO_AREA_CODE_HAS_NUMBERS);
  await app.getByLabel("Preferred area code").fill("510");
  await app.getByRole("button", { name: "Set up AI receptionist" }).click();
  await expect(app.getByText("Setup did not finish")).toBeVisible({ timeout: 15_000 });
  expect((await simState(request, sim)).assistants).toHaveLength(1);

  await app.getByRole("button", { name: "Remove receptionist" }).click();
  const dialog = app.getByRole("dialog");
  await expect(dialog.getByText("The assistant left at the voice service is released.")).toBeVisible();
  await shot(page, "remove-leftovers");
  await dialog.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(app.getByRole("status").filter({ hasText: "Receptionist removed" })).toBeVisible({ timeout: 10_000 });
  await expect(app.getByText("Setup did not finish")).toHaveCount(0);
  await expect(app.getByRole("button", { name: "Remove receptionist" })).toHaveCount(0);
  await expect(app.getByRole("heading", { name: "Set up your AI receptionist" })).toBeVisible();

  const state = await simState(request, sim);
  expect(state.assistants).toEqual([]);
  expect(state.phoneNumbers).toEqual([]);
});
