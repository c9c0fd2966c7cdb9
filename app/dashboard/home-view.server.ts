// The home page's view model: the dashboard's figures (figures.server.ts)
// shaped into what the page shows, every time in the store's zone with the
// zone named, numbers in the store's national format, enums as labels.
import type { Shop } from "@prisma/client";
import { DISPOSITIONS } from "../calls/disposition";
import { label } from "../formatting/labels";
import { formatPhone, storeCountry } from "../formatting/phone";
import { formatCalendarDate, formatDaysOfWeek, formatDuration, formatInstant, formatLocalDay, formatTimeOfDay, zoneAbbreviation } from "../formatting/time";
import { dashboardFigures, JOB_STATUSES, type DashboardFigures } from "./figures.server";

type HomeShop = Pick<Shop, "id" | "name" | "timezone" | "receptionistStatus" | "phoneNumber" | "lastErrorMessage">;

function percent(rate: number | null): string | null {
  return rate === null ? null : `${Math.round(rate * 100)}%`;
}

/** Pure: the figures as the home page shows them. */
export function buildHomeView(shop: HomeShop, figures: DashboardFigures) {
  const zone = figures.timezone;
  const country = storeCountry(shop);
  const { receptionist, checkinsToday, inboundCallsToday } = figures;
  const dispositionOrder: string[] = [...DISPOSITIONS, "in-progress"];
  return {
    shopName: shop.name,
    timezone: zone,
    zoneName: zoneAbbreviation(zone, figures.today.start),
    today: formatLocalDay(figures.today.start, zone),
    receptionist: {
      status: receptionist.status,
      phoneNumber: formatPhone(receptionist.phoneNumber, country),
      lastErrorMessage: receptionist.lastErrorMessage,
      lastCall: receptionist.lastInboundCallAt ? formatInstant(receptionist.lastInboundCallAt, zone) : null,
    },
    checkins: {
      total: checkinsToday.total,
      counts: JOB_STATUSES.map((status) => ({ status, count: checkinsToday.counts[status] })),
    },
    calls: {
      count: inboundCallsToday.count,
      averageDuration: inboundCallsToday.averageDurationSec === null ? null : formatDuration(inboundCallsToday.averageDurationSec),
      dispositions: Object.entries(inboundCallsToday.byDisposition)
        .sort(([a], [b]) => dispositionOrder.indexOf(a) - dispositionOrder.indexOf(b))
        .map(([disposition, count]) => ({ disposition, count })),
    },
    week: figures.last7Days.map((day) => ({ ...day, ...formatCalendarDate(day.localDate) })),
    schedules: figures.schedules.map((schedule) => {
      const rule = schedule.schedule;
      return {
        id: schedule.callSettingsId ?? "deleted",
        // A schedule runs on its own wall clock: its time is shown with its zone, labelled.
        title: rule
          ? `${rule.cadence === "custom" ? formatDaysOfWeek(rule.daysOfWeek) : label("cadence", rule.cadence)} at ${formatTimeOfDay(rule.timeOfDay)}`
          : "Deleted schedules",
        // Whom the schedule calls (several people, one schedule each).
        person: rule?.name || null,
        scheduleZone: rule?.timezone ?? null,
        phone: rule ? formatPhone(rule.phoneE164, country) : null,
        active: rule?.active ?? null,
        total: schedule.total,
        completed: schedule.counts.completed,
        failed: schedule.counts.failed,
        missed: schedule.counts.missed,
        successRate: percent(schedule.successRate),
        lastError: schedule.lastError ? { message: schedule.lastError.message, at: formatInstant(schedule.lastError.at, zone) } : null,
      };
    }),
  };
}

export type HomeView = ReturnType<typeof buildHomeView>;

export async function homeView(shop: HomeShop, now: Date = new Date()): Promise<HomeView> {
  return buildHomeView(shop, await dashboardFigures(shop, now));
}
