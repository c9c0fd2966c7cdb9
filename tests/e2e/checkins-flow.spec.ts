// A check-in scheduled a couple of minutes ahead, in the sandbox: the real
// worker plans it, places it at its minute through the Vapi simulator, and
// the simulator's webhooks move the job along: queued -> scheduled ->
// started -> completed, as the merchant sees it on the page.
import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { DateTime } from "luxon";
import { ensureReceptionist, openFromNav, removeReceptionist, simulatorUrl } from "./sandbox";

const SCREENSHOTS = "tests/artifacts/screenshots";
const CONSENT = "I confirm the person at this number agreed to receive automated calls";
const MERCHANT_PHONE = "+12125550123";

test.use({ viewport: { width: 1280, height: 1900 } });

const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });

/** Reloads the check-in page until the job of `day` (e.g. "Nov 21, 2026") shows `status`, then screenshots it. */
async function waitForJobStatus(page: Page, day: string, status: string, timeoutMs: number): Promise<FrameLocator> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const app = await openFromNav(page, "Check-in calls", "Check-in calls");
    // The job history is the page's last table (after "Next calls").
    const job = app.getByRole("table").last().locator("tbody tr").filter({ hasText: day });
    const badge = job.getByText(status, { exact: true });
    if (await badge.isVisible()) {
      await shot(page, `checkins-job-${status}`);
      return app;
    }
    if (Date.now() > deadline) throw new Error(`The job never showed "${status}"`);
    await page.waitForTimeout(500);
  }
}

test("a check-in two minutes ahead goes queued, scheduled, started, completed", async ({ page, request }) => {
  test.setTimeout(240_000);
  await page.goto("/sandbox");
  const setUpHere = await ensureReceptionist(page);

  // The merchant takes the call slowly enough for each state to be seen.
  await request.post(`${simulatorUrl()}/__sim/call-scripts`, {
    data: { customerNumber: MERCHANT_PHONE, script: { ringMs: 6000, talkMs: 8000, outcome: "customer-ended-call" } },
  });

  let app = await openFromNav(page, "Check-in calls", "Check-in calls");
  if (await app.getByRole("button", { name: "Delete schedule" }).isVisible()) {
    await app.getByRole("button", { name: "Delete schedule" }).click();
    await app.getByRole("button", { name: "Delete", exact: true }).click();
    await expect(app.getByRole("status").getByText("Schedule deleted")).toBeVisible();
  }

  // The next whole minute at least 60 s away, in the shop's zone (the form's default).
  const at = DateTime.now().setZone("America/New_York").plus({ seconds: 60 }).startOf("minute").plus({ minutes: 1 });
  await app.getByLabel("Phone number to call").fill(MERCHANT_PHONE);
  await app.getByLabel("Time of day").fill(at.toFormat("HH:mm"));
  await app.getByLabel("Cadence").selectOption("daily");
  await app.getByLabel(CONSENT).check();
  await app.getByLabel("Place calls on this schedule").check();
  await app.getByRole("button", { name: "Save", exact: true }).click();
  await expect(app.getByRole("status").getByText("Saved")).toBeVisible();

  const day = at.toFormat("LLL d, yyyy");
  await waitForJobStatus(page, day, "queued", 10_000);
  const untilCall = at.toMillis() - Date.now();
  await waitForJobStatus(page, day, "scheduled", untilCall + 20_000);
  await waitForJobStatus(page, day, "started", 20_000);
  await waitForJobStatus(page, day, "completed", 30_000);

  // The call itself is on the calls page, as an outbound call to the merchant.
  app = await openFromNav(page, "Calls", "Calls");
  await expect(app.getByRole("table").locator("tbody tr").first()).toContainText("outbound");
  await expect(app.getByRole("table").locator("tbody tr").first()).toContainText(MERCHANT_PHONE);

  // Leave the sandbox as found: the other specs do not expect a schedule or a receptionist.
  app = await openFromNav(page, "Check-in calls", "Check-in calls");
  await app.getByRole("button", { name: "Delete schedule" }).click();
  await app.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(app.getByRole("status").getByText("Schedule deleted")).toBeVisible();
  if (setUpHere) await removeReceptionist(page);
});
