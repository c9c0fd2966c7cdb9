// The Shopify library's own logger, configured as shopify.server.ts does,
// writes through the app's logger: its "[package/LEVEL]" prefix becomes the
// line's level and component, and its context (which may hold a shop's
// token or a customer's number) is redacted and masked like the app's.
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { afterEach, describe, expect, it } from "vitest";
import { setErrorReporter, type ErrorReport } from "./logger.server";
import { shopifyLibraryLogger } from "./shopify-library-log.server";

afterEach(() => setErrorReporter(undefined));

function written(run: () => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  const original = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const record = ((chunk: string | Uint8Array) => chunks.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stdout.write = record;
  process.stderr.write = record;
  return run()
    .finally(() => {
      process.stdout.write = original.out;
      process.stderr.write = original.err;
    })
    .then(() => chunks.join(""));
}

const api = shopifyApi({
  apiKey: "test-api-key",
  apiSecretKey: "test-api-secret",
  hostName: "receptionist.test",
  apiVersion: ApiVersion.July26,
  isEmbeddedApp: true,
  logger: shopifyLibraryLogger("debug"),
});

describe("the Shopify library's log lines", () => {
  it("maps each severity to the app's level and names the package", async () => {
    const reports: ErrorReport[] = [];
    setErrorReporter((report) => reports.push(report));
    await api.logger.log(LogSeverity.Error, "Failed to refresh the offline token", { shop: "a.myshopify.com", package: "shopify-app" });
    expect(reports).toHaveLength(1);
    expect(reports[0].message).toBe("Failed to refresh the offline token | {shop: a.myshopify.com}");
    expect(reports[0].details).toEqual({ component: "shopify-app" });
  });

  it("warnings come out as the app's warn lines, with tokens and numbers scrubbed", async () => {
    const out = await written(() =>
      api.logger.warning("Request failed for +14155550123", { accessToken: "shpat_abcdef0123456789", url: "/admin?id_token=eyJa.eyJb.c" }),
    );
    expect(out).toMatch(/WARN.*Request failed for \+1-415-\*\*\*-\*\*\*\*/);
    expect(out).toContain('"component":"shopify-api"');
    expect(out).not.toMatch(/abcdef0123456789|eyJa|5550123|\[shopify-api\/WARNING\]/);
  });

  it("the library's level follows the app's: debug lines are not even built at warn", () => {
    expect(shopifyLibraryLogger("warn").level).toBe(LogSeverity.Warning);
    expect(shopifyLibraryLogger("debug").level).toBe(LogSeverity.Debug);
    expect(shopifyLibraryLogger("error")).toMatchObject({ level: LogSeverity.Error, timestamps: false, httpRequests: false });
  });
});
