// The PostgreSQL extraction at N orders (arguments: one or more sizes, default 100,000): rows/s of a full
// extract and of an incremental one (source unchanged), each as a ratio to psql's own
// `\copy (select …) to '/dev/null'` of the same queries in the same run, with the extract's peak memory.
// The source is seeded with seed-postgres (the embedded sample through import-olist) up to SEED_LIMIT orders;
// larger sizes, or every size with --synthetic, are filled with SQL instead (same schema, plainer text: at
// 1,000,000 orders 60 s against 680 s for seed-postgres, which kept the bench far past ten minutes).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { PROJECT_ROOT } from "../pipeline/config.ts";
import { OLIST_TABLES } from "../pipeline/extract/olistSchema.ts";
import { canonicalSelectList } from "../pipeline/extract/postgres/copyToWarehouse.ts";
import { seedPostgres } from "../pipeline/extract/postgres/seed.ts";
import { createTestDatabase, fillSynthetic } from "../test/extract/postgres/fixtures.ts";
import type { ChildResult } from "./extractChild.ts";
import { measure, measureScript, row, type Measurement } from "./measure.ts";
import { record, sizeLabel } from "./results.ts";

const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const SEED_LIMIT = 200_000;

async function bench(orders: number, synthetic: boolean): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), "bench-extract-"));
  const db = await createTestDatabase("olist_bench");
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "warn" };
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
      const m = await measureScript(["bench/extractChild.ts", db.url, warehouseFile, resultFile, mode], env, PROJECT_ROOT);
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
    const size = sizeLabel(orders);
    record(`extract_rows_per_s_${size}`, full!.r.rows / full!.r.seconds, `full extract, ${full!.r.rows} rows, best of ${REPEAT}`);
    record(`psql_copy_rows_per_s_${size}`, full!.r.rows / psql!.seconds, `psql \\copy (select …) to /dev/null of the same tables, best of ${REPEAT}`);
    record(`extract_incremental_unchanged_${size}_s`, incremental!.r.seconds);
    console.log(`(best of ${REPEAT}; extract times are the extraction's own, the column before is the child's wall time)`);
    await newDay(orders, db.url, work, env);
  } finally {
    await db.drop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The tables one day of orders adds rows to, keyed by order. */
const DAY_TABLES = ["orders", "order_items", "order_payments", "order_reviews"] as const;
const DAY_UPDATES = 300;

/**
 * One new day of orders at the source (a copy of an ordinary day near the end of the history, new ids,
 * timestamps moved past the newest) and a few hundred status changes spread over the whole history, then the
 * plain `npm run pipeline -- run` that takes them from source to tested marts, against the full run before it.
 */
async function newDay(orders: number, url: string, work: string, env: NodeJS.ProcessEnv): Promise<void> {
  const runEnv = { ...env, SOURCE_DATABASE_URL: url, WAREHOUSE_PATH: path.join(work, "day", "analytics.duckdb"), SITE_NOTEBOOKS: "0" };
  const run = (...args: string[]) => measureScript(["pipeline/cli/cli.ts", "run", ...args], runEnv, PROJECT_ROOT);
  const first = await run("--force");
  const shifted = (table: (typeof DAY_TABLES)[number]) =>
    OLIST_TABLES.find((t) => t.name === table)!
      .columns.map((c) => {
        if (c.name === "order_id" || c.name === "review_id") return `md5(${c.name} || '-new-day')`;
        return c.type === "timestamp" ? `${c.name} + (select shift from day_source)` : c.name;
      })
      .join(", ");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const results = (await client.query(`
    -- An ordinary day: the 98th percentile of purchase dates (the sample's last weeks thin out, and a few
    -- orders are typed years ahead), copied to the day after the newest purchase that is not in the future.
    create temp table day_source as
      select d as day, ((select max(order_purchase_timestamp)::date from orders where order_purchase_timestamp <= now()) + 1 - d)
             * interval '1 day' as shift
        from (select percentile_disc(0.98) within group (order by order_purchase_timestamp::date) as d
                from orders where order_purchase_timestamp <= now()) x;
    create temp table day_orders as
      select order_id from orders where order_purchase_timestamp::date = (select day from day_source);
    ${DAY_TABLES.map((t) => `insert into ${t} select ${shifted(t)} from ${t} where order_id in (select order_id from day_orders);`).join("\n")}
    update orders set order_status = 'canceled' where order_id in (
      select order_id from orders where order_status = 'delivered' order by md5(order_id) limit ${DAY_UPDATES});
    select count(*)::text as added from day_orders;`)) as unknown as pg.QueryResult<{ added: string }>[];
  await client.end();
  const added = results.at(-1)!.rows[0].added;
  const day = await run();
  console.log(row(`pipeline run, full (${orders.toLocaleString("en-US")} orders)`, first));
  console.log(
    row(
      `one new day: ${Number(added).toLocaleString("en-US")} orders + ${DAY_UPDATES} updates`,
      day,
      `source → tested marts, ${(day.seconds / first.seconds).toFixed(2)}× the full run; target ≤ 5 s at 1M`,
    ),
  );
  record(`incremental_day_${sizeLabel(orders)}_s`, day.seconds, `${added} new orders (one day) and ${DAY_UPDATES} status updates; npm run pipeline -- run`);
}

const args = process.argv.slice(2);
const synthetic = args.includes("--synthetic");
const sizes = args.filter((a) => /^\d[\d_]*$/.test(a)).map((a) => Number(a.replace(/_/g, "")));
for (const orders of sizes.length > 0 ? sizes : [100_000]) await bench(orders, synthetic || orders > SEED_LIMIT);
