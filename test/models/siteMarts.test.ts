// The marts the site's loaders read as they are (month and category dictionaries, state × month × category
// revenue, review scores by week of delivery delay, the payment mix, the weekly rhythm) agree with an independent
// TypeScript computation from the raw CSVs of a small sample, following the rules their .yml documents.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import type { Row } from "../../pipeline/warehouse/warehouse.ts";
import { readCsvObjects } from "../support/csv.ts";
import { cents, referenceSalesWithItems, type RefSale } from "../support/referenceMarts.ts";
import { ROOT } from "../support/site.ts";
import { sampleWarehouse, type SampleWarehouse } from "../transform/sampleWarehouse.ts";

const VARS = YAML.parse(readFileSync(path.join(ROOT, "models", "project.yml"), "utf8")).vars;
const TOP = Number(VARS.top_categories);

let sample: SampleWarehouse;
let sales: RefSale[];
const marts: Record<string, Row[]> = {};

const toCents = (value: unknown) => Math.round(Number(value) * 100);
/** Binary string order, as the warehouse sorts text (localeCompare would not). */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const csv = (name: string) => readCsvObjects(path.join(sample.sampleDir, name));

function count<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Categories by revenue over every month, largest first, ties by name: the order category_index follows. */
function referenceCategoryRanks(rows: RefSale[]) {
  const totals = new Map<string, { name: string; pt: string; items: number; cents: number }>();
  for (const item of rows.flatMap((s) => s.items)) {
    const t = totals.get(item.category) ?? { name: item.category, pt: item.categoryPt, items: 0, cents: 0 };
    t.items += 1;
    t.cents += item.valueCents;
    if (item.categoryPt > t.pt) t.pt = item.categoryPt;
    totals.set(item.category, t);
  }
  return [...totals.values()].sort((a, b) => b.cents - a.cents || byText(a.name, b.name)).map((t, index) => ({ ...t, index }));
}

/** First copy of each order (as referenceSalesWithItems keeps it): its delivery and estimated delivery days. */
function deliveryDays(): Map<string, { delivered: string; estimated: string }> {
  const out = new Map<string, { delivered: string; estimated: string }>();
  for (const o of csv("olist_orders_dataset.csv")) {
    if (!out.has(o.order_id)) out.set(o.order_id, { delivered: o.order_delivered_customer_date.trim(), estimated: o.order_estimated_delivery_date.trim() });
  }
  return out;
}

/** Each order's mean review score over its usable reviews (one copy per review and order, score 1..5). */
function orderScores(): Map<string, number> {
  const copies = new Map<string, Record<string, string>>();
  for (const r of csv("olist_order_reviews_dataset.csv")) {
    if (!r.review_id || !r.order_id) continue;
    const key = `${r.review_id}|${r.order_id}`;
    const seen = copies.get(key);
    // staging keeps the copy answered first
    if (!seen || (r.review_answer_timestamp && (!seen.review_answer_timestamp || r.review_answer_timestamp < seen.review_answer_timestamp))) copies.set(key, r);
  }
  const scores = new Map<string, number[]>();
  for (const r of copies.values()) {
    const score = Number(r.review_score);
    if (Number.isInteger(score) && score >= 1 && score <= 5) scores.set(r.order_id, [...(scores.get(r.order_id) ?? []), score]);
  }
  return new Map([...scores].map(([order, s]) => [order, s.reduce((a, b) => a + b, 0) / s.length]));
}

const dayNumber = (timestamp: string) => Date.UTC(+timestamp.slice(0, 4), +timestamp.slice(5, 7) - 1, +timestamp.slice(8, 10)) / 86_400_000;

