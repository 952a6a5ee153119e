// Lint rules for the TypeScript sources, checked by `npm run lint`. Syntax-only rules (no type information) so a
// run stays fast; tsc checks types and dependency-cruiser checks layers and cycles. Formatting is Prettier's job.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import { defineConfig } from "eslint/config";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

const typescriptFiles = [
  "pipeline/**/*.ts",
  "src/**/*.ts",
  "test/**/*.ts",
  "bench/**/*.ts",
  "scripts/**/*.ts",
  "notebooks/**/*.ts",
  "observablehq.config.ts",
  "vitest.config.ts",
];

export default defineConfig(
  {
    ignores: ["**/node_modules/", "dist*/", "warehouse/", "src/.observablehq/", "test-results/", ".venv/", ".jupyter/", "bench/results.json"],
  },
  {
    files: typescriptFiles,
    extends: [js.configs.recommended, tseslint.configs.recommended],
    plugins: { "import-x": importX },
    settings: {
      // The built-in resolver (no extra package): imports name the .ts file, or its .js twin as Framework and
      // NodeNext allow; "types" finds the declarations of packages that ship them through "exports".
      "import-x/resolver-next": [
        createNodeResolver({
          extensions: [".ts", ".js", ".mjs", ".cjs", ".json", ".node"],
          extensionAlias: { ".js": [".ts", ".js"] },
          conditionNames: ["types", "import", "require", "node", "default"],
        }),
      ],
    },
    rules: {
      "import-x/first": "error",
      "import-x/no-duplicates": "error",
      "import-x/no-self-import": "error",
      "import-x/no-useless-path-segments": "error",
      "import-x/no-unresolved": "error",
      // A parameter a callback must accept but doesn't use is named _x; the same for a destructured rest's siblings.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // `catch {}` with a comment saying why the failure is expected is the intended idiom for best-effort cleanup.
      "no-empty": ["error", { allowEmptyCatch: true }],
    },
  },
  {
    // Page weight: pages draw with the marks src/components/plot.ts names (bundled tree-shaken after the build);
    // importing Plot or d3 directly would bring the whole of them back onto every page.
    files: ["src/**/*.ts"],
    ignores: ["src/components/plot.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "@observablehq/plot", message: "import * as Plot from './plot.js' (add the mark there)", allowTypeImports: true }],
          patterns: [{ group: ["d3", "d3-*"], message: "Plot's bundle carries the d3 it needs; a direct d3 import adds its modules to every page" }],
        },
      ],
    },
  },
  {
    // tslab compiles a notebook's modules to CommonJS: require() loads jsdom only when there is no DOM, and tsx's
    // CommonJS API loads pipeline modules whose .ts specifiers and import.meta tslab's compiler cannot take.
    files: ["notebooks/**/*.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Hand-written declarations of untyped libraries (scripts/topojson.d.ts): `any` is what those libraries return.
    files: ["**/*.d.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["eslint.config.js"],
    extends: [js.configs.recommended],
  },
  {
    // The few CommonJS files (tslab's kernel launcher, dependency-cruiser's config) run in plain Node.
    files: ["**/*.cjs"],
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", __dirname: "readonly", process: "readonly", console: "readonly" },
    },
  },
  prettier,
);
