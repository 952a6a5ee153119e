// The PostgreSQL path and the embedded path are the same pipeline: seed-postgres → extract → marts gives exactly
// the marts the embedded sample gives for the same seed, table by table and row by row.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../pipeline/config.ts";
import { seedPostgres } from "../../../pipeline/extract/postgres/seed.ts";
import { runPipeline } from "../../../pipeline/run/launch.ts";
import { openAt } from "../../support/warehouse.ts";
import { createTestDatabase, type TestDatabase } from "./fixtures.ts";

const ORDERS = "2000";
let db: TestDatabase;
const work = mkdtempSync(path.join(os.tmpdir(), "pg-equivalence-"));
const common = { SAMPLE_ORDERS: ORDERS, SAMPLE_SEED: "42", SAMPLE_DIR: path.join(work, "sample"), SITE_NOTEBOOKS: "0" };

beforeAll(async () => {
  db = await createTestDatabase("olist_equivalence");
  Object.assign(process.env, common);
  await seedPostgres({ orders: Number(ORDERS), seed: 42, to: db.url });
});

afterAll(async () => {
  await db?.drop();
});

describe("seed-postgres → extract → marts", () => {
  it("equals the embedded path for the same seed, mart by mart, row by row", async () => {
    const embedded = loadConfig({ ...common, WAREHOUSE_PATH: path.join(work, "embedded.duckdb") } as NodeJS.ProcessEnv);
    const postgres = loadConfig({
      ...common,
      WAREHOUSE_PATH: path.join(work, "postgres.duckdb"),
      SOURCE_DATABASE_URL: db.url,
    } as NodeJS.ProcessEnv);
    expect((await runPipeline({ config: embedded })).status).toBe("success");
    expect((await runPipeline({ config: postgres })).status).toBe("success");

    const warehouse = await openAt(embedded.warehousePath, { readOnly: true });
    try {
      await warehouse.exec(`attach '${postgres.warehousePath}' as pg (read_only)`);
      const marts = await warehouse.query<{ table_name: string }>(
        `select table_name from information_schema.tables
         where table_catalog = 'embedded' and table_schema = 'marts' and table_type = 'BASE TABLE' order by 1`,
      );
      expect(marts.map((m) => m.table_name)).toContain("fct_orders_with_economics");
      for (const { table_name: t } of marts) {
        // Money and counts are exact (DECIMAL, BIGINT) and must match to the bit. A double (an average, a share, a
        // regression statistic) is a sum over rows that arrive in another order, so its last bits differ, and the
        // sensitivity marts' 4 × 4 normal-equation solve amplifies that (seen: 4.5e-12 relative on a CI bound).
        // Rows are paired on every exact column and their doubles must agree to 1e-9, relative to their size.
        const columns = await warehouse.query<{ column_name: string; data_type: string }>(
          `select column_name, data_type from information_schema.columns
           where table_catalog = 'embedded' and table_schema = 'marts' and table_name = '${t}' order by ordinal_position`,
        );
        const q = (c: string) => `"${c.replace(/"/g, '""')}"`;
        const exact = columns.filter((c) => c.data_type !== "DOUBLE").map((c) => q(c.column_name));
        const doubles = columns.filter((c) => c.data_type === "DOUBLE").map((c) => q(c.column_name));
        const numbered = (catalog: string) =>
          `select *, row_number() over (partition by ${exact.join(", ") || "1"} order by ${doubles.join(", ") || "1"}) as pair_
           from ${catalog}.marts.${t}`;
        const paired = [...exact.map((c) => `a.${c} is not distinct from b.${c}`), "a.pair_ = b.pair_"].join(" and ");
        const close =
          doubles.map((c) => `(a.${c} is not distinct from b.${c} or abs(a.${c} - b.${c}) <= 1e-9 * (1 + greatest(abs(a.${c}), abs(b.${c}))))`).join(" and ") ||
          "true";
        const [counts] = await warehouse.query<{ a: number; b: number; only_a: number; only_b: number }>(`
          select
            count(a.pair_) as a,
            count(b.pair_) as b,
            count(*) filter (where a.pair_ is not null and (b.pair_ is null or not (${close}))) as only_a,
            count(*) filter (where b.pair_ is not null and (a.pair_ is null or not (${close}))) as only_b
          from (${numbered("embedded")}) as a
          full outer join (${numbered("pg")}) as b on ${paired}`);
        expect(counts, t).toEqual({ a: counts.a, b: counts.a, only_a: 0, only_b: 0 });
        expect(counts.a, t).toBeGreaterThan(0);
      }
    } finally {
      await warehouse.close();
    }
  });
});
