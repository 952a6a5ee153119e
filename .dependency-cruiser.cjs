// Import rules, checked by `npm run lint:deps` (part of `npm test`): no cycles anywhere, and arrows one way
// through the pipeline's layers: cli → schedule → run → transform / extract / site → warehouse → the
// foundation (config, log, backoff, fingerprint at pipeline/*.ts).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-unresolvable",
      severity: "error",
      comment: "An import that can't be resolved hides its edges from every other rule.",
      from: {},
      to: { couldNotResolve: true, dependencyTypesNot: ["core"] },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "Modules that import each other in a circle can't be understood, tested or moved one at a time.",
      from: {},
      to: { circular: true },
    },
    {
      name: "foundation-imports-no-layer",
      severity: "error",
      comment: "config, log, backoff and fingerprint are what every layer stands on: they import none of them.",
      from: { path: "^pipeline/[^/]+\\.ts$" },
      to: { path: "^pipeline/[^/]+/" },
    },
    {
      name: "warehouse-imports-no-layer-above",
      severity: "error",
      comment: "The warehouse engines know nothing of sources, models, runs, jobs or the site.",
      from: { path: "^pipeline/warehouse/" },
      to: { path: "^pipeline/(extract|transform|site|notebooks|analysis|run|schedule|cli)/" },
    },
    {
      name: "steps-import-no-run-engine",
      severity: "error",
      comment: "Extraction, models, the site and the analyses are called by the run engine, never the reverse.",
      from: { path: "^pipeline/(extract|transform|site|notebooks|analysis)/" },
      to: { path: "^pipeline/(run|schedule|cli)/" },
    },
    {
      name: "run-imports-no-schedule",
      severity: "error",
      comment: "The run engine serves every caller; the scheduler's declarations and the CLI sit above it.",
      from: { path: "^pipeline/run/" },
      to: { path: "^pipeline/(schedule|cli)/" },
    },
    {
      name: "schedule-imports-no-cli",
      severity: "error",
      from: { path: "^pipeline/schedule/" },
      to: { path: "^pipeline/cli/" },
    },
    {
      name: "pipeline-imports-no-page-code",
      severity: "error",
      comment: "Only the pure modules under src/components/statistics/ are shared with the pipeline.",
      from: { path: "^pipeline/" },
      to: { path: "^src/", pathNot: "^src/components/statistics/" },
    },
    {
      name: "components-take-only-types-from-the-pipeline",
      severity: "error",
      comment: "Components are bundled for the browser: what they need from pipeline/ is types (erased at build).",
      from: { path: "^src/components/" },
      to: { path: "^pipeline/", dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|dist|warehouse|src/\\.observablehq)/|/node_modules/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      extensions: [".ts", ".js", ".mjs", ".cjs", ".json"],
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
  },
};
