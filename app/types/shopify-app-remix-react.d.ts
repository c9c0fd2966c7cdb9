// tsconfig "paths" sends @shopify/shopify-app-remix/react to the package's
// CJS build, because its ESM build uses import attributes that the Remix
// classic compiler's esbuild cannot parse. That build ships no types next to
// it, so give TypeScript the package's own declarations (reached through the
// types-only alias "shopify-app-remix-react-types", also in tsconfig).
declare module "@shopify/shopify-app-remix/react" {
  export * from "shopify-app-remix-react-types";
}
