// The shop's check-in schedules against a real database: validation before
// any write, consent bookkeeping, several schedules per shop, scoping to the
// shop, and the job queries.
import pg from "pg";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../db.server";
import { stopJobQueue } from "../jobs/queue.server";
import { deleteSchedule, getSchedule, jobStats, listJobs, listSchedules, listSessions, saveSchedule, toggleSchedule } from "./settings.server";

const NOW = new Date("2026-03-09T12:00:00Z");
const FORM = {
  name: "Dana (owner)",
  phone: "(212) 555-0123",
  timezone: "America/New_York",
  timeOfDay: "09:30",
  cadence: "weekdays",
  active: "true",
  consent: "true",
};

let shopId: string;
let otherShopId: string;

beforeEach(async () => {
  await prisma.shop.deleteMany();
  ({ id: shopId } = await prisma.shop.create({ data: { domain: "a.myshopify.com", name: "A", timezone: "America/New_York" } }));
  ({ id: otherShopId } = await prisma.shop.create({ data: { domain: "b.myshopify.com", name: "B" } }));
});
afterAll(stopJobQueue);

/** The shop's one schedule in most cases here: created by the first save, then replaced. */
const onlySchedule = async (shop = shopId) => (await listSchedules(shop))[0] ?? null;
const upsert = async (raw: Record<string, unknown>, now: Date) => saveSchedule(shopId, (await onlySchedule())?.id ?? null, raw, now);
const toggle = async (active: boolean, now: Date) => toggleSchedule(shopId, (await onlySchedule())?.id ?? "none", active, now);

const job = (shop: string, status: string, localDate: string, callSettingsId?: string) =>
  prisma.callJob.create({
    data: { shopId: shop, callSettingsId, status: status as never, localDate, scheduledForUtc: new Date(`${localDate}T14:00:00Z`) },
  });

