// ESLint (flat config): typescript-eslint, React hooks and jsx-a11y on the
// app, and one architectural rule: production code never imports the sandbox.
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const TESTS = ["**/*.test.{ts,tsx}", "**/test-support.ts", "tests/**"];

const NO_SANDBOX = "Production modules never import app/sandbox (development and test stand-ins): only the sandbox, tests and test helpers may.";

/** Files that may import app/sandbox: the sandbox itself, tests and their helpers. */
const SANDBOX_CONSUMERS = ["app/sandbox/**", ...TESTS];

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "public/build/**",
      "app/types/admin.*.d.ts",
      ".cache/**",
      ".data/**",
      "node_modules/**",
      "coverage/**",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      // `_`-prefixed names are deliberately unused (a field destructured away, an unused callback argument).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    // The two classic hooks rules. The React Compiler rules that plugin v7 adds to
    // "recommended" (set-state-in-effect, ...) describe code written for the compiler,
    // which this app does not use. Test files are not React: a harness named use*() is no hook.
    files: ["app/**/*.{ts,tsx}"],
    ignores: TESTS,
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
    },
  },
  {
    files: ["app/**/*.tsx"],
    ...jsxA11y.flatConfigs.recommended,
  },
  {
    // Tests walk untyped JSON answers (GraphQL bodies, simulator state): `any` is how they read them.
    files: TESTS,
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["**/*.{ts,tsx,js}"],
    ignores: SANDBOX_CONSUMERS,
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: "(^|/)sandbox(/|$)", message: NO_SANDBOX }] }],
      // import("...sandbox...") is an expression, which no-restricted-imports does not look at.
      "no-restricted-syntax": ["error", { selector: "ImportExpression[source.value=/(^|\\/)sandbox(\\/|$)/]", message: NO_SANDBOX }],
    },
  },
);
