// The Shop row's installation: every authentication (syncShop) proves the app installed at that moment, so a late
// app/uninstalled from before it must not end the shop's installation (uninstall.server.ts).
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { describe, expect, it } from "vitest";
import { installShop } from "../../tests/support/shopify";
import { syncShop } from "./shop.server";

const admin = {
  graphql: async () => Response.json({ data: { shop: { name: "Harbor & Pine", ianaTimezone: "America/New_York", currencyCode: "USD" } } }),
} as unknown as AdminApiContext;

describe("syncShop", () => {
  it.each([
    ["a shop marked uninstalled", new Date("2026-06-01T10:00:00Z")],
    ["a shop whose uninstall was never delivered (every delivery failed)", null],
  ])("an authentication of %s clears the mark and starts the installation from now", async (_label, uninstalledAt) => {
    const shop = await installShop(`sync-${uninstalledAt ? "marked" : "unmarked"}.myshopify.com`, {
      installedAt: new Date("2026-01-05T10:00:00Z"),
      uninstalledAt,
    });
    const before = Date.now();
    const synced = await syncShop(admin, shop.domain);
    expect(synced).toMatchObject({ uninstalledAt: null, name: "Harbor & Pine", timezone: "America/New_York" });
    expect(synced.installedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });
});
