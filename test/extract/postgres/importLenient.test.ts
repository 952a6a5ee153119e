// import-olist on the files people really have: spreadsheet re-saves, other encodings, NUL bytes, huge fields,
// renamed, empty and misspelled files. Each case's fixture is made here; counts are checked against the files.
import { mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../pipeline/config.ts";
import { POSTGRES_COMMANDS } from "../../../pipeline/cli/postgres.ts";
import { writeSampleCsv } from "../../../pipeline/extract/sample/generate.ts";
import { TRANSLATION_CSV } from "../../../pipeline/extract/sampleSource.ts";
import { ImportRefusedError, OlistFilesError, importOlist } from "../../../pipeline/extract/postgres/importCsv.ts";
import { createTestDatabase, sql, type TestDatabase } from "./fixtures.ts";
import { goodRecords, writeOlistCsvs } from "./olistCsv.ts";
import { readCsvSync, resaveAsSpreadsheet } from "./spreadsheet.ts";

let db: TestDatabase;
const dirs: string[] = [];
const ORDERS = "olist_orders_dataset.csv";
const CUSTOMERS = "olist_customers_dataset.csv";
const REVIEWS = "olist_order_reviews_dataset.csv";
const PAYMENTS = "olist_order_payments_dataset.csv";

beforeAll(async () => {
  db = await createTestDatabase("olist_test_lenient");
});
afterAll(async () => {
  await db?.drop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "olist-lenient-"));
  dirs.push(dir);
  return dir;
}

async function fixture(...args: Parameters<typeof writeOlistCsvs>): Promise<string> {
  const dir = await writeOlistCsvs(...args);
  dirs.push(dir);
  return dir;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as Error,
  );

/** Revenue per category × purchase month in cents, from CSV files read independently of the importer. */
async function revenueFromFiles(dir: string): Promise<Map<string, number>> {
  const read = async (file: string) => readCsvSync(await readFile(path.join(dir, file), "utf8")).slice(1);
  const month = new Map((await read(ORDERS)).map((r) => [r[0], r[3].slice(0, 7)]));
  const category = new Map((await read("olist_products_dataset.csv")).map((r) => [r[0], r[1]]));
  const english = new Map((await read("product_category_name_translation.csv")).map((r) => [r[0], r[1]]));
  const revenue = new Map<string, number>();
  for (const [orderId, , productId, , , price] of await read("olist_order_items_dataset.csv")) {
    const c = category.get(productId) || "";
    const key = `${english.get(c) ?? (c || "(none)")}|${month.get(orderId)}`;
    revenue.set(key, (revenue.get(key) ?? 0) + Math.round(Number(price) * 100));
  }
  return revenue;
}

async function revenueInDatabase(): Promise<Map<string, number>> {
  const rows = await sql<{ key: string; cents: string }>(
    db.url,
    `select coalesce(t.product_category_name_english, nullif(p.product_category_name, ''), '(none)') || '|' ||
            to_char(o.order_purchase_timestamp, 'YYYY-MM') as key, (sum(i.price) * 100)::bigint::text as cents
       from order_items i join orders o using (order_id) join products p using (product_id)
       left join product_category_name_translation t using (product_category_name)
      group by 1`,
  );
  return new Map(rows.map((r) => [r.key, Number(r.cents)]));
}