/** Each sale's main payment type: the usable payment of the largest value, ties to the first payment. */
function mainPaymentTypes(): Map<string, string> {
  const payments = new Map<string, { seq: number; type: string; cents: number }>();
  for (const p of csv("olist_order_payments_dataset.csv")) {
    if (!p.order_id || p.payment_sequential === "") continue;
    const key = `${p.order_id}|${p.payment_sequential}`;
    const value = p.payment_value.trim() === "" ? Number.NaN : cents(p.payment_value);
    const seen = payments.get(key);
    // duplicates keep the smallest value; a missing or negative value makes the payment unusable
    if (seen && !(value < seen.cents)) continue;
    payments.set(key, { seq: Number(p.payment_sequential), type: p.payment_type.trim().toLowerCase(), cents: value });
  }
  const main = new Map<string, { seq: number; type: string; cents: number }>();
  for (const [key, p] of payments) {
    if (!(p.cents >= 0)) continue;
    const order = key.split("|")[0];
    const best = main.get(order);
    if (!best || p.cents > best.cents || (p.cents === best.cents && p.seq < best.seq)) main.set(order, p);
  }
  return new Map([...main].map(([order, p]) => [order, p.type]));
}

beforeAll(async () => {
  sample = await sampleWarehouse("site-marts", { orders: 3000 });
  sales = referenceSalesWithItems(sample.sampleDir);
  const w = await sample.open({ readOnly: true });
  try {
    for (const name of [
      "dim_sales_months",
      "dim_categories",
      "fct_state_category_sales",
      "fct_state_delivery_reviews",
      "fct_monthly_payment_mix",
      "fct_sales_rhythm",
    ]) {
      marts[name] = await w.query(`select * from marts.${name}`);
    }
  } finally {
    await w.close();
  }
});

afterAll(() => sample?.remove());

