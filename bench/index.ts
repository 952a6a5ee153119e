// `npm run bench`: every performance figure of the project, each as a ratio to a baseline measured in the same
// run. BENCH_ORDERS sets the main size (default 100,000); BENCH_QUICK=1 runs smaller sizes only.
import { existsSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { PROJECT_ROOT } from "../pipeline/config.ts";

const orders = process.env.BENCH_ORDERS ?? (process.env.BENCH_QUICK ? "10000" : "100000");
const large = process.env.BENCH_QUICK ? "50000" : "1000000";

/** Each sub-bench is its own script so that one's memory does not count against another's. */
const benches: [string, string[]][] = [
  ["spine.ts", [orders]],
  ["extract.ts", [orders, large]],
  ["models.ts", [orders, large]],
  ["site.ts", [orders]],
  ["calibration.ts", []],
];

let failed = 0;
for (const [file, args] of benches) {
  const script = path.join(PROJECT_ROOT, "bench", file);
  if (!existsSync(script)) continue;
  const result = spawnSync(path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), [script, ...args], {
    cwd: PROJECT_ROOT,
    stdio: "inherit",
    env: { ...process.env, TZ: "UTC" },
  });
  if (result.status !== 0) {
    failed++;
    console.error(`bench/${file} failed (exit ${result.status})`);
  }
}
process.exitCode = failed ? 1 : 0;