describe("saveSchedule", () => {
  it("writes nothing when the input is invalid", async () => {
    const result = await upsert({ ...FORM, timeOfDay: "25:00" }, NOW);
    expect(result).toMatchObject({ ok: false, errors: { timeOfDay: "Time: enter a time like 9:00, 9am or 21:30." } });
    expect(await prisma.callSettings.count()).toBe(0);
    expect(await prisma.callJob.count()).toBe(0);
  });

  it.each(["EST", "EST5EDT", "Etc/GMT+5"])("refuses %s posted directly, with the form's inline error, and writes nothing", async (timezone) => {
    const result = await upsert({ ...FORM, timezone }, NOW);
    expect(result).toMatchObject({ ok: false, errors: { timezone: "Time zone: choose an IANA time zone, like America/New_York." } });
    expect(await prisma.callSettings.count()).toBe(0);
  });

  it("stores US/Eastern as America/New_York", async () => {
    expect(await upsert({ ...FORM, timezone: "US/Eastern" }, NOW)).toMatchObject({ ok: true, settings: { timezone: "America/New_York" } });
    expect(await onlySchedule()).toMatchObject({ timezone: "America/New_York" });
  });

  it("stores a typed time as HH:MM", async () => {
    expect(await upsert({ ...FORM, timeOfDay: "9:15 pm" }, NOW)).toMatchObject({ ok: true, settings: { timeOfDay: "21:15" } });
  });

  it("needs a person's name, and keeps the briefing parts asked for, in their order", async () => {
    expect(await upsert({ ...FORM, name: "  " }, NOW)).toMatchObject({ ok: false, errors: { name: expect.stringMatching(/^Name: /) } });
    expect(await upsert({ ...FORM, briefingParts: ["", "lowStock", "orders"] }, NOW)).toMatchObject({
      ok: true,
      settings: { name: "Dana (owner)", briefingParts: ["orders", "lowStock"] },
    });
    expect(await upsert({ ...FORM, briefingParts: ["orders", "weather"] }, NOW)).toMatchObject({ ok: false, errors: { briefingParts: expect.any(String) } });
  });

  it("creates a second schedule beside the first; each keeps its own fields", async () => {
    const first = await saveSchedule(shopId, null, FORM, NOW);
    const second = await saveSchedule(shopId, null, { ...FORM, name: "Sam (weekends)", timezone: "Europe/Berlin", timeOfDay: "8am", cadence: "weekends" }, NOW);
    expect(first.ok && second.ok).toBe(true);
    const schedules = await listSchedules(shopId);
    expect(schedules.map((schedule) => [schedule.name, schedule.timezone, schedule.timeOfDay, schedule.cadence])).toEqual([
      ["Dana (owner)", "America/New_York", "09:30", "weekdays"],
      ["Sam (weekends)", "Europe/Berlin", "08:00", "weekends"],
    ]);
  });

  it("treats another shop's schedule id as not found, and writes nothing to it", async () => {
    const theirs = await saveSchedule(otherShopId, null, FORM, NOW);
    if (!theirs.ok) throw new Error("expected a saved schedule");
    expect(await saveSchedule(shopId, theirs.settings.id, { ...FORM, name: "Mallory" }, NOW)).toEqual({ ok: false, notFound: true });
    expect(await getSchedule(shopId, theirs.settings.id)).toBeNull();
    expect(await toggleSchedule(shopId, theirs.settings.id, false, NOW)).toMatchObject({ ok: false });
    expect(await deleteSchedule(shopId, theirs.settings.id)).toBe("not-found");
    expect(await getSchedule(otherShopId, theirs.settings.id)).toMatchObject({ name: "Dana (owner)", active: true });
  });

  it("creates one schedule, then updates it", async () => {
    const created = await upsert(FORM, NOW);
    expect(created).toMatchObject({
      ok: true,
      settings: { shopId, phoneE164: "+12125550123", cadence: "weekdays", daysOfWeek: [], active: true, consentAt: NOW },
    });
    const updated = await upsert({ ...FORM, cadence: "custom", daysOfWeek: ["2", "4"] }, new Date("2026-03-10T00:00:00Z"));
    expect(updated).toMatchObject({ ok: true, settings: { cadence: "custom", daysOfWeek: [2, 4], consentAt: NOW } });
    expect(await prisma.callSettings.count()).toBe(1);
  });

  it("asks for consent again for a new number, and forgets it when it is withdrawn", async () => {
    await upsert(FORM, NOW);
    const later = new Date("2026-03-11T00:00:00Z");
    expect(await upsert({ ...FORM, phone: "+1 415 555 2671" }, later)).toMatchObject({ ok: true, settings: { consentAt: later } });
    expect(await upsert({ ...FORM, active: "false", consent: "false" }, later)).toMatchObject({
      ok: true,
      settings: { active: false, consentAt: null },
    });
  });

  it.each([
    {
      openedWith: true,
      changedTo: false,
      message: /^Calls were paused elsewhere after this page was opened, so saving it as it is would turn them on again\. Reload/,
    },
    {
      openedWith: false,
      changedTo: true,
      message: /^Calls were turned on elsewhere after this page was opened, so saving it as it is would pause them again\. Reload/,
    },
  ])(
    "a form opened with calls $openedWith, saved after they were set to $changedTo elsewhere, keeps that choice unless it changes on/off itself",
    async ({ openedWith, changedTo, message }) => {
      await upsert({ ...FORM, active: String(openedWith) }, NOW);
      expect(await toggle(changedTo, NOW)).toMatchObject({ ok: true });
      // The stale form is saved as it was opened, with an edit of the name.
      const stale = await upsert({ ...FORM, name: "Dana Whitfield", active: String(openedWith), activeSeen: String(openedWith) }, NOW);
      expect(stale).toMatchObject({ ok: false, errors: {}, message: expect.stringMatching(message) });
      expect(await onlySchedule()).toMatchObject({ active: changedTo, name: "Dana (owner)" });
      // Reloaded, the form shows the schedule as it is: its save goes through and keeps the on/off value.
      expect(await upsert({ ...FORM, name: "Dana Whitfield", active: String(changedTo), activeSeen: String(changedTo) }, NOW)).toMatchObject({
        ok: true,
        settings: { active: changedTo, name: "Dana Whitfield" },
      });
      // A change of on/off made in the form itself is the merchant's own choice.
      expect(await upsert({ ...FORM, active: String(openedWith), activeSeen: String(changedTo) }, NOW)).toMatchObject({
        ok: true,
        settings: { active: openedWith },
      });
    },
  );

  it("plans the schedule's coming calls", async () => {
    await upsert(FORM, NOW);
    const jobs = await prisma.callJob.findMany({ where: { shopId } });
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((planned) => planned.status === "queued" && planned.scheduledForUtc > NOW)).toBe(true);
  });
});

describe("toggleSchedule", () => {
  it("needs a saved schedule", async () => {
    expect(await toggle(true, NOW)).toMatchObject({ ok: false, message: "Save a schedule first." });
  });

  it("refuses to turn calls on without consent, and pauses or resumes otherwise", async () => {
    await upsert({ ...FORM, active: "false", consent: "false" }, NOW);
    expect(await toggle(true, NOW)).toMatchObject({ ok: false, message: expect.stringMatching(/^Consent: /) });
    expect(await onlySchedule()).toMatchObject({ active: false });

    await upsert({ ...FORM, active: "false" }, NOW);
    expect(await toggle(true, NOW)).toMatchObject({ ok: true, settings: { active: true } });
    expect(await toggle(false, NOW)).toMatchObject({ ok: true, settings: { active: false } });
  });
});

