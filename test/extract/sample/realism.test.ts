// One mid-sized sample (50K orders), read back with an independent CSV reader: the shapes, the planted dirt at its
// documented rates, and the planted USD/BRL signal must all be visible in the files themselves.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OLIST_TABLES, type OlistTableName } from "../../../pipeline/extract/olistSchema.ts";
import { CATEGORY_USD_SENSITIVITY, expectedShareSlope, readMonthlyUsd } from "../../../pipeline/extract/sample/demand.ts";
import { writeSampleCsv } from "../../../pipeline/extract/sample/generate.ts";
import { readCsv } from "./rfc4180.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const ORDERS = 50_000;
const dir = mkdtempSync(path.join(os.tmpdir(), "sample-realism-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Rows = Record<string, string>[];
const data = {} as Record<OlistTableName, Rows>;
let usd: Map<string, number>;

beforeAll(async () => {
  await writeSampleCsv(dir, {
    orders: ORDERS,
    seed: 42,
    bcbDir: path.join(ROOT, "data/bcb"),
    translationCsv: path.join(ROOT, "data/olist/product_category_name_translation.csv"),
  });
  for (const t of OLIST_TABLES) data[t.name] = readCsv(path.join(dir, t.file)).rows;
  usd = await readMonthlyUsd(path.join(ROOT, "data/bcb"));
}, 60_000);

const share = (rows: Rows, test: (r: Record<string, string>) => boolean) => rows.filter(test).length / rows.length;
const distinctOrders = () => [...new Map(data.orders.map((o) => [o.order_id, o])).values()];

describe("the sample's shape", () => {
  it("is led by São Paulo customers and covers all 27 states", () => {
    const states = new Set(data.customers.map((c) => c.customer_state));
    expect(states.size).toBe(27);
    expect(share(data.customers, (c) => c.customer_state === "SP")).toBeCloseTo(0.42, 1);
    expect(share(data.customers, (c) => c.customer_state === "RJ")).toBeCloseTo(0.13, 1);
  });

  it("grows from a tiny late 2016 to a 2018 plateau, with a Black Friday spike", () => {
    const byMonth = new Map<string, number>();
    const byDay = new Map<string, number>();
    for (const o of distinctOrders()) {
      const t = o.order_purchase_timestamp;
      byMonth.set(t.slice(0, 7), (byMonth.get(t.slice(0, 7)) ?? 0) + 1);
      byDay.set(t.slice(0, 10), (byDay.get(t.slice(0, 10)) ?? 0) + 1);
    }
    expect(byMonth.get("2016-10")!).toBeLessThan(byMonth.get("2017-03")! / 4);
    expect(byMonth.get("2017-03")!).toBeLessThan(byMonth.get("2018-03")! / 2);
    expect(byDay.get("2017-11-24")!).toBeGreaterThan(3 * byDay.get("2017-11-17")!);
  });

  it("delivers about 97 % of orders, 6–11 % of them late", () => {
    const orders = distinctOrders();
    expect(share(orders, (o) => o.order_status === "delivered")).toBeCloseTo(0.97, 2);
    const delivered = orders.filter((o) => o.order_status === "delivered" && o.order_delivered_customer_date !== "");
    const late = share(delivered, (o) => o.order_delivered_customer_date > o.order_estimated_delivery_date);
    expect(late).toBeGreaterThan(0.06);
    expect(late).toBeLessThan(0.11);
  });

  it("is paid mostly by card in 1–10 instalments, then boleto, voucher and debit card", () => {
    const p = data.order_payments;
    expect(share(p, (r) => r.payment_type === "credit_card")).toBeCloseTo(0.74, 1);
    expect(share(p, (r) => r.payment_type === "boleto")).toBeCloseTo(0.19, 1);
    expect(share(p, (r) => r.payment_type === "voucher")).toBeCloseTo(0.055, 2);
    expect(share(p, (r) => r.payment_type === "debit_card")).toBeCloseTo(0.015, 2);
    const cards = p.filter((r) => r.payment_type === "credit_card");
    const instalments = new Set(cards.map((r) => Number(r.payment_installments)));
    expect(Math.min(...instalments)).toBe(1);
    expect(Math.max(...instalments)).toBe(10);
    expect(p.some((r) => r.payment_sequential === "2")).toBe(true);
  });

  it("pays each order exactly what its items and freight cost", () => {
    const cents = (money: string) => Math.round(Number(money) * 100);
    const due = new Map<string, number>();
    for (const i of data.order_items) {
      due.set(i.order_id, (due.get(i.order_id) ?? 0) + cents(i.price) + cents(i.freight_value));
    }
    const paid = new Map<string, number>();
    for (const p of data.order_payments) paid.set(p.order_id, (paid.get(p.order_id) ?? 0) + cents(p.payment_value));
    const mismatched = [...due].filter(([id, total]) => paid.get(id) !== total).map(([id]) => id);
    const notDefined = new Set(data.order_payments.filter((p) => p.payment_type === "not_defined").map((p) => p.order_id));
    expect(mismatched.every((id) => notDefined.has(id))).toBe(true);
  });

  it("scores reviews mostly 5, lower when the order was late", () => {
    const orders = new Map(distinctOrders().map((o) => [o.order_id, o]));
    const reviews = data.order_reviews;
    expect(share(reviews, (r) => r.review_score === "5")).toBeCloseTo(0.58, 1);
    const isLate = (r: Record<string, string>) => {
      const o = orders.get(r.order_id)!;
      const delivered = o.order_delivered_customer_date;
      return delivered !== "" && delivered > o.order_estimated_delivery_date;
    };
    const mean = (rs: Rows) => rs.reduce((s, r) => s + Number(r.review_score), 0) / rs.length;
    expect(mean(reviews.filter(isLate))).toBeLessThan(mean(reviews.filter((r) => !isLate(r))) - 1);
  });

  it("keeps Portuguese review comments with commas, quotes and line breaks intact through CSV", () => {
    const messages = data.order_reviews.map((r) => r.review_comment_message).filter((m) => m !== "");
    expect(messages.length / data.order_reviews.length).toBeGreaterThan(0.3);
    expect(messages.some((m) => m.includes("\r\n"))).toBe(true);
    expect(messages.some((m) => /[^\r]\n/.test(m))).toBe(true);
    expect(messages.some((m) => m.includes('"'))).toBe(true);
    expect(messages.some((m) => m.includes(","))).toBe(true);
    expect(messages.some((m) => /[ãçéíóú]/.test(m))).toBe(true);
    // Every message is made of whole sentences: a broken quote would have split or merged them.
    for (const m of messages.slice(0, 2000)) expect(m).toMatch(/[.!]$/);
  });
});

describe("the planted dirt, at its documented rates", () => {
  it("leaves about 1.85 % of products without a category (nor name or description lengths)", () => {
    const bare = data.products.filter((p) => p.product_category_name === "");
    expect(bare.length / data.products.length).toBeGreaterThan(0.012);
    expect(bare.length / data.products.length).toBeLessThan(0.026);
    expect(bare.every((p) => p.product_name_lenght === "" && p.product_photos_qty === "")).toBe(true);
  });

  it("leaves about 0.8 % of orders without items, mostly unavailable or canceled", () => {
    const withItems = new Set(data.order_items.map((i) => i.order_id));
    const orders = distinctOrders();
    const bare = orders.filter((o) => !withItems.has(o.order_id));
    expect(bare.length / orders.length).toBeGreaterThan(0.005);
    expect(bare.length / orders.length).toBeLessThan(0.011);
    expect(share(bare, (o) => o.order_status === "unavailable" || o.order_status === "canceled")).toBeGreaterThan(0.9);
  });

  it("writes no delivery date for orders that were not delivered", () => {
    const undelivered = distinctOrders().filter((o) => !["delivered", "canceled"].includes(o.order_status));
    expect(undelivered.length).toBeGreaterThan(100);
    expect(undelivered.every((o) => o.order_delivered_customer_date === "")).toBe(true);
  });

  it("repeats about 0.05 % of order rows byte for byte", () => {
    const extra = data.orders.length - ORDERS;
    expect(extra / ORDERS).toBeGreaterThan(0.0002);
    expect(extra / ORDERS).toBeLessThan(0.001);
    const seen = new Map<string, string>();
    for (const o of data.orders) {
      const line = JSON.stringify(o);
      if (seen.has(o.order_id)) expect(line).toBe(seen.get(o.order_id));
      seen.set(o.order_id, line);
    }
  });

  it("shares about 0.8 % of review ids between orders, never the same pair twice", () => {
    const reviews = data.order_reviews;
    const repeated = reviews.length - new Set(reviews.map((r) => r.review_id)).size;
    expect(repeated / reviews.length).toBeGreaterThan(0.004);
    expect(repeated / reviews.length).toBeLessThan(0.013);
    expect(new Set(reviews.map((r) => `${r.review_id}|${r.order_id}`)).size).toBe(reviews.length);
  });
});

describe("the planted USD/BRL signal", () => {
  /** Item counts per category and purchase month, computed from the CSVs alone. */
  function itemsByCategoryMonth(): { counts: Map<string, Map<string, number>>; totals: Map<string, number> } {
    const month = new Map(data.orders.map((o) => [o.order_id, o.order_purchase_timestamp.slice(0, 7)]));
    const category = new Map(data.products.map((p) => [p.product_id, p.product_category_name]));
    const counts = new Map<string, Map<string, number>>();
    const totals = new Map<string, number>();
    for (const i of data.order_items) {
      const c = category.get(i.product_id)!;
      const m = month.get(i.order_id)!;
      if (c === "") continue;
      const byMonth = counts.get(c) ?? counts.set(c, new Map()).get(c)!;
      byMonth.set(m, (byMonth.get(m) ?? 0) + 1);
      totals.set(m, (totals.get(m) ?? 0) + 1);
    }
    return { counts, totals };
  }

  const shareIn = (months: string[], c: string, data: ReturnType<typeof itemsByCategoryMonth>) => {
    const n = months.reduce((s, m) => s + (data.counts.get(c)?.get(m) ?? 0), 0);
    return n / months.reduce((s, m) => s + (data.totals.get(m) ?? 0), 0);
  };

  it("shrinks imported categories and grows domestic ones when the dollar is dear", () => {
    const d = itemsByCategoryMonth();
    const cheap = ["2017-02", "2017-03", "2017-04", "2017-07", "2017-08", "2017-09", "2017-10"]; // R$ 3.10–3.21
    const dear = ["2018-05", "2018-06", "2018-07", "2018-08"]; // R$ 3.64–3.93
    for (const [c, beta] of Object.entries(CATEGORY_USD_SENSITIVITY)) {
      const ratio = shareIn(dear, c, d) / shareIn(cheap, c, d);
      if (beta <= -1.5) expect(ratio, c).toBeLessThan(0.9);
      if (beta >= 1.2) expect(ratio, c).toBeGreaterThan(1.1);
    }
    const neutral = shareIn(dear, "esporte_lazer", d) / shareIn(cheap, "esporte_lazer", d);
    expect(Math.abs(Math.log(neutral))).toBeLessThan(0.15);
  });

  it("lets an OLS of log share on log dollar recover the expected shifted slopes", () => {
    const d = itemsByCategoryMonth();
    const months = [...usd.keys()].filter((m) => m >= "2017-01" && m <= "2018-08");
    for (const c of Object.keys(CATEGORY_USD_SENSITIVITY)) {
      const xs = months.map((m) => Math.log(usd.get(m)!));
      const ys = months.map((m) => Math.log(shareIn([m], c, d)));
      const mx = xs.reduce((a, b) => a + b) / xs.length;
      const my = ys.reduce((a, b) => a + b) / ys.length;
      let sxy = 0;
      let sxx = 0;
      xs.forEach((x, i) => {
        sxy += (x - mx) * (ys[i] - my);
        sxx += (x - mx) ** 2;
      });
      // About 2.5 standard errors at 50K orders.
      expect(Math.abs(sxy / sxx - expectedShareSlope(c, usd, { months })), c).toBeLessThan(1);
    }
  });
});
