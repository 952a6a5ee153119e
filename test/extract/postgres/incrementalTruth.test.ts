// Incremental truth, end to end: after a run, changes at the source at any age (cancellations 40 recent and 40
// far behind the look-back window), an order typed 64 years ahead, and one delivered-before-purchase order
// alone in its state-month. The next plain run succeeds (a warning, not an error), its marts equal a full
// refresh's row for row, and the future order is no sale.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../pipeline/config.ts";
import { seedPostgres } from "../../../pipeline/extract/postgres/seed.ts";
import { runPipeline } from "../../../pipeline/run/launch.ts";
import { openAt } from "../../support/warehouse.ts";
import { createTestDatabase, sql, type TestDatabase } from "./fixtures.ts";

const ORDERS = "2000";
let db: TestDatabase;
const work = mkdtempSync(path.join(os.tmpdir(), "pg-incremental-truth-"));
const common = { SAMPLE_ORDERS: ORDERS, SAMPLE_SEED: "42", SAMPLE_DIR: path.join(work, "sample"), SITE_NOTEBOOKS: "0" };

beforeAll(async () => {
  db = await createTestDatabase("olist_incremental_truth");
  Object.assign(process.env, common);
  await seedPostgres({ orders: Number(ORDERS), seed: 42, to: db.url });
});

afterAll(async () => {
  await db?.drop();
});

function configAt(name: string) {
  return loadConfig({ ...common, WAREHOUSE_PATH: path.join(work, `${name}.duckdb`), SOURCE_DATABASE_URL: db.url } as NodeJS.ProcessEnv);
}

/** Marts of two warehouses that differ, per table: rows only in one of them (doubles to 12 digits). */
async function martDifferences(a: string, b: string): Promise<Record<string, number>> {
  const warehouse = await openAt(a, { readOnly: true });
  try {
    await warehouse.exec(`attach '${b}' as other (read_only)`);
    const catalog = path.basename(a, ".duckdb");
    const marts = await warehouse.query<{ table_name: string }>(
      `select table_name from information_schema.tables
        where table_catalog = '${catalog}' and table_schema = 'marts' and table_type = 'BASE TABLE' order by 1`,
    );
    expect(marts.length).toBeGreaterThan(5);
    const out: Record<string, number> = {};
    for (const { table_name: t } of marts) {
      const columns = await warehouse.query<{ column_name: string; data_type: string }>(
        `select column_name, data_type from information_schema.columns
          where table_catalog = '${catalog}' and table_schema = 'marts' and table_name = '${t}' order by ordinal_position`,
      );
      const projection = columns
        .map(({ column_name: c, data_type: type }) =>
          type === "DOUBLE" ? `case when ${c} = 0 then 0 else round(${c} / pow(10, floor(log10(abs(${c}))) - 11)) end as ${c}` : c,
        )
        .join(", ");
      const rows = (db: string) => `select ${projection} from ${db}.marts.${t}`;
      const [{ n }] = await warehouse.query<{ n: number }>(`select
          (select count(*) from (${rows(catalog)} except all ${rows("other")})) +
          (select count(*) from (${rows("other")} except all ${rows(catalog)})) as n`);
      out[t] = Number(n);
    }
    return out;
  } finally {
    await warehouse.close();
  }
}

describe("a plain run after changes at any age", () => {
  it("equals a full refresh, the future order is no sale, and one bad delivery only warns", async () => {
    const plain = configAt("plain");
    expect((await runPipeline({ config: plain })).status).toBe("success");

    await sql(
      db.url,
      `
      update orders set order_status = 'canceled' where order_id in (
        select order_id from orders where order_status = 'delivered' order by order_purchase_timestamp desc, order_id limit 40);
      update orders set order_status = 'canceled' where order_id in (
        select order_id from orders where order_status = 'delivered' order by order_purchase_timestamp, order_id limit 40);
      insert into orders
        select 'f0000000000000000000000000000064', customer_id, 'delivered', now()::timestamp(0) + interval '64 years',
               null, null, null, null
          from orders order by order_id limit 1;
      insert into order_items
        select 'f0000000000000000000000000000064', 1, product_id, seller_id, null, 999.99, 10 from order_items order by order_id limit 1;
      -- One delivered order alone in its state-month, delivered three days before it was bought.
      create temp table lonely as
        select o.order_id, o.customer_id from orders o
         where o.order_status = 'delivered' and o.order_delivered_customer_date is not null
           and not exists (select 1 from orders o2 join customers c2 using (customer_id)
                            where c2.customer_state = 'RR'
                              and date_trunc('month', o2.order_purchase_timestamp) = date_trunc('month', o.order_purchase_timestamp))
         order by o.order_purchase_timestamp, o.order_id limit 1;
      update customers set customer_state = 'RR' where customer_id in (select customer_id from lonely);
      update orders set order_delivered_customer_date = order_purchase_timestamp - interval '3 days'
       where order_id in (select order_id from lonely);`,
    );

    const second = await runPipeline({ config: plain });
    expect(second.status).toBe("success");
    const tests = second.steps.find((s) => s.step === "tests")!;
    expect(tests.status).toBe("success");
    expect(tests.warnings.join("\n")).toContain("delivered_at >= purchased_at");
    const full = configAt("full");
    expect((await runPipeline({ config: full, fullRefresh: true })).status).toBe("success");

    const differences = await martDifferences(plain.warehousePath, full.warehousePath);
    // The regression marts (sensitivity, dollar lags, the scenario model) are left out: their least-squares
    // statistics lose digits to conditioning (four correlated lags), so two builds of the same data whose rows
    // arrive in another order differ past 12 significant digits, which no extraction can fix. They are checked
    // against the TypeScript references (test/models/dollarLags.test.ts) and across engines to 1e-6.
    const compared = Object.entries(differences).filter(([t]) => !/sensitivity|dollar_lags|scenario_model/.test(t));
    expect(compared.length).toBeGreaterThan(5);
    expect(compared.filter(([, n]) => n > 0)).toEqual([]);

    // Independent counts, from PostgreSQL: sales are orders of a sales status bought by today with an item.
    const [source] = await sql<{ sales: number }>(
      db.url,
      `select count(*)::int as sales from orders o
        where o.order_status in ('approved', 'invoiced', 'processing', 'shipped', 'delivered')
          and o.order_purchase_timestamp <= now() and exists (select 1 from order_items i where i.order_id = o.order_id)`,
    );
    const warehouse = await openAt(plain.warehousePath, { readOnly: true });
    try {
      const [marts] = await warehouse.query<{ sales: number; future: number }>(
        `select count(*) filter (where is_sale)::integer as sales,
                count(*) filter (where order_id = 'f0000000000000000000000000000064')::integer as future
           from marts.fct_orders_with_economics`,
      );
      expect(marts).toEqual({ sales: source.sales, future: 0 });
      const rejected = await warehouse.query(`select reject_reason from staging.stg_rejected_rows where row_key = 'f0000000000000000000000000000064'`);
      expect(rejected).toEqual([{ reject_reason: "purchase timestamp in the future" }]);
      const [{ watermark }] = await warehouse.query<{ watermark: string }>(
        `select watermark::varchar as watermark from meta.extract_state where table_name = 'orders'`,
      );
      expect(watermark < new Date().toISOString()).toBe(true);
    } finally {
      await warehouse.close();
    }
  }, 240_000);
});
