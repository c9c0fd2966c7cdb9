// The lint rule that keeps the sandbox out of production, run through
// ESLint's own API with the project's config: which files may import
// app/sandbox and which may not, for each way an import can be written.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function sandboxImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages
    .filter((message) => message.ruleId === "no-restricted-imports" || message.ruleId === "no-restricted-syntax")
    .map((message) => message.message);
}

const imports = [
  'import { DEMO_SHOP_DOMAIN } from "../sandbox/fixtures/demo-shop";\nexport const x = DEMO_SHOP_DOMAIN;\n',
  'import "./sandbox/admin-api-routing.server";\n',
  'export { mintSessionToken } from "../sandbox/session-token.server";\n',
  'import type { ShopifyAdminStandIn } from "~/sandbox/shopify-admin/server";\nexport type X = ShopifyAdminStandIn;\n',
  'export const load = () => import("../../app/sandbox/seed");\n',
];

describe("no-restricted-imports: production modules never import app/sandbox", () => {
  it.each(["app/receptionist/provisioning.server.ts", "app/routes/app._index.tsx", "app/jobs/worker.ts", "app/entry.server.tsx"])(
    "%s may not",
    async (file) => {
      for (const code of imports) expect(await sandboxImportErrors(file, code), code).toHaveLength(1);
    },
  );

  it.each([
    "app/sandbox/start.ts",
    "app/sandbox/shopify-admin/server.ts",
    "app/jobs/worker.test.ts",
    "app/receptionist/tools/test-support.ts",
    "tests/support/shopify.ts",
  ])("%s may", async (file) => {
    for (const code of imports) expect(await sandboxImportErrors(file, code)).toEqual([]);
  });

  it("names that only contain the word are fine", async () => {
    expect(await sandboxImportErrors("app/env.server.ts", 'import { x } from "./sandbox-config";\nexport const y = x;\n')).toEqual([]);
  });
});
