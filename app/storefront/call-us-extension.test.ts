// The theme app extension (extensions/call-us): its files are what Shopify's
// CLI accepts (the toml parses, each block's schema follows the app block
// rules) and its Liquid, rendered with liquidjs, shows the receptionist's
// number only while the app's metafield holds one.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import TOML from "@iarna/toml";
import { Liquid, Tag, type TagToken, type TopLevelToken } from "liquidjs";
import { describe, expect, it } from "vitest";
import type { StorefrontReceptionist } from "./storefront-number.server";

const EXTENSION = path.resolve(__dirname, "../../extensions/call-us");
const read = (file: string) => readFileSync(path.join(EXTENSION, file), "utf8");
const BLOCKS = readdirSync(path.join(EXTENSION, "blocks")).filter((file) => file.endsWith(".liquid"));

interface Setting {
  type: string;
  id: string;
  label: string;
  default?: unknown;
  options?: Array<{ value: string; label: string }>;
}

interface BlockSchema {
  name: string;
  target: string;
  stylesheet?: string;
  javascript?: string;
  settings?: Setting[];
}

function schemaOf(block: string): BlockSchema {
  const match = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/.exec(read(`blocks/${block}`));
  if (!match) throw new Error(`${block} has no schema`);
  return JSON.parse(match[1]) as BlockSchema;
}

// Shopify's documented limits for theme app extension blocks.
const SETTING_TYPES = new Set([
  "checkbox",
  "number",
  "radio",
  "range",
  "select",
  "text",
  "textarea",
  "color",
  "color_background",
  "font_picker",
  "html",
  "image_picker",
  "link_list",
  "liquid",
  "richtext",
  "url",
  "video_url",
  "product",
  "collection",
  "page",
  "blog",
  "article",
  "header",
  "paragraph",
]);
const SCHEMA_KEYS = new Set(["name", "target", "settings", "stylesheet", "javascript", "class", "tag", "default", "available_if", "enabled_on", "disabled_on"]);

describe("extension files", () => {
  it("shopify.extension.toml parses as a theme extension", () => {
    const config = TOML.parse(read("shopify.extension.toml"));
    expect(config).toMatchObject({ type: "theme", name: expect.any(String) });
  });

  it("has an app block (section) and an app embed (body)", () => {
    expect(BLOCKS.map((block) => schemaOf(block).target).sort()).toEqual(["body", "section"]);
  });

  it.each(BLOCKS)("%s: its schema follows the app block rules", (block) => {
    const schema = schemaOf(block);
    for (const key of Object.keys(schema)) expect(SCHEMA_KEYS, `unknown schema key ${key}`).toContain(key);
    expect(schema.name.length).toBeGreaterThan(0);
    expect(schema.name.length).toBeLessThanOrEqual(25);
    expect(["section", "body", "head"]).toContain(schema.target);
    for (const asset of [schema.stylesheet, schema.javascript]) if (asset) expect(existsSync(path.join(EXTENSION, "assets", asset))).toBe(true);
    const ids = (schema.settings ?? []).map((setting) => setting.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const setting of schema.settings ?? []) {
      expect(SETTING_TYPES).toContain(setting.type);
      expect(setting.id).toMatch(/^[a-z0-9_]+$/);
      expect(setting.label.length).toBeGreaterThan(0);
      if (setting.type === "select") expect(setting.options?.map((option) => option.value)).toContain(setting.default);
      if (setting.type === "checkbox") expect(typeof setting.default).toBe("boolean");
    }
  });

  it("its locale file is JSON", () => {
    expect(JSON.parse(read("locales/en.default.json"))).toMatchObject({ call_us: { label: "Call us" } });
  });
});

/** liquidjs with what Shopify's Liquid adds and these templates use: {% schema %} and the `t` filter. */
function shopifyLiquid(): Liquid {
  const engine = new Liquid({ root: path.join(EXTENSION, "blocks"), partials: path.join(EXTENSION, "snippets"), extname: ".liquid" });
  engine.registerTag(
    "schema",
    class extends Tag {
      constructor(token: TagToken, remaining: TopLevelToken[], liquid: Liquid) {
        super(token, remaining, liquid);
        // Skips the JSON up to {% endschema %}: Shopify reads it, it renders nothing.
        while (remaining.length > 0) {
          const next = remaining.shift()!;
          if ("name" in next && next.name === "endschema") return;
        }
        throw new Error("{% schema %} without {% endschema %}");
      }
      *render() {}
    },
  );
  const locale = JSON.parse(read("locales/en.default.json")) as Record<string, Record<string, string>>;
  engine.registerFilter("t", (key: string) => key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], locale) ?? key);
  return engine;
}

const RECEPTIONIST: StorefrontReceptionist = { phone: "+14155550123", hours: "Mon-Fri 9am-5pm <ET>" };

function render(block: string, receptionist: StorefrontReceptionist | undefined, settings: Record<string, unknown> = {}) {
  const defaults = Object.fromEntries((schemaOf(block).settings ?? []).map((setting) => [setting.id, setting.default ?? ""]));
  return shopifyLiquid().renderFile(block, {
    // What Shopify exposes: app.metafields.<namespace>.<key>.value, the parsed JSON (absent when deleted).
    app: { metafields: receptionist ? { receptionist: { storefront: { value: receptionist } } } : {} },
    block: { settings: { ...defaults, ...settings }, shopify_attributes: 'data-shopify-editor-block="1"' },
  }) as Promise<string>;
}

describe("Liquid", () => {
  it.each(BLOCKS)("%s shows 'Call us: <number>' with an active receptionist", async (block) => {
    const html = await render(block, RECEPTIONIST, { show_hours: true });
    expect(html.replace(/\s+/g, " ")).toContain('Call us: <span class="ai-call-us__number">+14155550123</span>');
    expect(html).toContain('href="tel:+14155550123"');
    expect(html).toContain("Mon-Fri 9am-5pm &lt;ET&gt;");
    expect(html).toContain('data-shopify-editor-block="1"');
  });

  it.each(BLOCKS)("%s renders nothing without an active receptionist", async (block) => {
    expect((await render(block, undefined)).trim()).toBe("");
  });

  it("hides the hours when the merchant turns them off, and uses the merchant's label", async () => {
    const html = await render("call-us.liquid", RECEPTIONIST, { show_hours: false, label: "Questions? Call" });
    expect(html).not.toContain("Mon-Fri");
    expect(html.replace(/\s+/g, " ")).toContain("Questions? Call: ");
  });

  it("falls back to the translated label when the label is blank, and shows no hours when there are none", async () => {
    const html = await render("call-us.liquid", { phone: "+14155550123", hours: null }, { label: "", show_hours: true });
    expect(html.replace(/\s+/g, " ")).toContain("Call us: ");
    expect(html).not.toContain("ai-call-us__hours");
  });
});
