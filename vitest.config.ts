import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    // Notebooks are executed by their own tests; other site builds skip them to keep the suite fast.
    env: { TZ: "UTC", LOG_LEVEL: "warn", SITE_NOTEBOOKS: "0" },
    reporters: ["default"],
  },
});