describe("toggleSchedule against a save in another tab", () => {
  it("consent withdrawn while calls were being turned on: calls stay off, and the toggle says why", async () => {
    await upsert({ ...FORM, active: "false" }, NOW);
    const schedule = (await onlySchedule())!;
    // The other tab's save (calls off, consent withdrawn) holds the row while this toggle reads it and then writes.
    const otherTab = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await otherTab.connect();
    try {
      await otherTab.query("BEGIN");
      await otherTab.query(`UPDATE "CallSettings" SET active = false, "consentAt" = NULL WHERE id = $1`, [schedule.id]);
      const toggling = toggleSchedule(shopId, schedule.id, true, NOW);
      await waitForLockWait(otherTab);
      await otherTab.query("COMMIT");
      expect(await toggling).toMatchObject({ ok: false, message: expect.stringMatching(/^Consent: /) });
    } finally {
      await otherTab.end();
    }
    expect(await onlySchedule()).toMatchObject({ active: false, consentAt: null });
    expect(await prisma.callJob.count({ where: { callSettingsId: schedule.id, status: "queued" } })).toBe(0);
  });
});

/** Until a statement of another session waits for a lock (the toggle's write, queued behind the other tab's). */
async function waitForLockWait(client: pg.Client) {
  for (let tries = 0; tries < 200; tries++) {
    const { rows } = await client.query(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()`);
    if (rows[0].waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the toggle never waited for the other tab's lock");
}

describe("deleteSchedule", () => {
  it("supersedes pending jobs and keeps the history without the schedule", async () => {
    const { settings } = (await upsert({ ...FORM, active: "false" }, NOW)) as { settings: { id: string } };
    const done = await job(shopId, "completed", "2026-03-02", settings.id);
    const pending = await job(shopId, "scheduled", "2026-03-20", settings.id);

    expect(await deleteSchedule(shopId, settings.id)).toBe("deleted");
    expect(await onlySchedule()).toBeNull();
    expect(await prisma.callJob.findUniqueOrThrow({ where: { id: done.id } })).toMatchObject({ status: "completed", callSettingsId: null });
    expect(await prisma.callJob.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ status: "superseded", callSettingsId: null });
    expect(await deleteSchedule(shopId, settings.id)).toBe("not-found");
  });
});

describe("job queries", () => {
  beforeEach(async () => {
    const statuses = ["completed", "completed", "completed", "failed", "missed", "canceled", "queued"];
    for (const [index, status] of statuses.entries()) await job(shopId, status, `2026-03-${String(index + 1).padStart(2, "0")}`);
    await job(otherShopId, "failed", "2026-03-01");
  });

  it("lists the shop's jobs, latest first, filtered and limited", async () => {
    const jobs = await listJobs(shopId);
    expect(jobs.map((listed) => listed.localDate)).toEqual(["2026-03-07", "2026-03-06", "2026-03-05", "2026-03-04", "2026-03-03", "2026-03-02", "2026-03-01"]);
    expect((await listJobs(shopId, { status: "failed" })).map((listed) => listed.localDate)).toEqual(["2026-03-04"]);
    expect(await listJobs(shopId, { limit: 2 })).toHaveLength(2);
    expect(await listJobs(shopId, { limit: 0 })).toHaveLength(1);
    expect(await listJobs(shopId, { limit: 1000 })).toHaveLength(7);
  });

  it("counts jobs per status and the success rate over calls with an outcome", async () => {
    expect(await jobStats(shopId)).toEqual({
      counts: { queued: 1, scheduled: 0, started: 0, completed: 3, failed: 1, canceled: 1, missed: 1 },
      total: 7,
      successRate: 3 / 5,
    });
    await prisma.callJob.deleteMany({ where: { shopId, status: { in: ["completed", "failed", "missed"] } } });
    expect(await jobStats(shopId)).toMatchObject({ successRate: null, total: 2 });
  });

  it("lists the shop's outbound calls only", async () => {
    const session = (shop: string, direction: "inbound" | "outbound", vapiCallId: string) =>
      prisma.callSession.create({ data: { shopId: shop, direction, vapiCallId, status: "ended" } });
    await session(shopId, "outbound", "call-1");
    await session(shopId, "inbound", "call-2");
    await session(otherShopId, "outbound", "call-3");
    expect((await listSessions(shopId)).map((listed) => listed.vapiCallId)).toEqual(["call-1"]);
  });
});
