// One reject ledger: rows import-olist rejects reach raw.rejects and meta.loads through the extract, so the
// site's data-quality queries count them; and a text value larger than DuckDB's default line size extracts.
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importOlist } from "../../../pipeline/extract/postgres/importCsv.ts";
import { extractPostgres } from "../../../pipeline/extract/postgres/extract.ts";
import { latestLoadRejects, latestLoads } from "../../../pipeline/site/queries.ts";
import { openAt, type Warehouse } from "../../support/warehouse.ts";
import { createTestDatabase, sql, type TestDatabase } from "./fixtures.ts";
import { goodRecords, writeOlistCsvs } from "./olistCsv.ts";

let db: TestDatabase;
let w: Warehouse;
const dirs: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase("olist_test_ledger");
  w = await openAt(":memory:");
});
afterAll(async () => {
  await w?.close();
  await db?.drop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const REVIEWS = "olist_order_reviews_dataset.csv";
const ITEMS = "olist_order_items_dataset.csv";

describe("the reject ledger, file to warehouse", () => {
  it("brings import-olist's rejects into raw.rejects and meta.loads (in = loaded + rejected per file), and a 3 MB review", async () => {
    const records = goodRecords();
    const long = 'Chegou rápido, "ótimo", recomendo.\n'.repeat(90_000); // 3.2 MB with quotes and newlines
    records[REVIEWS].push(`cccccccccccccccccccccccccccccccc,oooooooooooooooooooooooooooooooo,5,,"nul\u0000here",2018-01-01 00:00:00,2018-01-02 00:00:00`);
    records[REVIEWS].push(
      `dddddddddddddddddddddddddddddddd,oooooooooooooooooooooooooooooooo,4,,"${long.replace(/"/g, '""')}",2018-01-03 00:00:00,2018-01-04 00:00:00`,
    );
    records[ITEMS].push(`${records[ITEMS][0].split(",")[0]},9,p,s,2017-10-06 11:07:15,abc,8.72`);
    const dir = await writeOlistCsvs(records);
    dirs.push(dir);
    const imported = await importOlist(dir, { to: db.url, maxRejectRate: 1 });
    expect(imported.rejected).toBe(2);

    const result = await extractPostgres({ warehouse: w, from: db.url, runId: "run-1" });
    expect(result.tables.find((t) => t.table === "order_reviews")).toMatchObject({ rowsRejected: 1 });

    const loads = Object.fromEntries((await latestLoads(w)).map((l) => [l.table_name, l]));
    for (const f of imported.files) {
      // Counted from the files, independently of the importer: every non-header record is in or rejected.
      const lines = f.file === "product_category_name_translation.csv" ? f.rowsIn : records[f.file].length;
      expect(Number(loads[f.table].rows_in), f.table).toBe(lines);
      expect(Number(loads[f.table].rows_loaded) + Number(loads[f.table].rows_rejected), f.table).toBe(lines);
    }
    expect(Number(loads.order_reviews.rows_rejected)).toBe(1);
    expect(Number(loads.order_items.rows_rejected)).toBe(1);

    const rejects = await latestLoadRejects(w);
    expect(rejects.map((r) => [r.table_name, Number(r.line), r.reason])).toEqual([
      ["order_items", 5, 'price "abc" is not a decimal amount'],
      ["order_reviews", 5, "review_comment_message contains a NUL character"],
    ]);
    expect(rejects[1].raw_record).toContain("nul\u2400here");
    const [{ source }] = await w.query<{ source: string }>(`select source from raw.rejects where table_name = 'order_reviews'`);
    expect(source).toBe(`import-olist ${REVIEWS}`);

    const [review] = await w.query<{ n: number }>(`select length(review_comment_message) as n from raw.order_reviews where review_id like 'ddd%'`);
    expect(Number(review.n)).toBe(long.length);

    // The next run replaces the ledger (no duplicates); after a clean import it is empty.
    await extractPostgres({ warehouse: w, from: db.url, runId: "run-2" });
    expect(await w.query(`select count(*)::integer as n from raw.rejects`)).toEqual([{ n: 2 }]);
    const clean = await writeOlistCsvs();
    dirs.push(clean);
    await importOlist(clean, { to: db.url });
    await extractPostgres({ warehouse: w, from: db.url, runId: "run-3" });
    expect(await w.query(`select count(*)::integer as n from raw.rejects`)).toEqual([{ n: 0 }]);
    expect(await sql(db.url, `select count(*)::int as n from olist_rejects`)).toEqual([{ n: 0 }]);
  }, 60_000);
});
