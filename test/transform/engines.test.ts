// Engine differences live in macros only (a default and one per engine), so BigQuery can run the same models:
// no DuckDB-only syntax in a model file, every DuckDB-only default has a BigQuery version, and the whole
// project, its data tests and the incremental merge render for BigQuery without DuckDB-only syntax.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../pipeline/config.ts";
import { testQuery } from "../../pipeline/transform/dataTests.ts";
import { loadProject } from "../../pipeline/transform/project.ts";
import { Renderer } from "../../pipeline/transform/render.ts";
import { locationFree, materialisation, mergeStatements } from "../../pipeline/transform/runner.ts";
import { BigQueryWarehouse } from "../../pipeline/warehouse/bigquery.ts";
import { ENGINE_TYPES } from "../../pipeline/warehouse/types.ts";
import type { Warehouse } from "../../pipeline/warehouse/warehouse.ts";

/** Syntax DuckDB accepts and BigQuery does not (BigQuery does accept QUALIFY, trailing commas, IGNORE NULLS). */
const DUCKDB_ONLY: [string, RegExp][] = [
  ["epoch()", /\bepoch\s*\(/i],
  ["date_diff('part', …)", /\bdate_diff\s*\(\s*'/i],
  ["date_trunc('part', …)", /\bdate_trunc\s*\(\s*'/i],
  ["generate_series", /\bgenerate_series\s*\(/i],
  ["arg_max / arg_min", /\barg_(max|min)\s*\(/i],
  ["insert … by name", /\bby\s+name\b/i],
  ["group by all", /\bgroup\s+by\s+all\b/i],
  ["select * exclude", /\bexclude\s*\(/i],
  [":: casts", /::/],
  ["list()", /\blist\s*\(/i],
  ["strftime / strptime", /\bstr[fp]time\s*\(/i],
  ["varchar / double / decimal types", /\bas\s+(varchar|double|decimal\s*\()/i],
  ["interval arithmetic", /\*\s*interval\b/i],
  ["zoned timestamp for wall-clock source times", /\bas\s+timestamp\s*\)/i],
];

const project = await loadProject(path.join(PROJECT_ROOT, "models"));

const bigquery: Warehouse = {
  engine: "bigquery",
  location: "test",
  exec: async () => {},
  execChanges: async () => 0,
  query: async () => [],
  relation: (schema, name) => `\`olist_${schema}.${name}\``,
  typeName: (type) => ENGINE_TYPES.bigquery[type],
  columns: async () => undefined,
  fingerprint: async () => null,
  append: async () => {},
  loadCsv: async () => ({ loaded: 0, rejects: [] }),
  bytesProcessed: () => 0,
  estimateBytes: async () => 0,
  interrupt: () => {},
  connect: async () => bigquery,
  close: async () => {},
};

function duckdbOnly(sql: string): string[] {
  return DUCKDB_ONLY.filter(([, re]) => re.test(sql)).map(([label]) => label);
}

/** Macro bodies by name, from the macro files. */
function macros(): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of project.macroFiles) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\{%-?\s*macro\s+(\w+)\s*\([^)]*\)\s*-?%\}([\s\S]*?)\{%-?\s*endmacro\s*-?%\}/g)) out.set(m[1], m[2]);
  }
  return out;
}

describe("engine differences", () => {
  it("stay out of the model files: no DuckDB-only syntax outside macros", () => {
    for (const m of project.models) {
      const sql = m.sql.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g, " ").replace(/--.*$/gm, "");
      expect(duckdbOnly(sql), m.sqlPath).toEqual([]);
    }
  });

  it("have a BigQuery version for every default macro that uses DuckDB-only syntax", () => {
    const all = macros();
    expect(all.size).toBeGreaterThan(10);
    for (const [name, body] of all) {
      if (!name.startsWith("default__") || duckdbOnly(body).length === 0) continue;
      const base = name.slice("default__".length);
      expect(all.has(`bigquery__${base}`), `${base} uses ${duckdbOnly(body).join(", ")} and needs bigquery__${base}`).toBe(true);
    }
  });

  it("let every model render for BigQuery with BigQuery syntax", () => {
    const renderer = new Renderer(project, bigquery);
    for (const m of project.models) {
      for (const incremental of [false, true]) {
        const r = renderer.render(m, { incremental: () => incremental });
        expect(duckdbOnly(r.sql), `${m.name}${incremental ? " (incremental)" : ""}`).toEqual([]);
        expect(r.sql).not.toMatch(/\b(staging|marts|raw)\."/);
      }
    }
  });

  it("let every data test and the incremental merge render for BigQuery with BigQuery syntax", () => {
    const renderer = new Renderer(project, bigquery);
    for (const m of project.models) {
      for (const spec of m.tests) {
        const sql = testQuery(spec, bigquery.relation(m.schema, m.name), m.name, (s) => renderer.renderSql(s, m.name));
        expect(duckdbOnly(sql), `${m.name} ${spec.name} ${spec.column ?? ""}`).toEqual([]);
      }
    }
    const fct = renderer.render(
      project.models.find((m) => m.name === "fct_orders_with_economics")!,
      { incremental: () => true },
    );
    const merge = mergeStatements(bigquery, fct, ["order_id", "order_value_brl"]).join(";\n");
    expect(duckdbOnly(merge)).toEqual([]);
    expect(merge).toMatch(/delete from `olist_marts.fct_orders_with_economics` where order_id not in \(select order_id from `olist_staging.stg_orders`/);
  });

  it("merges the incremental orders fact with one MERGE on BigQuery (update matched keys, insert new ones)", () => {
    const fct = new Renderer(project, bigquery).render(
      project.models.find((m) => m.name === "fct_orders_with_economics")!,
      { incremental: () => true },
    );
    const [, merge] = mergeStatements(bigquery, fct, ["order_id", "order_value_brl", "order_month"]);
    expect(merge).toBe(
      [
        "merge into `olist_marts.fct_orders_with_economics` as target",
        "using `olist_meta.fct_orders_with_economics__batch` as batch",
        "on target.order_id = batch.order_id",
        "when matched then update set order_value_brl = batch.order_value_brl, order_month = batch.order_month",
        "when not matched then insert (order_id, order_value_brl, order_month) values (batch.order_id, batch.order_value_brl, batch.order_month)",
      ].join("\n"),
    );
  });

  // The emulator (DuckDB underneath) accepts these clauses but prunes nothing: what they buy on BigQuery, a query
  // of a few months reading only those months' partitions, shows only there (README, BigQuery).
  it("partitions the large facts by month of purchase and clusters them by state (and category) on BigQuery only", () => {
    const duckdb: Warehouse = { ...bigquery, engine: "duckdb" };
    const built = (w: Warehouse, name: string) => materialisation(w, new Renderer(project, w).render(project.models.find((m) => m.name === name)!), false)[0];
    expect(built(bigquery, "fct_orders_with_economics")).toMatch(
      /^create or replace table `olist_marts.fct_orders_with_economics`\npartition by date_trunc\(order_month, month\)\ncluster by customer_state as\n/,
    );
    expect(built(bigquery, "fct_state_category_sales")).toMatch(
      /\npartition by date_trunc\(order_month, month\)\ncluster by customer_state, category_group as\n/,
    );
    for (const name of ["fct_orders_with_economics", "fct_state_category_sales"]) expect(built(duckdb, name)).not.toMatch(/partition by|cluster by/);
  });

  it("hashes a model's logic the same under the published and the staged dataset prefix", async () => {
    const open = (prefix: string) =>
      BigQueryWarehouse.open({ project: "p", prefix, location: "US", maximumBytesBilled: 1, apiEndpoint: "http://127.0.0.1:1", readOnly: true });
    const [published, staged] = await Promise.all([open("olist"), open("olist_next")]);
    const fct = project.models.find((m) => m.name === "fct_orders_with_economics")!;
    const [a, b] = [published, staged].map((w) => new Renderer(project, w).render(fct).sql);
    expect(a).not.toBe(b);
    expect(locationFree(published, a)).toBe(locationFree(staged, b));
    expect(locationFree(published, a)).toMatch(/from staging\.stg_orders`/);
  });
});
