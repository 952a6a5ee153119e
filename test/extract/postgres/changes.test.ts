// Incremental extraction catches every change at any age (the change horizon, changes.ts), and a purchase date
// typed 60 years ahead never moves the watermark. Each case: incremental run = full refresh = a count made
// in PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractPostgres } from "../../../pipeline/extract/postgres/extract.ts";
import { openAt, type Warehouse } from "../../support/warehouse.ts";
import { createTestDatabase, fillSynthetic, sql, type TestDatabase, rawFingerprint } from "./fixtures.ts";

let db: TestDatabase;
const open: Warehouse[] = [];

beforeAll(async () => {
  db = await createTestDatabase("olist_test_changes");
  await fillSynthetic(db.url, 2_000);
});
afterAll(async () => {
  for (const w of open) await w.close();
  await db?.drop();
});

async function warehouse(): Promise<Warehouse> {
  const w = await openAt(":memory:");
  open.push(w);
  return w;
}

/** What PostgreSQL holds now, counted there: orders per status, and the items' total in cents. */
async function sourceCounts(): Promise<{ statuses: Record<string, number>; cents: number; items: number }> {
  const statuses = await sql<{ s: string; n: number }>(db.url, `select order_status as s, count(*)::int as n from orders group by 1`);
  const [items] = await sql<{ cents: string; n: number }>(db.url, `select (sum(price) * 100)::bigint::text as cents, count(*)::int as n from order_items`);
  return { statuses: Object.fromEntries(statuses.map((r) => [r.s, r.n])), cents: Number(items.cents), items: items.n };
}

async function warehouseCounts(w: Warehouse): Promise<{ statuses: Record<string, number>; cents: number; items: number }> {
  const statuses = await w.query<{ s: string; n: number }>(`select order_status as s, count(*)::integer as n from raw.orders group by 1`);
  const [items] = await w.query<{ cents: string; n: number }>(
    `select (sum(price) * 100)::bigint::varchar as cents, count(*)::integer as n from raw.order_items`,
  );
  return { statuses: Object.fromEntries(statuses.map((r) => [r.s, Number(r.n)])), cents: Number(items.cents), items: Number(items.n) };
}

async function expectTruth(w: Warehouse): Promise<void> {
  const full = await warehouse();
  await extractPostgres({ warehouse: full, from: db.url, fullRefresh: true });
  expect(await rawFingerprint(w)).toEqual(await rawFingerprint(full));
  expect(await warehouseCounts(w)).toEqual(await sourceCounts());
}

describe("incremental extraction at any age", () => {
  it("sees a 2081 typo and the recent changes after it, old status and price changes, and a delete with its children", async () => {
    const w = await warehouse();
    await extractPostgres({ warehouse: w, from: db.url });

    // 1. An order typed 2081, then 200 recent status changes: the watermark stays at the newest real purchase.
    await sql(db.url, `insert into orders values ('typo2081', 'c', 'delivered', '2081-10-02 10:56:33', null, null, null, null)`);
    await sql(db.url, `insert into order_items values ('typo2081', 1, 'p', 's', null, 120.00, 10)`);
    const typo = await extractPostgres({ warehouse: w, from: db.url });
    const [{ newest }] = await sql<{ newest: string }>(
      db.url,
      `select to_char(max(order_purchase_timestamp), 'YYYY-MM-DD"T"HH24:MI:SS') as newest from orders where order_id <> 'typo2081'`,
    );
    expect(typo.watermark).toBe(newest);
    await sql(
      db.url,
      `update orders set order_status = 'canceled' where order_id in (
         select order_id from orders where order_status = 'delivered' order by order_purchase_timestamp desc limit 200)`,
    );
    const recent = await extractPostgres({ warehouse: w, from: db.url });
    expect(recent.changedOrders).toBe(200);
    await expectTruth(w);

    // 2. The typo corrected to 2017, a status change and a price change 200+ days behind the window.
    await sql(
      db.url,
      `update orders set order_purchase_timestamp = '2017-10-02 10:56:33' where order_id = 'typo2081';
       update orders set order_status = 'unavailable' where order_id = md5('order' || 300);
       update order_items set price = price + 48.48 where order_id = md5('order' || 301) and order_item_id = 1;`,
    );
    const old = await extractPostgres({ warehouse: w, from: db.url });
    expect(old.changedOrders).toBe(3);
    await expectTruth(w);

    // 3. An old order deleted with its children.
    const victim = `md5('order' || 302)`;
    await sql(
      db.url,
      `delete from order_items where order_id = ${victim}; delete from order_payments where order_id = ${victim};
       delete from order_reviews where order_id = ${victim}; delete from orders where order_id = ${victim};`,
    );
    const deleted = await extractPostgres({ warehouse: w, from: db.url });
    expect(deleted.tables.find((t) => t.table === "orders")!.rowsDeleted).toBe(1);
    expect(deleted.changedOrders).toBe(0);
    await expectTruth(w);
  }, 120_000);
});
