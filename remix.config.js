/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  // CommonJS server build: the classic compiler bundles the CJS copy of
  // @shopify/shopify-app-remix/react (see tsconfig "paths"), whose ESM copy
  // uses import attributes that esbuild 0.17 cannot parse.
  serverModuleFormat: "cjs",
  serverBuildPath: "build/index.cjs",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    // Single fetch stays off: it breaks shopify-app-remix redirects (shopify-app-js#1976).
    v3_singleFetch: false,
  },
};
