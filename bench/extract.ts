// The PostgreSQL extraction at N orders (arguments: one or more sizes, default 100,000): rows/s of a full
// extract and of an incremental one (source unchanged), each as a ratio to psql's own
// `\copy (select …) to '/dev/null'` of the same queries in the same run, with the extract's peak memory.
// The source is seeded with seed-postgres (the embedded sample through import-olist); --synthetic fills it
// with SQL instead (much faster to set up, same schema, plainer text).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig, PROJECT_ROOT } from "../pipeline/config.ts";
import { OLIST_TABLES } from "../pipeline/extract/olistSchema.ts";
import { canonicalSelectList } from "../pipeline/extract/postgres/copyToWarehouse.ts";
import { extractPostgres } from "../pipeline/extract/postgres/extract.ts";
import { seedPostgres } from "../pipeline/extract/postgres/seed.ts";
import { openWarehouse } from "../pipeline/warehouse/open.ts";
import { createTestDatabase, fillSynthetic } from "../test/extract/postgres/fixtures.ts";
import { measure, row, type Measurement } from "./measure.ts";

const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);

interface ChildResult {
  seconds: number;
  rows: number;
  mode: string;
}

/** In a child process, so its peak memory is the extraction's alone. */
async function child([url, warehouseFile, resultFile, mode]: string[]): Promise<void> {
  const warehouse = await openWarehouse(loadConfig({ ...process.env, WAREHOUSE_PATH: warehouseFile }));
  try {
    const result = await extractPostgres({ warehouse, from: url, fullRefresh: mode === "full" });
    const rows = result.tables.reduce((s, t) => s + t.rowsCopied, 0);
    writeFileSync(resultFile, JSON.stringify({ seconds: result.seconds, rows, mode: result.mode } satisfies ChildResult));
  } finally {
    await warehouse.close();
  }
}

async function bench(orders: number, synthetic: boolean): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), "bench-extract-"));
  const db = await createTestDatabase("olist_bench");
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "warn" };
  const tsx = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
  process.env.SAMPLE_DIR = path.join(work, "sample"); // generated CSVs stay in the bench's own directory
  try {
    console.log(`\n## PostgreSQL extraction at ${orders.toLocaleString("en-US")} orders (${os.cpus().length} cores)`);
    const seedStarted = performance.now();
    let source = "seed-postgres";
    if (synthetic) {
      source = "synthetic SQL";
      await fillSynthetic(db.url, orders);
    } else {
      try {
        await seedPostgres({ orders, to: db.url });
      } catch (error) {
        source = `synthetic SQL (seed-postgres failed: ${(error as Error).message.split("\n")[0]})`;
        await fillSynthetic(db.url, orders);
      }
    }
    console.log(`source: ${source}, ready in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

    const copies = OLIST_TABLES.flatMap((t) => [
      "-c",
      `\\copy (select ${canonicalSelectList(t.columns)} from public.${t.name}) to '/dev/null' with (format csv)`,
    ]);
    const warehouseFile = path.join(work, "bench.duckdb");
    const extract = async (mode: string) => {
      const resultFile = path.join(work, `${mode}.json`);
      const m = await measure(tsx, ["bench/extract.ts", "--child", db.url, warehouseFile, resultFile, mode], env, PROJECT_ROOT);
      return { m, r: JSON.parse(readFileSync(resultFile, "utf8")) as ChildResult };
    };
    // Interleaved and repeated, best of each: on a shared machine one sample of either says little.
    let psql: Measurement | undefined;
    let full: Awaited<ReturnType<typeof extract>> | undefined;
    let first: Awaited<ReturnType<typeof extract>> | undefined;
    let incremental: Awaited<ReturnType<typeof extract>> | undefined;
    for (let i = 0; i < REPEAT; i++) {
      const p = await measure("psql", [db.url, "-q", ...copies], env, PROJECT_ROOT);
      if (!psql || p.seconds < psql.seconds) psql = p;
      const f = await extract("full");
      if (!full || f.r.seconds < full.r.seconds) full = f;
      // The first incremental run after a full refresh copies every key and stores the key summaries; the
      // next ones copy only the keys of changed buckets (see pipeline/extract/postgres/keyBuckets.ts).
      const a = await extract("incremental");
      if (!first || a.r.seconds < first.r.seconds) first = a;
      const n = await extract("incremental");
      if (!incremental || n.r.seconds < incremental.r.seconds) incremental = n;
    }
    const rate = (x: ChildResult) => Math.round(x.rows / x.seconds).toLocaleString("en-US");
    console.log(
      row(
        `extract full (${full!.r.rows.toLocaleString("en-US")} rows)`,
        full!.m,
        `${rate(full!.r)} rows/s in ${full!.r.seconds.toFixed(2)} s = ${(psql!.seconds / full!.r.seconds).toFixed(2)}× psql's rate`,
      ),
    );
    for (const [label, x] of [
      ["first after full", first!],
      ["incremental", incremental!],
    ] as const) {
      console.log(
        row(
          `${label} (${x.r.rows.toLocaleString("en-US")} rows)`,
          x.m,
          `${x.r.seconds.toFixed(2)} s = ${(x.r.seconds / full!.r.seconds).toFixed(2)}× the full extract`,
        ),
      );
    }
    console.log(row("baseline: psql \\copy to /dev/null", psql!, `${Math.round(full!.r.rows / psql!.seconds).toLocaleString("en-US")} rows/s`));
    console.log(`(best of ${REPEAT}; extract times are the extraction's own, the column before is the child's wall time)`);
  } finally {
    await db.drop();
    rmSync(work, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === "--child") {
  await child(args.slice(1));
} else {
  const synthetic = args.includes("--synthetic");
  const sizes = args.filter((a) => /^\d[\d_]*$/.test(a)).map((a) => Number(a.replace(/_/g, "")));
  for (const orders of sizes.length > 0 ? sizes : [100_000]) await bench(orders, synthetic);
}
