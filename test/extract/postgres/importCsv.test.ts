import { rm, unlink } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OLIST_TABLES } from "../../../pipeline/extract/olistSchema.ts";
import { importOlist, OlistFilesError } from "../../../pipeline/extract/postgres/importCsv.ts";
import { createTestDatabase, sql, type TestDatabase } from "./fixtures.ts";
import { REVIEW_MESSAGE, TRANSLATION_ROWS, goodRecords, writeOlistCsvs } from "./olistCsv.ts";

let db: TestDatabase;
const dirs: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase("olist_test_import");
});
afterAll(async () => {
  await db?.drop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function fixture(...args: Parameters<typeof writeOlistCsvs>): Promise<string> {
  const dir = await writeOlistCsvs(...args);
  dirs.push(dir);
  return dir;
}

/** Every row of every Olist table and of the rejects, in a stable order: the database's whole state. */
async function snapshot(url: string): Promise<Record<string, unknown[]>> {
  const state: Record<string, unknown[]> = {};
  for (const name of [...OLIST_TABLES.map((t) => t.name), "olist_rejects"]) {
    state[name] = await sql(url, `select * from public.${name} t order by t::text`);
  }
  return state;
}

async function publicTables(url: string): Promise<string[]> {
  const rows = await sql<{ table_name: string }>(url, `select table_name from information_schema.tables where table_schema = 'public'`);
  return rows.map((r) => r.table_name);
}

describe("import-olist", () => {
  it("refuses a directory with a missing file or an unexpected header before writing anything", async () => {
    const missing = await fixture();
    await unlink(path.join(missing, "olist_order_items_dataset.csv"));
    const error = await importOlist(missing, { to: db.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OlistFilesError);
    expect((error as Error).message).toContain("olist_order_items_dataset.csv is missing");

    const misspelled = await fixture(goodRecords(), {
      header: { "olist_orders_dataset.csv": "order_id,customer_id,status,order_purchase_timestamp" },
    });
    const headerError = await importOlist(misspelled, { to: db.url }).catch((e: unknown) => e);
    expect((headerError as Error).message).toMatch(
      /olist_orders_dataset\.csv has header "order_id,customer_id,status,.*expected "order_id,customer_id,order_status,/,
    );
    expect(await publicTables(db.url)).toEqual([]);

    // Geolocation is optional (required: false), as on the embedded path: its table is left empty.
    const noGeolocation = await fixture();
    await unlink(path.join(noGeolocation, "olist_geolocation_dataset.csv"));
    const result = await importOlist(noGeolocation, { to: db.url });
    expect(result.files.map((f) => f.table)).not.toContain("geolocation");
    expect(await sql(db.url, `select * from geolocation`)).toEqual([]);
  });

  it("accepts the files as published: BOM, no final newline, CRLF, quoted ids, multi-line reviews, repeated review ids", async () => {
    const dir = await fixture(goodRecords(), {
      crlf: ["olist_order_reviews_dataset.csv", "olist_orders_dataset.csv"],
      finalNewline: false,
    });
    const result = await importOlist(dir, { to: db.url });

    expect(result.rejected).toBe(0);
    const expected = goodRecords();
    for (const f of result.files) {
      const rows = f.file === "product_category_name_translation.csv" ? TRANSLATION_ROWS : expected[f.file].length;
      expect(f, f.file).toMatchObject({ rowsIn: rows, loaded: rows, rejected: 0 });
      const [{ n }] = await sql<{ n: number }>(db.url, `select count(*)::int as n from public.${f.table}`);
      expect(n, f.table).toBe(rows);
    }
    const reviews = await sql(
      db.url,
      `select review_id, order_id, review_comment_title, review_comment_message from order_reviews order by review_creation_date`,
    );
    expect(reviews[0].review_comment_message).toBe(REVIEW_MESSAGE);
    expect(reviews[0].review_comment_title).toBeNull();
    expect(reviews[1].review_id).toBe(reviews[0].review_id);
    const [translation] = await sql(db.url, `select * from product_category_name_translation where product_category_name = 'beleza_saude'`);
    expect(translation.product_category_name_english).toBe("health_beauty");
    const [product] = await sql(db.url, `select * from products where product_category_name is null`);
    expect(product).toMatchObject({ product_name_lenght: null, product_weight_g: 650 });
    const [item] = await sql(db.url, `select price::text, shipping_limit_date::text from order_items order by shipping_limit_date limit 1`);
    expect(item).toEqual({ price: "29.99", shipping_limit_date: "2017-10-06 11:07:15" });
  });

  it("sends broken lines to olist_rejects with file, line and reason, and loses nothing else", async () => {
    const records = goodRecords();
    const orders = "olist_orders_dataset.csv";
    const items = "olist_order_items_dataset.csv";
    const sellers = "olist_sellers_dataset.csv";
    const reviews = "olist_order_reviews_dataset.csv";
    // line 2 + 3 good orders = lines 2..4; then the broken ones
    records[orders].push(`"0000000000000000000000000000000a","c","delivered","2017-10-02 10:56:33"`); // line 5
    records[orders].push(`"0000000000000000000000000000000b","c","delivered","2017-02-30 10:00:00",,,,`); // line 6
    records[items].push(`${records[items][0].split(",")[0]},9,p,s,2017-10-06 11:07:15,abc,8.72`); // line 5
    records[items].push(records[items][0]); // line 6: the first item again
    records[reviews].push(
      `rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr,oooooooooooooooooooooooooooooooo,5,,"uma linha\nduas ""linhas""",2018-01-01 00:00:00,2018-01-02 00:00:00`,
    );
    records[reviews].push(`ssssssssssssssssssssssssssssssss,oooooooooooooooooooooooooooooooo,cinco,,,2018-01-01 00:00:00,2018-01-02 00:00:00`);
    records[sellers].push(`"unterminated,13023,campinas,SP`); // line 4, to the end of the file
    const dir = await fixture(records, { finalNewline: false });

    // A third of some files is broken here: allowed explicitly (the default 5 % refuses it, see below).
    const result = await importOlist(dir, { to: db.url, maxRejectRate: 1 });

    const byFile = Object.fromEntries(result.files.map((f) => [f.file, f]));
    for (const [file, lines] of Object.entries(records)) {
      const f = byFile[file];
      expect(f.rowsIn, file).toBe(lines.length);
      expect(f.loaded + f.rejected, file).toBe(lines.length);
      const [{ n }] = await sql<{ n: number }>(db.url, `select count(*)::int as n from public.${f.table}`);
      expect(n, file).toBe(f.loaded);
    }
    expect(byFile[orders]).toMatchObject({ loaded: 3, rejected: 2 });
    expect(byFile[items]).toMatchObject({ loaded: 3, rejected: 2 });
    expect(byFile[reviews]).toMatchObject({ loaded: 3, rejected: 1 });
    expect(byFile[sellers]).toMatchObject({ loaded: 2, rejected: 1 });

    const rejects = await sql(db.url, `select file, line::int, reason, raw_record from olist_rejects order by file, line`);
    expect(rejects).toHaveLength(result.rejected);
    expect(rejects).toEqual([
      { file: items, line: 5, reason: 'price "abc" is not a decimal amount', raw_record: records[items][3] },
      { file: items, line: 6, reason: "duplicate primary key (order_id, order_item_id), first on line 2", raw_record: records[items][0] },
      { file: reviews, line: 7, reason: 'review_score "cinco" is not an integer', raw_record: records[reviews][3] },
      { file: orders, line: 5, reason: "expected 8 fields, found 4", raw_record: records[orders][3] },
      {
        file: orders,
        line: 6,
        reason: 'order_purchase_timestamp "2017-02-30 10:00:00" is not a timestamp (YYYY-MM-DD HH:MM:SS)',
        raw_record: records[orders][4],
      },
      { file: sellers, line: 4, reason: "a quoted field is not closed before the end of the file", raw_record: records[sellers][2] },
    ]);
    // The multi-line review (lines 5–6) was kept, and the broken one after it is reported on its own line, 7.
    const [kept] = await sql(db.url, `select review_comment_message from order_reviews where review_id like 'rrr%'`);
    expect(kept.review_comment_message).toBe('uma linha\nduas "linhas"');
  });

  it("gives the same state when run twice, and mirrors the files when they change", async () => {
    const dir = await fixture();
    const indexes = () => sql(db.url, `select tablename, indexdef from pg_indexes where schemaname = 'public' order by 1, 2`);
    await importOlist(dir, { to: db.url });
    const first = await snapshot(db.url);
    const firstIndexes = await indexes();
    await importOlist(dir, { to: db.url });
    expect(await snapshot(db.url)).toEqual(first);
    // Rebuilt after each bulk load, the keys and indexes are those the tables were created with.
    expect(await indexes()).toEqual(firstIndexes);
    expect(firstIndexes.map((i) => i.indexdef)).toEqual(
      expect.arrayContaining([
        "CREATE UNIQUE INDEX orders_pkey ON public.orders USING btree (order_id)",
        "CREATE INDEX orders_purchase_idx ON public.orders USING btree (order_purchase_timestamp)",
        "CREATE UNIQUE INDEX order_reviews_pkey ON public.order_reviews USING btree (review_id, order_id)",
      ]),
    );
    expect(first.olist_rejects).toEqual([]);

    const fewer = goodRecords();
    fewer["olist_orders_dataset.csv"].pop();
    await importOlist(await fixture(fewer), { to: db.url });
    const [{ n }] = await sql<{ n: number }>(db.url, `select count(*)::int as n from orders`);
    expect(n).toBe(2);
  });
});
