// Every mart agrees to the cent with an independent TypeScript computation over the raw CSVs (per month, per
// category × month, per state × month, per customer), and the data tests pass on the clean sample.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Row } from "../../pipeline/warehouse/warehouse.ts";
import { referenceSales } from "../support/reference.ts";
import {
  referenceCategories,
  referenceCustomers,
  referenceMonthly,
  referenceSalesWithItems,
  referenceStates,
  type RefSale,
} from "../support/referenceMarts.ts";
import { sampleWarehouse, type SampleWarehouse } from "../transform/sampleWarehouse.ts";

let sample: SampleWarehouse;
let sales: RefSale[];
const marts: Record<string, Row[]> = {};

const toCents = (value: unknown) => Math.round(Number(value) * 100);

beforeAll(async () => {
  sample = await sampleWarehouse("marts", { orders: 3000 });
  sales = referenceSalesWithItems(sample.sampleDir);
  const w = await sample.open({ readOnly: true });
  try {
    for (const name of [
      "fct_orders_with_economics",
      "fct_monthly_economics",
      "fct_category_performance_economics",
      "fct_geographic_sales_economics",
      "fct_customer_purchases_economics",
    ]) {
      marts[name] = await w.query(`select * from marts.${name}`);
    }
  } finally {
    await w.close();
  }
});

afterAll(() => sample?.remove());

describe("the marts against an independent computation from the raw CSVs", () => {
  it("has a reference that agrees with the shared one on which orders are sales and their value", () => {
    const shared = new Map(referenceSales(sample.sampleDir).map((o) => [o.orderId, o]));
    expect(sales.length).toBeGreaterThan(2000);
    expect(sales.length).toBe(shared.size);
    for (const s of sales) {
      expect(shared.get(s.orderId)?.valueCents, s.orderId).toBe(s.valueCents);
      expect(shared.get(s.orderId)?.usdCents, s.orderId).toBe(s.usdCents);
    }
  });

  it("fct_orders_with_economics: the same sale orders with the same BRL, USD and constant-BRL values", () => {
    const mart = new Map(marts.fct_orders_with_economics.filter((r) => r.is_sale).map((r) => [String(r.order_id), r]));
    expect(mart.size).toBe(sales.length);
    for (const s of sales) {
      const row = mart.get(s.orderId)!;
      expect(row, s.orderId).toBeDefined();
      expect([toCents(row.order_value_brl), toCents(row.order_value_usd), toCents(row.order_value_real_brl)], s.orderId).toEqual([
        s.valueCents,
        s.usdCents,
        s.realCents,
      ]);
      expect(row.exchange_rate_period).toBe(s.period);
    }
  });

  it("fct_monthly_economics: orders, customers and revenue per month to the cent", () => {
    const expected = referenceMonthly(sales).sort((a, b) => a.month.localeCompare(b.month));
    const actual = marts.fct_monthly_economics
      .map((r) => ({
        month: String(r.order_month),
        orders: Number(r.order_count),
        customers: Number(r.customers),
        brlCents: toCents(r.total_revenue_brl),
        usdCents: toCents(r.total_revenue_usd),
        realCents: toCents(r.total_revenue_real_brl),
      }))
      .sort((a, b) => a.month.localeCompare(b.month));
    expect(actual).toEqual(expected);
  });

  it("fct_category_performance_economics: orders, items, BRL, USD and share per category and month", () => {
    const expected = new Map(referenceCategories(sales).map((c) => [c.key, c]));
    expect(marts.fct_category_performance_economics.length).toBe(expected.size);
    for (const r of marts.fct_category_performance_economics) {
      const key = `${r.category_name}|${r.order_month}`;
      const ref = expected.get(key);
      expect(ref, key).toBeDefined();
      expect(
        { pt: r.category_name_pt, orders: r.order_count, items: r.items_sold, brl: toCents(r.total_revenue_brl), usd: toCents(r.total_revenue_usd) },
        key,
      ).toEqual({ pt: ref!.categoryPt, orders: ref!.orders, items: ref!.items, brl: ref!.brlCents, usd: ref!.usdCents });
      expect(Number(r.revenue_share)).toBeCloseTo(ref!.share, 12);
    }
  });

  it("fct_geographic_sales_economics: orders, customers, BRL and USD per state and month", () => {
    const expected = new Map(referenceStates(sales).map((s) => [s.key, s]));
    expect(marts.fct_geographic_sales_economics.length).toBe(expected.size);
    for (const r of marts.fct_geographic_sales_economics) {
      const key = `${r.customer_state}|${r.order_month}`;
      const ref = expected.get(key);
      expect(ref, key).toBeDefined();
      expect({ orders: r.order_count, customers: r.customers, brl: toCents(r.total_revenue_brl), usd: toCents(r.total_revenue_usd) }, key).toEqual({
        orders: ref!.orders,
        customers: ref!.customers,
        brl: ref!.brlCents,
        usd: ref!.usdCents,
      });
    }
  });

  it("fct_customer_purchases_economics: orders, spending, latest state and orders per exchange-rate period", () => {
    const expected = new Map(referenceCustomers(sales).map((c) => [c.customer, c]));
    expect(marts.fct_customer_purchases_economics.length).toBe(expected.size);
    for (const r of marts.fct_customer_purchases_economics) {
      const ref = expected.get(String(r.customer_unique_id))!;
      expect(ref, String(r.customer_unique_id)).toBeDefined();
      expect({
        state: r.customer_state,
        orders: r.order_count,
        brl: toCents(r.total_spent_brl),
        usd: toCents(r.total_spent_usd),
        periods: [r.orders_strong_brl, r.orders_moderate, r.orders_weak_brl],
      }).toEqual({ state: ref.state, orders: ref.orders, brl: ref.brlCents, usd: ref.usdCents, periods: [ref.strong, ref.moderate, ref.weak] });
    }
  });
});

describe("the data tests on the sample", () => {
  it("pass at severity error, so the run is published; warnings only flag the sample's documented dirt", () => {
    const tests = sample.report!.steps.find((s) => s.step === "tests")!;
    expect(tests.status).toBe("success");
    const results = (tests.detail as { results: { severity: string; status: string; id: string }[] }).results;
    expect(results.length).toBeGreaterThanOrEqual(40);
    expect(results.filter((r) => r.severity === "error" && r.status !== "pass").map((r) => r.id)).toEqual([]);
    for (const w of tests.warnings) expect(w).toMatch(/freshness|order_id: unique/);
  });
});
