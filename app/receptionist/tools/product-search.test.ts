// product_search against the Admin API stand-in, through the app's real
// unauthenticated.admin path: what the caller hears about the demo catalogue.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startToolsTestEnv, type ToolsTestEnv } from "./test-support";

let env: ToolsTestEnv;
let search: (query: unknown) => Promise<string>;

beforeAll(async () => {
  env = await startToolsTestEnv();
  const { searchProducts } = await import("./product-search.server");
  search = (query) => searchProducts({ query }, { shop: env.shopA, callerNumber: null, callId: "call-products", toolCallId: "tool-1" });
});
beforeEach(() => env.standIn.reset());
afterAll(() => env.standIn.close());

describe("product_search", () => {
  it("says the price range and which variants are in stock", async () => {
    const answer = await search("flannel shirt");
    expect(answer).toBe("Found 1 product: Flannel Button-Up Shirt, $59 to $64, in stock in Small, Medium, Large and XL.");
    // One query, for active products matching every word.
    expect(env.standIn.requests()).toHaveLength(1);
    expect(env.standIn.requests()[0].variables?.query).toMatch(/^status:active AND /);
  });

  it("finds plurals and product types, says out-of-stock variants, and leaves out archived products", async () => {
    const answer = await search("shirts");
    expect(answer).toContain("Classic Cotton T-Shirt, $24, in stock in Small / Navy, Medium / Navy and Medium / Heather Grey; out of stock in Large / Navy.");
    expect(answer).toContain("Linen Camp Shirt, $68, out of stock in every option.");
    expect(answer).toContain("Oxford Cloth Shirt, $72.50,");
    expect(answer).not.toContain("Striped Breton Shirt"); // archived
  });

  it("tells backorderable variants from stocked ones, and single-variant products have no option names", async () => {
    expect(await search("chukka boots")).toBe(
      "Found 1 product: Leather Chukka Boots, $189, in stock in US 9 and US 11; can be ordered, not in stock, in US 10.",
    );
    expect(await search("weekender")).toBe("Found 1 product: Canvas Weekender Bag, $165, in stock.");
    expect(await search("enamel mug")).toBe("Found 1 product: Enamel Camp Mug, $18, out of stock.");
  });

  it("matches tags", async () => {
    const answer = await search("merino");
    expect(answer).toContain("Merino Crewneck Sweater");
    expect(answer).toContain("Wool Hiking Socks (3-Pack)");
  });

  it("suggests products sharing one of the words when nothing matches them all", async () => {
    const answer = await search("wool parka");
    expect(answer).toMatch(/^The store has no product matching "wool parka"\. Close matches: /);
    expect(answer).toContain("Fisherman Cable-Knit Sweater ($145)");
    expect(answer).toContain("Wool Hiking Socks (3-Pack) ($32)");
  });

  it("suggests titles close to a misheard word", async () => {
    const answer = await search("flanel");
    expect(answer).toContain('no product matching "flanel"');
    expect(answer).toContain("Flannel Button-Up Shirt ($59 to $64)");
  });

  it("invents nothing when nothing is close, and never offers drafts", async () => {
    const nothing = await search("zzqx");
    expect(nothing).toMatch(/no product matching "zzqx".*do not suggest/i);
    expect(nothing).not.toContain("$");

    const draft = await search("chore coat"); // Heritage Chore Coat is a draft
    expect(draft).toContain('no product matching "chore coat"');
    expect(draft).not.toContain("Heritage Chore Coat");
  });

  it("asks what the caller is looking for when the query is empty or only filler", async () => {
    for (const query of ["", "   ", undefined, 42, "do you have any"]) {
      expect(await search(query)).toMatch(/^Ask the caller which product/);
    }
    expect(env.standIn.requests()).toHaveLength(0);
  });

  it("keeps search syntax in the caller's words from changing the query", async () => {
    const answer = await search('shirt" OR status:draft) -title:(');
    expect(answer).not.toContain("Heritage Chore Coat");
    const sent = String(env.standIn.requests()[0].variables?.query);
    expect(sent).toMatch(/^status:active AND /);
    expect(sent).not.toMatch(/["()]\s*OR status:draft|-title/);
  });
});
