// The stack this project replaces, measured beside it in the same run on the same data (argument: orders,
// default 100,000). One PostgreSQL source seeded with the sample; a full `npm run pipeline -- run` builds the
// warehouse once, then:
// - extraction: the project's full extract (one process, PostgreSQL → raw.*) against Meltano's tap-postgres
//   (meltanolabs) syncing the same tables to a JSONL file of Singer messages;
// - models + tests: `npm run pipeline -- models --full-refresh` then `-- test` against `dbt build` (dbt-duckdb) of
//   the generated dbt project (bench/dbtProject.ts) on a copy of the same warehouse.
// Each figure is a whole process, start to exit. A peer that can't be installed is recorded as skipped.
import { spawn } from "node:child_process";
import { copyFileSync, createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { loadConfig, PROJECT_ROOT } from "../pipeline/config.ts";
import { OLIST_TABLES } from "../pipeline/extract/olistSchema.ts";
import { seedPostgres } from "../pipeline/extract/postgres/seed.ts";
import { loadProject } from "../pipeline/transform/project.ts";
import { openWarehouse } from "../pipeline/warehouse/open.ts";
import { createTestDatabase } from "../test/extract/postgres/fixtures.ts";
import { writeDbtProject } from "./dbtProject.ts";
import { measure, measureScript, row, type Measurement } from "./measure.ts";
import { setUpPeer } from "./peerSetup.ts";
import { record, skip } from "./results.ts";

const orders = Number(process.argv[2] ?? 100_000);
if (!Number.isInteger(orders) || orders < 1) throw new Error(`bench/peers.ts takes an order count, got ${process.argv[2]}`);
const threads = os.availableParallelism();
const work = mkdtempSync(path.join(os.tmpdir(), "bench-peers-"));

/** Like measure(), but a non-zero exit is an outcome to report (dbt exits 1 when a test fails), not a throw. */
async function measureExit(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Measurement & { code: number | null; tail: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let tail = "";
    const keep = (chunk: Buffer) => (tail = (tail + chunk).slice(-3000));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("exit", (code) => resolve({ seconds: (performance.now() - started) / 1000, peakMiB: null, code, tail }));
  });
}

async function countRecords(file: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (!line.startsWith('{"type":"RECORD"') && !line.includes('"type": "RECORD"') && !line.includes('"type":"RECORD"')) continue;
    const stream = (JSON.parse(line) as { stream: string }).stream;
    counts.set(stream, (counts.get(stream) ?? 0) + 1);
  }
  return counts;
}

