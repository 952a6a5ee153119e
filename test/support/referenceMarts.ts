// The marts recomputed in TypeScript straight from the sample CSVs and the BCB snapshot, with the documented
// rules (models/README.md) re-implemented independently of the SQL: amounts in integer cents, USD per order
// (and per item for categories) rounded to cents, constant BRL by the IPCA chained to the base month.
import { readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { readCsvObjects } from "./csv.ts";
import { usdRateLookup } from "./reference.ts";
import { ROOT } from "./site.ts";

const vars = YAML.parse(readFileSync(path.join(ROOT, "models", "project.yml"), "utf8")).vars;
const SALES = new Set<string>(vars.sales_statuses);
const KNOWN = new Set<string>(vars.known_statuses);
const STATES = new Set<string>(vars.states);

/** Cents of a decimal string, exactly ("12.3" → 1230), without floating-point drift. */
export function cents(text: string): number {
  const m = /^(-?)(\d*)(?:\.(\d{0,2}))?$/.exec(text.trim());
  if (!m) return Number.NaN;
  const value = Number(m[2] || "0") * 100 + Number((m[3] ?? "").padEnd(2, "0"));
  return m[1] ? -value : value;
}

/** Constant-BRL factor of each month: 100 / IPCA index, the index being 100 in var ipca_base_month. */
export function ipcaIndexLookup(file = path.join(ROOT, "data", "bcb", "sgs-433.json")): (month: string) => number | undefined {
  const points = (JSON.parse(readFileSync(file, "utf8")) as { data: string; valor: string }[])
    .map((p) => {
      const [, m, y] = p.data.split("/");
      return { month: `${y}-${m}-01`, pct: Number(p.valor) };
    })
    .sort((a, b) => a.month.localeCompare(b.month));
  const level = new Map<string, number>();
  let product = 1;
  for (const p of points) {
    product *= 1 + p.pct / 100;
    level.set(p.month, product);
  }
  const base = level.get(vars.ipca_base_month);
  if (base === undefined) throw new Error(`no IPCA for the base month ${vars.ipca_base_month}`);
  return (month) => {
    const l = level.get(month);
    return l === undefined ? undefined : (100 * l) / base;
  };
}

export interface RefItem {
  category: string;
  categoryPt: string;
  valueCents: number;
}

export interface RefSale {
  orderId: string;
  customerUniqueId: string | null;
  state: string | null;
  purchasedAt: string;
  month: string;
  rate: number;
  valueCents: number;
  usdCents: number;
  realCents: number;
  items: RefItem[];
  period: string;
}

const period = (rate: number) => (rate < vars.strong_brl_below ? "Strong BRL" : rate <= vars.weak_brl_above ? "Moderate" : "Weak BRL");

/** Every sale of the sample with its items, following the documented staging and sales rules. */
export function referenceSalesWithItems(sampleDir: string): RefSale[] {
  const file = (name: string) => readCsvObjects(path.join(sampleDir, name));
  // staging keeps the first copy of a key in (purchase time, status) order; the sample has no duplicates
  const orders = new Map<string, Record<string, string>>();
  for (const o of file("olist_orders_dataset.csv")) {
    const status = o.order_status.trim().toLowerCase();
    if (!o.order_id || !o.order_purchase_timestamp || !KNOWN.has(status) || orders.has(o.order_id)) continue;
    orders.set(o.order_id, { ...o, order_status: status });
  }
  const customers = new Map<string, { unique: string; state: string }>();
  for (const c of file("olist_customers_dataset.csv")) {
    const state = c.customer_state.trim().toUpperCase();
    if (!c.customer_id || customers.has(c.customer_id) || !STATES.has(state)) continue;
    customers.set(c.customer_id, { unique: c.customer_unique_id, state });
  }
  const english = new Map(file("product_category_name_translation.csv").map((t) => [t.product_category_name.trim(), t.product_category_name_english.trim()]));
  const products = new Map<string, { category: string; categoryPt: string }>();
  for (const p of file("olist_products_dataset.csv")) {
    if (!p.product_id || products.has(p.product_id)) continue;
    const pt = p.product_category_name.trim();
    products.set(p.product_id, {
      categoryPt: pt || "sem_categoria",
      category: pt ? (english.get(pt) ?? pt) : "uncategorized",
    });
  }
  const items = new Map<string, RefItem[]>();
  const seen = new Set<string>();
  for (const i of file("olist_order_items_dataset.csv")) {
    const key = `${i.order_id}#${i.order_item_id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const price = cents(i.price);
    const freight = i.freight_value.trim() === "" ? 0 : cents(i.freight_value);
    if (!orders.has(i.order_id) || !(price >= 0) || !(freight >= 0)) continue;
    const product = products.get(i.product_id) ?? { category: "uncategorized", categoryPt: "sem_categoria" };
    items.set(i.order_id, [...(items.get(i.order_id) ?? []), { ...product, valueCents: price + freight }]);
  }
  const rate = usdRateLookup();
  const ipca = ipcaIndexLookup();
  const sales: RefSale[] = [];
  for (const [orderId, o] of orders) {
    const its = items.get(orderId);
    if (!SALES.has(o.order_status) || !its) continue;
    const day = o.order_purchase_timestamp.slice(0, 10);
    const month = `${day.slice(0, 7)}-01`;
    const r = rate(day);
    const index = ipca(month);
    if (index === undefined) throw new Error(`no IPCA for ${month}`);
    const valueCents = its.reduce((s, i) => s + i.valueCents, 0);
    const customer = customers.get(o.customer_id);
    sales.push({
      orderId,
      customerUniqueId: customer?.unique ?? null,
      state: customer?.state ?? null,
      purchasedAt: o.order_purchase_timestamp,
      month,
      rate: r,
      valueCents,
      usdCents: Math.round(valueCents / r),
      realCents: Math.round((valueCents * 100) / index),
      items: its,
      period: period(r),
    });
  }
  return sales;
}

function group<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return out;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function referenceMonthly(sales: RefSale[]) {
  return [...group(sales, (s) => s.month)].map(([month, rows]) => ({
    month,
    orders: rows.length,
    customers: new Set(rows.map((r) => r.customerUniqueId).filter(Boolean)).size,
    brlCents: sum(rows.map((r) => r.valueCents)),
    usdCents: sum(rows.map((r) => r.usdCents)),
    realCents: sum(rows.map((r) => r.realCents)),
  }));
}

export function referenceStates(sales: RefSale[]) {
  return [...group(sales, (s) => `${s.state ?? "unknown"}|${s.month}`)].map(([key, rows]) => ({
    key,
    orders: rows.length,
    customers: new Set(rows.map((r) => r.customerUniqueId).filter(Boolean)).size,
    brlCents: sum(rows.map((r) => r.valueCents)),
    usdCents: sum(rows.map((r) => r.usdCents)),
  }));
}

/** Per category and month: items and their value; USD converted item by item at the order's rate. */
export function referenceCategories(sales: RefSale[]) {
  const lines = sales.flatMap((s) => s.items.map((i) => ({ ...i, orderId: s.orderId, month: s.month, rate: s.rate })));
  const monthTotals = new Map([...group(lines, (l) => l.month)].map(([m, ls]) => [m, sum(ls.map((l) => l.valueCents))]));
  return [...group(lines, (l) => `${l.category}|${l.month}`)].map(([key, ls]) => ({
    key,
    categoryPt: ls[0].categoryPt,
    orders: new Set(ls.map((l) => l.orderId)).size,
    items: ls.length,
    brlCents: sum(ls.map((l) => l.valueCents)),
    usdCents: sum(ls.map((l) => Math.round(l.valueCents / l.rate))),
    share: sum(ls.map((l) => l.valueCents)) / monthTotals.get(ls[0].month)!,
  }));
}

export function referenceCustomers(sales: RefSale[]) {
  return [
    ...group(
      sales.filter((s) => s.customerUniqueId),
      (s) => s.customerUniqueId!,
    ),
  ].map(([customer, rows]) => {
    const latest = [...rows].sort((a, b) => b.purchasedAt.localeCompare(a.purchasedAt) || b.orderId.localeCompare(a.orderId))[0];
    return {
      customer,
      state: latest.state,
      orders: rows.length,
      brlCents: sum(rows.map((r) => r.valueCents)),
      usdCents: sum(rows.map((r) => r.usdCents)),
      strong: rows.filter((r) => r.period === "Strong BRL").length,
      moderate: rows.filter((r) => r.period === "Moderate").length,
      weak: rows.filter((r) => r.period === "Weak BRL").length,
    };
  });
}
