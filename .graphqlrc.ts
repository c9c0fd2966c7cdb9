import { ApiType, shopifyApiProject } from "@shopify/api-codegen-preset";

// Keep in step with apiVersion in app/shopify.server.ts and shopify.app.toml.
// The preset reads ./app/types/admin-<version>.schema.json, which
// `npm run graphql-codegen` unpacks from the offline copy first (it would
// otherwise download the schema from Shopify).
export default {
  projects: {
    default: shopifyApiProject({
      apiType: ApiType.Admin,
      apiVersion: "2026-07",
      // The app's own operations: not the Admin API stand-in's or the tests'.
      documents: ["./app/**/*.{ts,tsx}", "!./app/sandbox/**", "!./app/**/*.test.{ts,tsx}"],
      outputDir: "./app/types",
    }),
  },
};
