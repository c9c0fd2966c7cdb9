// Helpers for the check-in pages in browser tests: the list of schedules
// (one per person), a schedule's page, and its save bar (App Bridge's
// ui-save-bar, drawn in the frame by the sandbox's stand-in).
import { expect, type FrameLocator, type Page } from "@playwright/test";
import { openFromNav } from "./sandbox";

export const CONSENT = "I confirm the person at this number agreed to receive automated calls";

export function saveBar(app: FrameLocator) {
  return app.getByRole("region", { name: "Unsaved changes" });
}

/** Clicks Save in the save bar; `outcome` "Saved" waits for the toast. */
export async function saveWithBar(app: FrameLocator, outcome: "Saved" | "error" = "Saved") {
  await saveBar(app).getByRole("button", { name: "Save", exact: true }).click();
  if (outcome === "Saved") await expect(app.getByRole("status").getByText("Saved")).toBeVisible();
  else await expect(app.getByText("The schedule was not saved")).toBeVisible();
}

/** The "Check-in calls" list, from the admin's nav. */
export function openCheckins(page: Page): Promise<FrameLocator> {
  return openFromNav(page, "Check-in calls", "Check-in calls");
}

/** The list's link to a person's schedule (IndexTable's primary link). */
export function scheduleLink(app: FrameLocator, person: string) {
  return app.getByRole("link", { name: person, exact: true });
}

/** Deletes every schedule on the list, so a spec starts from none (a rerun on a kept sandbox too). */
export async function deleteAllSchedules(page: Page) {
  let app = await openCheckins(page);
  const rows = app.getByRole("table").locator("tbody tr");
  // The list is rendered with its heading (one loader): no rows then means no schedule.
  while ((await rows.count()) > 0) {
    await rows.first().getByRole("link").first().click();
    await deleteOpenSchedule(app);
    app = page.frameLocator("#app-frame");
  }
}

/** On a schedule's page: Delete schedule, confirm, back on the list. */
export async function deleteOpenSchedule(app: FrameLocator) {
  await app.getByRole("button", { name: "Delete schedule" }).click();
  await expect(app.getByText("Delete the check-in schedule?")).toBeVisible();
  await app.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(app.getByRole("status").getByText("Schedule deleted")).toBeVisible();
  await expect(app.getByRole("heading", { name: "Check-in calls", level: 1, exact: true })).toBeVisible();
}

export interface ScheduleFields {
  person: string;
  phone: string;
  time: string;
  cadence?: "daily" | "weekdays" | "weekends" | "custom";
  timezone?: string;
  active?: boolean;
}

/** From the list: Add schedule, fill it in, save with the save bar; ends on the new schedule's page. */
export async function addSchedule(page: Page, fields: ScheduleFields): Promise<FrameLocator> {
  const app = await openCheckins(page);
  await app.getByRole("link", { name: "Add schedule" }).first().click();
  await expect(app.getByRole("heading", { name: "New check-in schedule", level: 1 })).toBeVisible();
  await app.getByLabel("Person", { exact: true }).fill(fields.person);
  await app.getByLabel("Phone number to call").fill(fields.phone);
  if (fields.timezone) await app.getByLabel("Time zone").selectOption(fields.timezone);
  await app.getByLabel("Time of day").fill(fields.time);
  await app.getByLabel("Cadence").selectOption(fields.cadence ?? "daily");
  await app.getByLabel(CONSENT).check();
  if (fields.active ?? true) await app.getByLabel("Place calls on this schedule").check();
  await saveWithBar(app);
  await expect(app.getByRole("heading", { name: fields.person, level: 1 })).toBeVisible();
  return app;
}