describe("the marts the site reads, against an independent computation from the raw CSVs", () => {
  it("dim_sales_months: every month with sales, numbered from 0 in calendar order", () => {
    const months = [...new Set(sales.map((s) => s.month))].sort(byText);
    expect(months.length).toBeGreaterThan(12);
    const actual = marts.dim_sales_months.map((r) => [String(r.order_month), Number(r.month_index)]).sort((a, b) => Number(a[1]) - Number(b[1]));
    expect(actual).toEqual(months.map((m, i) => [m, i]));
  });

  it("dim_sales_months: a month under the volume share of the median month's sales is not a full month", () => {
    const orders = new Map<string, number>();
    for (const s of sales) count(orders, s.month);
    const sorted = [...orders.values()].sort((a, b) => a - b);
    const mid = sorted.length / 2;
    const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
    const thin = [...orders].filter(([, n]) => n < Number(VARS.sensitivity_min_month_volume) * median).map(([m]) => m);
    // The sample ramps up and cuts off like the Olist data: its first and last months are thin.
    expect(thin.length).toBeGreaterThan(0);
    const full = new Map(marts.dim_sales_months.map((r) => [String(r.order_month), r.is_full_month]));
    for (const month of thin) expect(full.get(month), month).toBe(false);
    // The rest are full unless the month has no USD/BRL rate of its own (the sample publishes every month's).
    expect([...full].filter(([m, isFull]) => !isFull && !thin.includes(m))).toEqual([]);
  });

  it("dim_categories: items and revenue per category, ranked by revenue (ties by name), the leading ones on top", () => {
    const expected = referenceCategoryRanks(sales);
    expect(expected.length).toBeGreaterThan(TOP);
    const actual = marts.dim_categories
      .map((r) => ({
        name: String(r.category_name),
        pt: String(r.category_name_pt),
        items: Number(r.items_sold),
        cents: toCents(r.total_revenue_brl),
        index: Number(r.category_index),
        top: r.is_top_category,
      }))
      .sort((a, b) => a.index - b.index);
    expect(actual).toEqual(expected.map((c) => ({ ...c, top: c.index < TOP })));
  });

  it("fct_state_category_sales: revenue per state, month and leading category, every other category as 'other'", () => {
    const top = new Map(referenceCategoryRanks(sales).slice(0, TOP).map((c) => [c.name, c.index]));
    const expected = new Map<string, { group: string; items: number; cents: number }>();
    for (const s of sales) {
      for (const item of s.items) {
        const index = top.get(item.category) ?? TOP;
        const key = `${s.state ?? "unknown"}|${s.month}|${index}`;
        const e = expected.get(key) ?? { group: index < TOP ? item.category : "other", items: 0, cents: 0 };
        e.items += 1;
        e.cents += item.valueCents;
        expected.set(key, e);
      }
    }
    expect(marts.fct_state_category_sales.length).toBe(expected.size);
    expect(marts.fct_state_category_sales.some((r) => r.category_group === "other")).toBe(true);
    for (const r of marts.fct_state_category_sales) {
      const key = `${r.customer_state}|${r.order_month}|${r.category_index}`;
      expect({ group: r.category_group, items: Number(r.items_sold), cents: toCents(r.total_revenue_brl) }, key).toEqual(expected.get(key));
    }
  });

  it("fct_state_delivery_reviews: reviewed delivered sales and their scores per state, month and week of delay", () => {
    const delivery = deliveryDays();
    const scores = orderScores();
    const expected = new Map<string, { orders: number; sum: number }>();
    for (const s of sales) {
      const d = delivery.get(s.orderId)!;
      const score = scores.get(s.orderId);
      if (!d.delivered || !d.estimated || score === undefined) continue;
      const daysLate = dayNumber(d.delivered) - dayNumber(d.estimated);
      // week 0 is on time (the estimated day or up to 6 days early), week 1 is 1-7 days late; clamped to ±4
      const week = Math.max(-4, Math.min(4, Math.floor((daysLate - 1) / 7) + 1));
      const key = `${s.state ?? "unknown"}|${s.month}|${week}`;
      const e = expected.get(key) ?? { orders: 0, sum: 0 };
      e.orders += 1;
      e.sum += score;
      expected.set(key, e);
    }
    const weeks = new Set([...expected.keys()].map((k) => k.split("|")[2]));
    expect(weeks.size).toBeGreaterThanOrEqual(5);
    expect(marts.fct_state_delivery_reviews.length).toBe(expected.size);
    for (const r of marts.fct_state_delivery_reviews) {
      const key = `${r.customer_state}|${r.order_month}|${r.delay_week}`;
      const e = expected.get(key);
      expect(e, key).toBeDefined();
      expect(Number(r.reviewed_orders), key).toBe(e!.orders);
      expect(Number(r.review_score_sum), key).toBeCloseTo(e!.sum, 9);
      expect(Number(r.avg_review_score), key).toBeCloseTo(e!.sum / e!.orders, 9);
    }
  });

  it("fct_monthly_payment_mix: sale orders per month by main payment type, unpaid ones as not_defined", () => {
    const main = mainPaymentTypes();
    const expected = new Map<string, number>();
    for (const s of sales) count(expected, `${s.month}|${main.get(s.orderId) ?? "not_defined"}`);
    expect(marts.fct_monthly_payment_mix.length).toBe(expected.size);
    for (const r of marts.fct_monthly_payment_mix) {
      const key = `${r.order_month}|${r.payment_type}`;
      expect(Number(r.order_count), key).toBe(expected.get(key));
    }
  });

  it("fct_sales_rhythm: sale orders per ISO weekday (1 = Monday) and hour of purchase", () => {
    const expected = new Map<string, number>();
    for (const s of sales) {
      const weekday = new Date(`${s.purchasedAt.slice(0, 10)}T00:00:00Z`).getUTCDay() || 7;
      count(expected, `${weekday}|${Number(s.purchasedAt.slice(11, 13))}`);
    }
    expect(expected.size).toBeGreaterThan(100);
    expect(marts.fct_sales_rhythm.length).toBe(expected.size);
    for (const r of marts.fct_sales_rhythm) {
      const key = `${r.purchase_weekday}|${r.purchase_hour}`;
      expect(Number(r.order_count), key).toBe(expected.get(key));
    }
  });
});

describe("the data tests of these marts on the sample", () => {
  it("all pass", () => {
    const tests = sample.report!.steps.find((s) => s.step === "tests")!;
    const results = (tests.detail as { results: { model: string; status: string; id: string }[] }).results;
    const ours = results.filter((r) => Object.keys(marts).includes(r.model));
    expect(ours.length).toBeGreaterThanOrEqual(40);
    expect(ours.filter((r) => r.status !== "pass").map((r) => r.id)).toEqual([]);
  });
});