describe("import-olist reads what users have", () => {
  it("imports a spreadsheet re-save of the sample (exit 0) with the same category × month revenue, to the cent", async () => {
    const original = await tempDir();
    await writeSampleCsv(original, { orders: 2000, seed: 7, bcbDir: loadConfig().bcbSnapshotDir, translationCsv: TRANSLATION_CSV });
    const resaved = await tempDir();
    await resaveAsSpreadsheet(original, resaved, {
      rename: { [CUSTOMERS]: "olistcustomerdataset.csv" },
      headerVariants: { product_name_lenght: "product_name_length" },
      blankRows: 300,
      empty: [REVIEWS],
    });

    await importOlist(original, { to: db.url });
    const viaOriginal = await revenueInDatabase();

    const command = POSTGRES_COMMANDS.find((c) => c.name === "import-olist")!;
    const exit = await command.run({ config: loadConfig(), values: { to: db.url }, positionals: [resaved] });
    expect(exit ?? 0).toBe(0);
    const viaResave = await revenueInDatabase();
    const expected = await revenueFromFiles(original);
    expect(viaResave.size).toBeGreaterThan(50);
    expect(Object.fromEntries(viaResave)).toEqual(Object.fromEntries(expected));
    expect(Object.fromEntries(viaOriginal)).toEqual(Object.fromEntries(expected));

    // What was forgiven is said, per file; in = loaded + rejected, and no blank row is a reject.
    const result = await importOlist(resaved, { to: db.url });
    const byTable = Object.fromEntries(result.files.map((f) => [f.table, f]));
    // The empty reviews file loads nothing and is not a file of the import; every other file is read whole.
    expect(result.files.map((f) => f.table)).not.toContain("order_reviews");
    expect(await sql(db.url, `select count(*)::int as n from order_reviews`)).toEqual([{ n: 0 }]);
    for (const f of result.files) {
      expect(f.blank, f.file).toBe(300);
      expect(f.loaded + f.rejected, f.file).toBe(f.rowsIn);
      expect(Object.keys(f.reasons).join(), f.file).not.toMatch(/empty/);
    }
    expect(byTable.customers.file).toBe("olistcustomerdataset.csv");
    expect(byTable.customers.notes.join("\n")).toContain("read olistcustomerdataset.csv as olist_customers_dataset.csv");
    expect(byTable.customers.notes.join("\n")).toMatch(/customer_zip_code_prefix padded to 5 digits/);
    expect(byTable.orders.notes.join("\n")).toMatch(/order_purchase_timestamp read as M\/D\/YYYY/);
    expect(byTable.products.notes.join("\n")).toContain('header "product_name_length" read as product_name_lenght');
    const [{ n }] = await sql<{ n: number }>(db.url, `select count(*)::int as n from customers where length(customer_zip_code_prefix) <> 5`);
    expect(n).toBe(0);
  }, 60_000);

  it("reads US dates where some value tells the order, and refuses files where none or both do, with the evidence", async () => {
    const records = goodRecords();
    const o = records[ORDERS];
    o[0] = o[0].replace('"2017-10-02 10:56:33"', '"10/25/2017 10:56"'); // month first: 25 is a day
    const us = await importOlist(await fixture(records), { to: db.url });
    expect(us.rejected).toBe(0);
    const [first] = await sql(db.url, `select order_purchase_timestamp::text as t from orders where order_id = 'e481f51cbdc54678b7cc49136f2d6af7'`);
    expect(first.t).toBe("2017-10-25 10:56:00");
    expect(us.files.find((f) => f.table === "orders")!.notes).toContain("1 × order_purchase_timestamp read as M/D/YYYY");

    const ambiguous = goodRecords();
    ambiguous[ORDERS][0] = ambiguous[ORDERS][0].replace('"2017-10-02 10:56:33"', '"10/2/2017 10:56"');
    const dir = await fixture(ambiguous);
    const refused = await failure(importOlist(dir, { to: db.url }));
    expect(refused).toBeInstanceOf(OlistFilesError);
    expect(refused!.message).toContain(`${ORDERS} has 1 dates like "10/2/2017 10:56" on line 2`);
    expect(refused!.message).toContain("--date-order");
    await importOlist(dir, { to: db.url, dateOrder: "dmy" });
    const [dmy] = await sql(db.url, `select order_purchase_timestamp::text as t from orders where order_id = 'e481f51cbdc54678b7cc49136f2d6af7'`);
    expect(dmy.t).toBe("2017-02-10 10:56:00");

    const mixed = goodRecords();
    mixed[ORDERS][0] = mixed[ORDERS][0].replace('"2017-10-02 10:56:33"', '"10/25/2017 10:56"');
    mixed[ORDERS][1] = mixed[ORDERS][1].replace('"2018-07-24 20:41:37"', '"24/7/2018 20:41:37"');
    const both = await failure(importOlist(await fixture(mixed), { to: db.url }));
    expect(both!.message).toMatch(/mixes day-first and month-first dates: "24\/7\/2018 20:41:37" on line 3, "10\/25\/2017 10:56" on line 2/);
  });

  it("refuses a Latin-1 file naming the line of the first bad byte, and transcodes it with --encoding latin1", async () => {
    const dir = await fixture();
    const file = path.join(dir, CUSTOMERS);
    const text = await readFile(file, "utf8");
    await writeFile(file, Buffer.from(text, "latin1")); // "são paulo" on line 4: 0xE3 for ã
    const refused = await failure(importOlist(dir, { to: db.url }));
    expect(refused).toBeInstanceOf(OlistFilesError);
    expect(refused!.message).toContain(`${CUSTOMERS} is not valid UTF-8: byte 0xE3 on line 4`);
    expect(refused!.message).toContain("--encoding latin1");

    const result = await importOlist(dir, { to: db.url, encoding: "latin1" });
    const [customer] = await sql(db.url, `select customer_city from customers where customer_zip_code_prefix = '01151'`);
    expect(customer.customer_city).toBe("são paulo");
    expect(result.files.find((f) => f.table === "customers")!.notes[0]).toMatch(/^read as windows-1252 \(not valid UTF-8: byte 0xE3 on line 4\)/);
    // The UTF-8 files stay UTF-8: the review's accents are intact.
    const [review] = await sql(db.url, `select review_comment_message from order_reviews where review_comment_message is not null`);
    expect(review.review_comment_message).toContain("Ótimo");
  });

  it("rejects the one review with a NUL byte, with file and line; every other row loads; a 3 MB comment loads whole", async () => {
    const records = goodRecords();
    const long = "Muito bom. ".repeat(300_000); // 3.3 MB
    records[REVIEWS].push(`cccccccccccccccccccccccccccccccc,oooooooooooooooooooooooooooooooo,5,,"nul\u0000here",2018-01-01 00:00:00,2018-01-02 00:00:00`);
    records[REVIEWS].push(`dddddddddddddddddddddddddddddddd,oooooooooooooooooooooooooooooooo,4,,"${long}",2018-01-03 00:00:00,2018-01-04 00:00:00`);
    const result = await importOlist(await fixture(records), { to: db.url, maxRejectRate: 1 });
    const reviews = result.files.find((f) => f.table === "order_reviews")!;
    expect(reviews).toMatchObject({ rowsIn: 4, loaded: 3, rejected: 1 });
    expect(result.rejected).toBe(1);
    const rejects = await sql(db.url, `select file, table_name, line::int, reason, raw_record from olist_rejects`);
    // line 1 header, 2-3 the first review (a quoted newline), 4 the second, 5 the NUL one
    expect(rejects).toEqual([
      {
        file: REVIEWS,
        table_name: "order_reviews",
        line: 5,
        reason: "review_comment_message contains a NUL character",
        raw_record: records[REVIEWS][2].replace("\u0000", "\u2400"),
      },
    ]);
    const [{ n }] = await sql<{ n: number }>(db.url, `select length(review_comment_message) as n from order_reviews where review_id like 'ddd%'`);
    expect(n).toBe(long.length);
  });

  it("says what is wrong with a file: empty, a renamed one, a header that differs (naming the column)", async () => {
    const dir = await fixture();
    await writeFile(path.join(dir, PAYMENTS), "");
    await rename(path.join(dir, CUSTOMERS), path.join(dir, "Olist_Customers_Dataset.CSV"));
    await writeFile(
      path.join(dir, "olist_sellers_dataset.csv"),
      "seller_id,seller_zip_code,seller_city,seller_state\n3504c0cb71d7fa48d967e0e4c94d59d9,13023,campinas,SP\n",
    );
    const error = await failure(importOlist(dir, { to: db.url }));
    expect(error).toBeInstanceOf(OlistFilesError);
    expect(error!.message).toContain(`${PAYMENTS} is empty: no header, no rows`);
    expect(error!.message).toContain(`column 2 is "seller_zip_code", expected "seller_zip_code_prefix"`);
    expect(error!.message).not.toContain(CUSTOMERS); // found under its other spelling

    const two = await fixture();
    await writeFile(path.join(two, "olist_customer_dataset.csv"), await readFile(path.join(two, CUSTOMERS)));
    await writeFile(path.join(two, "olist_customers_dataset (1).csv"), await readFile(path.join(two, CUSTOMERS)));
    await rm(path.join(two, CUSTOMERS));
    const several = await failure(importOlist(two, { to: db.url }));
    expect(several!.message).toMatch(/olist_customers_dataset\.csv is missing, and several files could stand for it: .*olist_customer_dataset\.csv/);
  });

  it("rolls back when a required table loads nothing or a file rejects more than --max-reject-rate", async () => {
    await importOlist(await fixture(), { to: db.url });
    const before = await sql(db.url, `select count(*)::int as n from orders`);

    const broken = goodRecords();
    broken[ORDERS] = broken[ORDERS].map((r) => r.replace(/"2\d{3}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"/, '"yesterday"'));
    const none = await failure(importOlist(await fixture(broken), { to: db.url }));
    expect(none).toBeInstanceOf(ImportRefusedError);
    expect(none!.message).toMatch(/olist_orders_dataset\.csv: no row loaded \(3 read: 3 × order_purchase_timestamp … is not a timestamp/);
    expect((none as ImportRefusedError).result.files.find((f) => f.table === "orders")).toMatchObject({ rowsIn: 3, loaded: 0, rejected: 3 });

    const some = goodRecords();
    some["olist_order_items_dataset.csv"][0] = some["olist_order_items_dataset.csv"][0].replace("29.99", "R$ 29.99");
    const dir = await fixture(some);
    const rate = await failure(importOlist(dir, { to: db.url }));
    expect(rate!.message).toMatch(
      /olist_order_items_dataset\.csv: 1 of 3 rows rejected \(33\.3 %, more than --max-reject-rate 0\.05\): 1 × price … is not a decimal amount/,
    );
    expect(await sql(db.url, `select count(*)::int as n from orders`)).toEqual(before);
    // Allowed explicitly, it loads, with the reject in the ledger.
    const allowed = await importOlist(dir, { to: db.url, maxRejectRate: 0.5 });
    expect(allowed.rejected).toBe(1);
  });
});