const db = await createTestDatabase("olist_peers");
try {
  console.log(`\n## Peers at ${orders.toLocaleString("en-US")} orders (${threads} cores): dbt-duckdb and Meltano's tap-postgres`);
  process.env.SAMPLE_DIR = path.join(work, "sample");
  await seedPostgres({ orders, to: db.url });
  const warehouseFile = path.join(work, "analytics.duckdb");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: "warn",
    SAMPLE_ORDERS: String(orders),
    SOURCE_DATABASE_URL: db.url,
    WAREHOUSE_PATH: warehouseFile,
    SITE_NOTEBOOKS: "0",
  };
  const cli = (...args: string[]) => measureScript(["pipeline/cli/cli.ts", ...args], env, PROJECT_ROOT);
  await cli("run", "--force");

  // Extraction: ours, a full extract in a fresh process.
  const ours = await measureScript(
    ["bench/extractChild.ts", db.url, path.join(work, "extract.duckdb"), path.join(work, "extract.json"), "full"],
    env,
    PROJECT_ROOT,
  );
  const extracted = JSON.parse(readFileSync(path.join(work, "extract.json"), "utf8")) as { rows: number };
  console.log(row(`extract (${extracted.rows.toLocaleString("en-US")} rows)`, ours));
  record("extract_s", ours.seconds, `full extract of the ${OLIST_TABLES.length} Olist tables at ${orders} orders, ${extracted.rows} rows, one process`);

  const tap = setUpPeer("tap");
  if (!tap.ok) {
    console.log(`tap-postgres skipped: ${tap.reason}`);
    skip("tap_postgres_s", `tap-postgres could not be installed: ${tap.reason}`);
  } else {
    const url = new URL(db.url);
    const config = path.join(work, "tap.json");
    writeFileSync(
      config,
      JSON.stringify({
        host: url.hostname,
        port: Number(url.port || 5432),
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        database: url.pathname.slice(1),
        filter_schemas: ["public"],
      }),
    );
    const catalogFile = path.join(work, "catalog.json");
    const discover = await measure("sh", ["-c", `"${tap.bin}" --config "${config}" --discover > "${catalogFile}"`], env, work);
    const catalog = JSON.parse(readFileSync(catalogFile, "utf8")) as {
      streams: { table_name?: string; tap_stream_id: string; metadata: { breadcrumb: string[]; metadata: Record<string, unknown> }[] }[];
    };
    const wanted = new Set<string>(OLIST_TABLES.map((t) => t.name));
    catalog.streams = catalog.streams.filter((s) => wanted.has(s.table_name ?? s.tap_stream_id.replace(/^public-/, "")));
    for (const s of catalog.streams) for (const m of s.metadata) if (m.breadcrumb.length === 0) m.metadata.selected = true;
    writeFileSync(catalogFile, JSON.stringify(catalog));
    const out = path.join(work, "tap.jsonl");
    const sync = await measure("sh", ["-c", `"${tap.bin}" --config "${config}" --catalog "${catalogFile}" > "${out}"`], env, work);
    const counts = await countRecords(out);
    const tapRows = [...counts.values()].reduce((a, b) => a + b, 0);
    console.log(
      row(
        `tap-postgres sync (${tapRows.toLocaleString("en-US")} records, ${catalog.streams.length} streams)`,
        sync,
        `discovery ${discover.seconds.toFixed(2)} s more`,
      ),
    );
    console.log(`extract / tap-postgres = ${(ours.seconds / sync.seconds).toFixed(3)} (target ≤ 0.1)`);
    if (tapRows !== extracted.rows) console.log(`NOTE: tap-postgres wrote ${tapRows} records, the extract ${extracted.rows} rows`);
    record(
      "tap_postgres_s",
      sync.seconds,
      `tap-postgres sync of ${catalog.streams.length} streams, ${tapRows} RECORD messages to JSONL (discovery ${discover.seconds.toFixed(2)} s not counted)`,
    );
  }

  // Models + tests: ours, the two commands a user types.
  const models = await cli("models", "--full-refresh");
  const tests = await cli("test");
  const ourBuild = { seconds: models.seconds + tests.seconds, peakMiB: Math.max(models.peakMiB ?? 0, tests.peakMiB ?? 0) };
  console.log(row("models --full-refresh + test", ourBuild, `${models.seconds.toFixed(2)} s + ${tests.seconds.toFixed(2)} s`));
  record("models_tests_s", ourBuild.seconds, `npm run pipeline -- models --full-refresh, then -- test, at ${orders} orders`);

  const dbt = setUpPeer("dbt");
  if (!dbt.ok) {
    console.log(`dbt-duckdb skipped: ${dbt.reason}`);
    skip("dbt_duckdb_build_s", `dbt-duckdb could not be installed: ${dbt.reason}`);
  } else {
    const dbtDir = path.join(work, "dbt");
    const dbtFile = path.join(work, "dbt.duckdb");
    copyFileSync(warehouseFile, dbtFile);
    const project = await loadProject(path.join(PROJECT_ROOT, "models"));
    const warehouse = await openWarehouse(loadConfig(env), { readOnly: true });
    let generated;
    try {
      generated = writeDbtProject(dbtDir, project, warehouse, dbtFile, threads);
    } finally {
      await warehouse.close();
    }
    const dbtEnv = { ...env, DBT_SEND_ANONYMOUS_USAGE_STATS: "false", DBT_PROFILES_DIR: dbtDir };
    const build = await measureExit(dbt.bin, ["build", "--project-dir", dbtDir, "--threads", String(threads)], dbtEnv, dbtDir);
    const results = JSON.parse(readFileSync(path.join(dbtDir, "target", "run_results.json"), "utf8")) as { results: { unique_id: string; status: string }[] };
    const byStatus = new Map<string, number>();
    for (const r of results.results)
      byStatus.set(`${r.unique_id.split(".")[0]} ${r.status}`, (byStatus.get(`${r.unique_id.split(".")[0]} ${r.status}`) ?? 0) + 1);
    const summary = [...byStatus].map(([k, n]) => `${n} ${k}`).join(", ");
    const modelErrors = results.results.filter((r) => r.unique_id.startsWith("model.") && r.status !== "success").length;
    console.log(row(`dbt build (${generated.models} models, ${generated.tests} tests)`, build, summary));
    if (modelErrors > 0) {
      console.log(build.tail);
      skip("dbt_duckdb_build_s", `dbt build failed on ${modelErrors} model(s): ${summary}`);
    } else {
      console.log(`models + tests / dbt build = ${(ourBuild.seconds / build.seconds).toFixed(2)} (target ≤ 0.5)`);
      record(
        "dbt_duckdb_build_s",
        build.seconds,
        `dbt build of ${generated.models} models and ${generated.tests} singular tests (${summary}); left out: ${generated.leftOut.join(", ") || "nothing"}`,
      );
    }
  }
} finally {
  await db.drop();
  rmSync(work, { recursive: true, force: true });
}
