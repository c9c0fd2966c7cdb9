// What a schedule save and a planner tick leave when something fails or
// races (a review's findings): a new schedule whose replanning failed is
// still planned by the next tick; a stale form (another tab saved a new time
// meanwhile) never writes an old rule back without replanning; a schedule
// that cannot be planned does not hold up the rest of its batch.
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { createSchedule, plainShop, resetCheckins, startCheckins, stopCheckins, type CheckinModules } from "../../tests/support/checkins";

const replanFailures = vi.hoisted(() => ({ remaining: 0 }));
vi.mock("./job-control.server", async (importOriginal) => {
  const original = await importOriginal<typeof import("./job-control.server")>();
  return {
    ...original,
    onScheduleChanged: async (...args: Parameters<typeof original.onScheduleChanged>) => {
      if (replanFailures.remaining > 0) {
        replanFailures.remaining--;
        throw new Error("connection terminated unexpectedly");
      }
      return original.onScheduleChanged(...args);
    },
  };
});

const NOW = new Date("2026-03-09T12:00:00Z"); // a Monday, 08:00 in New York
const FORM = {
  name: "Dana (owner)",
  phone: "(212) 555-0123",
  timezone: "America/New_York",
  timeOfDay: "09:30",
  cadence: "daily",
  active: "true",
  consent: "true",
};

let m: CheckinModules;
let settings: typeof import("./settings.server");
beforeAll(async () => {
  m = await startCheckins();
  settings = await import("./settings.server");
});
afterAll(() => stopCheckins(m));
beforeEach(() => resetCheckins(m));

/** The queued jobs' local times, as the page lists them. */
async function queuedTimes(scheduleId: string) {
  const jobs = await m.prisma.callJob.findMany({ where: { callSettingsId: scheduleId, status: "queued" }, orderBy: { scheduledForUtc: "asc" } });
  return jobs.map((job) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: "America/New_York", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(job.scheduledForUtc),
  );
}

it("a new schedule whose replanning failed is saved, said so, planned by the next tick, and saving the same form again does no harm", async () => {
  const shop = await plainShop(m);
  replanFailures.remaining = 1;
  // Saved: the page goes to the schedule, so the merchant does not save the form again as a second schedule.
  const saved = await settings.saveSchedule(shop.id, null, FORM, NOW);
  const [created] = await settings.listSchedules(shop.id);
  expect(saved).toMatchObject({ ok: true, settings: { id: created.id } });
  expect(await settings.listSchedules(shop.id)).toHaveLength(1);
  expect(created).toMatchObject({ active: true, nextPlanAt: NOW });
  expect(await m.prisma.callJob.count()).toBe(0);

  expect((await m.planner.planDueSchedules(NOW)).schedules).toBe(1);
  expect(await queuedTimes(created.id)).toEqual(["09:30", "09:30"]); // today's and tomorrow's, within the 36 h horizon
  expect(await settings.saveSchedule(shop.id, created.id, FORM, NOW)).toMatchObject({ ok: true });
  expect(await queuedTimes(created.id)).toEqual(["09:30", "09:30"]);
});

it("a stale form that changes only the name, saved after another tab moved the time, replans to the rule it writes", async () => {
  const shop = await plainShop(m);
  const saved = await settings.saveSchedule(shop.id, null, FORM, NOW);
  if (!saved.ok) throw new Error("not saved");
  const id = saved.settings.id;
  expect(await queuedTimes(id)).toEqual(["09:30", "09:30"]);

  // Tab B reads the schedule (09:30); before it writes, tab A saves 11:00.
  const findFirst = m.prisma.callSettings.findFirst.bind(m.prisma.callSettings);
  let interleaved = false;
  const spy = vi.spyOn(m.prisma.callSettings, "findFirst").mockImplementation(((args: Parameters<typeof findFirst>[0]) =>
    findFirst(args).then(async (row) => {
      if (!interleaved) {
        interleaved = true;
        expect(await settings.saveSchedule(shop.id, id, { ...FORM, timeOfDay: "11:00" }, NOW)).toMatchObject({ ok: true });
        expect(await queuedTimes(id)).toEqual(["11:00", "11:00"]);
      }
      return row;
    })) as never);
  try {
    expect(await settings.saveSchedule(shop.id, id, { ...FORM, name: "Dana Whitfield" }, NOW)).toMatchObject({ ok: true });
  } finally {
    spy.mockRestore();
  }
  expect(interleaved).toBe(true);
  const stored = await m.prisma.callSettings.findUniqueOrThrow({ where: { id } });
  // Tab B's form wins, whole: its name and its time, and the jobs follow the time stored.
  expect(stored).toMatchObject({ name: "Dana Whitfield", timeOfDay: "09:30" });
  expect(await queuedTimes(id)).toEqual(["09:30", "09:30"]);
});

it("a schedule that cannot be planned is left out with an error; the rest of its batch is planned, and later ticks skip it", async () => {
  const shop = await plainShop(m);
  // A rule validation refuses today (a custom cadence without days), as an older version might have stored it.
  const broken = await createSchedule(m, shop, { cadence: "custom", daysOfWeek: [], nextPlanAt: NOW });
  const sound = await createSchedule(m, shop, { timezone: "Asia/Tokyo", timeOfDay: "23:30", cadence: "daily", nextPlanAt: NOW });
  const { logger } = await import("../observability/logger.server");
  const errors = vi.spyOn(logger, "error");
  try {
    expect(await m.planner.planDueSchedules(NOW)).toEqual({ schedules: 2, jobs: 2 });
    expect(errors).toHaveBeenCalledWith(expect.stringContaining("cannot be planned"), expect.objectContaining({ scheduleId: broken.id, shopId: shop.id }));
  } finally {
    errors.mockRestore();
  }
  expect(await m.prisma.callJob.count({ where: { callSettingsId: sound.id } })).toBe(2);
  expect(await m.prisma.callJob.count({ where: { callSettingsId: broken.id } })).toBe(0);
  expect((await m.prisma.callSettings.findUniqueOrThrow({ where: { id: broken.id } })).nextPlanAt).toBeNull();
  expect(await m.planner.planDueSchedules(new Date(NOW.getTime() + 5 * 60_000))).toEqual({ schedules: 0, jobs: 0 });
});
