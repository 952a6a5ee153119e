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
        // Money and counts are exact (DECIMAL, BIGINT); a double (an average, a share) may differ in its last bits
        // because rows arrive in another order, so doubles are compared to 12 significant digits.
        const columns = await warehouse.query<{ column_name: string; data_type: string }>(
          `select column_name, data_type from information_schema.columns
           where table_catalog = 'embedded' and table_schema = 'marts' and table_name = '${t}' order by ordinal_position`,
        );
        const projection = columns
          .map(({ column_name: c, data_type: type }) =>
            type === "DOUBLE" ? `case when ${c} = 0 then 0 else round(${c} / pow(10, floor(log10(abs(${c}))) - 11)) end as ${c}` : c,
          )
          .join(", ");
        const rows = (catalog: string) => `select ${projection} from ${catalog}.marts.${t}`;
        const [counts] = await warehouse.query<{ a: number; b: number; only_a: number; only_b: number }>(`
          select
            (select count(*) from embedded.marts.${t}) as a,
            (select count(*) from pg.marts.${t}) as b,
            (select count(*) from (${rows("embedded")} except all ${rows("pg")})) as only_a,
            (select count(*) from (${rows("pg")} except all ${rows("embedded")})) as only_b`);
        expect(counts, t).toEqual({ a: counts.a, b: counts.a, only_a: 0, only_b: 0 });
        expect(counts.a, t).toBeGreaterThan(0);
      }
    } finally {
      await warehouse.close();
    }
  });
});
