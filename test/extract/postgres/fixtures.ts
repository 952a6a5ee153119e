// Test fixtures for the PostgreSQL source: a throwaway database per test, and a deterministic synthetic Olist
// dataset made in SQL (fast at any size, independent of the sample generator).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { OLIST_TABLES } from "../../../pipeline/extract/olistSchema.ts";
import { sourceSchemaDdl } from "../../../pipeline/extract/postgres/ddl.ts";
import type { Warehouse } from "../../support/warehouse.ts";

/** Where test databases are created from; trust auth on the local PostgreSQL. */
export const ADMIN_URL = process.env.PG_TEST_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database with a unique name; `drop` removes it even with connections still open. */
export async function createTestDatabase(prefix = "olist_test"): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

/** Runs statements against a database and returns the last result's rows. */
export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, text: string, values?: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Creates the Olist tables and fills them with `orders` synthetic orders spread evenly over 2016-09-04 ..
 * 2018-10-15, with 1–3 items, 1–2 payments and one review each (review ids repeating across orders, comments
 * with quotes, commas, newlines and accents), one customer per order, and the smaller dimension tables.
 */
export async function fillSynthetic(url: string, orders: number, schema = "public"): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const s = schema;
  try {
    for (const statement of sourceSchemaDdl(schema)) await client.query(statement);
    const n = orders;
    const products = Math.max(10, Math.floor(n / 3));
    const sellers = Math.max(3, Math.floor(n / 30));
    await client.query(`
      insert into ${s}.customers
      select md5('customer' || g), md5('unique' || (g % ${Math.max(1, Math.floor(n * 0.96))})),
             lpad(((g::bigint * 7919) % 89990 + 10000)::text, 5, '0'),
             (array['sao paulo','rio de janeiro','belo horizonte','curitiba','são josé dos campos','brasília'])[1 + g % 6],
             (array['SP','RJ','MG','PR','SP','DF'])[1 + g % 6]
        from generate_series(1, ${n}) g;
      insert into ${s}.products
      select md5('product' || g),
             (array['beleza_saude','informatica_acessorios','cama_mesa_banho',null,'esporte_lazer'])[1 + g % 5],
             40 + g % 20, 300 + g % 900, 1 + g % 4, 200 + g % 5000, 16 + g % 30, 10 + g % 20, 11 + g % 25
        from generate_series(1, ${products}) g;
      insert into ${s}.sellers
      select md5('seller' || g), lpad(((g::bigint * 104729) % 89990 + 10000)::text, 5, '0'),
             (array['sao paulo','ibitinga','curitiba'])[1 + g % 3], (array['SP','SP','PR'])[1 + g % 3]
        from generate_series(1, ${sellers}) g;
      insert into ${s}.orders
      select md5('order' || g), md5('customer' || g),
             case when g % 20 = 0 then 'canceled' when g % 20 = 1 then 'shipped' else 'delivered' end,
             p, p + interval '20 minutes',
             case when g % 20 <> 0 then p + interval '2 days' end,
             case when g % 20 > 1 then p + (5 + g % 15) * interval '1 day' end,
             date_trunc('day', p + interval '24 days')
        from generate_series(1, ${n}) g,
             lateral (select timestamp '2016-09-04 08:00:00'
                      + make_interval(secs => floor(g::double precision * 66700000 / ${n}))) t(p);
      insert into ${s}.order_items
      select md5('order' || g), k, md5('product' || (1 + (g * 31 + k) % ${products})),
             md5('seller' || (1 + (g * 17 + k) % ${sellers})),
             o.order_purchase_timestamp + interval '6 days',
             round((9.9 + (g * 37 + k * 11) % 500)::numeric, 2), round((7 + (g * 13) % 30)::numeric + 0.45, 2)
        from generate_series(1, ${n}) g
        join ${s}.orders o on o.order_id = md5('order' || g),
             generate_series(1, 1 + (g % 3 = 0)::int + (g % 7 = 0)::int) k;
      insert into ${s}.order_payments
      select md5('order' || g), k, case when k = 2 then 'voucher' when g % 4 = 0 then 'boleto' else 'credit_card' end,
             case when k = 2 then 1 else 1 + g % 10 end, round((20 + (g * 41 + k) % 700)::numeric + 0.5, 2)
        from generate_series(1, ${n}) g, generate_series(1, 1 + (g % 9 = 0)::int) k;
      insert into ${s}.order_reviews
      select md5('review' || case when g % 100 = 0 then g - 1 else g end), md5('order' || g), 1 + g % 5,
             case when g % 11 = 0 then 'Recomendo' end,
             case when g % 7 = 0 then e'Ótimo produto, "chegou" antes do prazo.\\nRecomendo à família!'
                  when g % 5 = 0 then 'não recebi, péssimo' end,
             date_trunc('day', o.order_purchase_timestamp + interval '12 days'),
             o.order_purchase_timestamp + interval '13 days 4 hours'
        from generate_series(1, ${n}) g
        join ${s}.orders o on o.order_id = md5('order' || g);
      insert into ${s}.geolocation
      select lpad(((g::bigint * 7919) % 89990 + 10000)::text, 5, '0'), -23.5 + (g % 1000) / 1000.0, -46.6 + (g % 777) / 1000.0,
             'sao paulo', 'SP'
        from generate_series(1, ${Math.max(10, Math.floor(n / 5))}) g;
      insert into ${s}.product_category_name_translation values
        ('beleza_saude', 'health_beauty'), ('informatica_acessorios', 'computers_accessories'),
        ('cama_mesa_banho', 'bed_bath_table'), ('esporte_lazer', 'sports_leisure');
      analyze;
    `);
  } finally {
    await client.end();
  }
}

/** Row count and an order-independent hash of every raw table: equal fingerprints, equal tables row for row. */
export async function rawFingerprint(w: Warehouse): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const t of OLIST_TABLES) {
    const [row] = await w.query<{ n: number; h: string }>(`select count(*) as n, coalesce(sum(hash(t)::hugeint), 0)::varchar as h from raw.${t.name} t`);
    result[t.name] = `${row.n} rows, hash ${row.h}`;
  }
  return result;
}
