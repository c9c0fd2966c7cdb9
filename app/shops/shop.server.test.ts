// The Shop row's installation: a reinstall (a sync of a shop marked uninstalled) starts a new one, which a late
// app/uninstalled from before it must not end (uninstall.server.ts); a sync of an installed shop keeps its date.
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { describe, expect, it } from "vitest";
import { installShop } from "../../tests/support/shopify";
import { syncShop } from "./shop.server";

const admin = {
  graphql: async () => Response.json({ data: { shop: { name: "Harbor & Pine", ianaTimezone: "America/New_York", currencyCode: "USD" } } }),
} as unknown as AdminApiContext;

describe("syncShop", () => {
  it("a reinstall clears the mark and starts a new installation; a later sync keeps its date", async () => {
    const firstInstall = new Date("2026-01-05T10:00:00Z");
    const shop = await installShop("sync-reinstall.myshopify.com", { installedAt: firstInstall, uninstalledAt: new Date("2026-06-01T10:00:00Z") });
    const before = Date.now();
    const reinstalled = await syncShop(admin, shop.domain);
    expect(reinstalled).toMatchObject({ uninstalledAt: null, name: "Harbor & Pine", timezone: "America/New_York" });
    expect(reinstalled.installedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((await syncShop(admin, shop.domain)).installedAt).toEqual(reinstalled.installedAt);

    const installed = await installShop("sync-installed.myshopify.com", { installedAt: firstInstall });
    expect((await syncShop(admin, installed.domain)).installedAt).toEqual(firstInstall);
  });
});
