// 10M orders (or the size given) end to end, the way a user runs it: generate the sample, `npm run pipeline --
// run --force` (extract → indicators → models → report → tests), then every site data loader against the result.
// Wall time is the sum; peak memory is the largest of any one process (they run one after the other). Each phase
// is printed, so a run that misses the target says where its time went. Run by `BENCH_HUGE=10000000 npm run bench`.
import { readdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "../pipeline/config.ts";
import { duckdbResources } from "../pipeline/warehouse/duckdb.ts";
import { type Measurement, measureScript, row, sampleEnv } from "./measure.ts";
import { record, sizeLabel } from "./results.ts";

const orders = Number(process.argv[2] ?? process.env.BENCH_HUGE ?? 10_000_000);
if (!Number.isInteger(orders) || orders < 1) throw new Error(`bench/huge.ts takes an order count, got ${process.argv[2]}`);
const work = mkdtempSync(path.join(process.env.BENCH_HUGE_DIR ?? os.tmpdir(), "bench-huge-"));
const env = sampleEnv(work, orders);
const resources = duckdbResources(env);
console.log(
  `\n## ${orders.toLocaleString("en-US")} orders end to end (${os.availableParallelism()} cores, ` +
    `DuckDB memory_limit ${resources.memoryLimit}, ${resources.threads} threads)`,
);
const phases: [string, Measurement][] = [];
try {
  const generate = await measureScript(["pipeline/cli/cli.ts", "generate"], env, PROJECT_ROOT);
  phases.push(["generate sample CSVs", generate]);
  console.log(row("generate sample CSVs", generate));
  const pipeline = await measureScript(["pipeline/cli/cli.ts", "run", "--force"], env, PROJECT_ROOT, true);
  phases.push(["pipeline run (sample → tested marts)", pipeline]);
  console.log(row("pipeline run (sample → tested marts)", pipeline));
  // The run's own summary: seconds per step.
  console.log(pipeline.stdout!.trim().replace(/^/gm, "    "));
  const loaders = readdirSync(path.join(PROJECT_ROOT, "src", "data")).filter((f) => f.endsWith(".json.ts"));
  for (const loader of loaders) {
    const m = await measureScript([path.join("src", "data", loader)], env, PROJECT_ROOT);
    phases.push([`loader ${loader}`, m]);
  }
  const site = phases.filter(([l]) => l.startsWith("loader "));
  const siteSeconds = site.reduce((s, [, m]) => s + m.seconds, 0);
  const sitePeak = Math.max(...site.map(([, m]) => m.peakMiB ?? 0));
  console.log(row(`site data (${site.length} loaders)`, { seconds: siteSeconds, peakMiB: sitePeak }));
  const seconds = phases.reduce((s, [, m]) => s + m.seconds, 0);
  const peaks = phases.map(([, m]) => m.peakMiB);
  const peak = peaks.includes(null) ? null : Math.max(...(peaks as number[]));
  console.log(row("end to end", { seconds, peakMiB: peak }, "targets ≤ 300 s, ≤ 4096 MiB"));
  const size = sizeLabel(orders);
  record(`e2e_${size}_s`, seconds, `generate + run --force + ${site.length} site loaders at ${orders} orders, one after the other`);
  if (peak !== null) record(`e2e_${size}_peak_mib`, peak, "largest peak RSS of any one process (GNU time)");
  for (const [label, m] of phases.slice(0, 2)) record(`e2e_${size}_${label.split(" ")[0]}_s`, m.seconds);
} finally {
  rmSync(work, { recursive: true, force: true });
}
