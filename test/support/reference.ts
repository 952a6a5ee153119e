// Reference numbers computed in TypeScript straight from the source CSVs and the BCB snapshot, independently of
// the SQL models: the documented rules re-implemented, so the marts can be checked against them.
import { readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { readCsvObjects } from "./csv.ts";
import { ROOT } from "./site.ts";

const vars = YAML.parse(readFileSync(path.join(ROOT, "models", "project.yml"), "utf8")).vars;
const SALES: Set<string> = new Set(vars.sales_statuses);
const KNOWN: Set<string> = new Set(vars.known_statuses);
const STATES: Set<string> = new Set(vars.states);

/** USD/BRL of each day: the last published rate on or before it. */
export function usdRateLookup(snapshotFile = path.join(ROOT, "data", "bcb", "sgs-1.json")): (isoDay: string) => number {
  const points = (JSON.parse(readFileSync(snapshotFile, "utf8")) as { data: string; valor: string }[])
    .map((p) => {
      const [d, m, y] = p.data.split("/");
      return { day: `${y}-${m}-${d}`, value: Number(p.valor) };
    })
    .sort((a, b) => a.day.localeCompare(b.day));
  return (isoDay) => {
    let lo = 0;
    let hi = points.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (points[mid].day <= isoDay) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) throw new Error(`no USD/BRL rate on or before ${isoDay}`);
    return points[found].value;
  };
}

export interface ReferenceOrder {
  orderId: string;
  customerUniqueId: string | undefined;
  state: string | undefined;
  day: string;
  month: string;
  valueCents: number;
  usdCents: number;
}

/** Sale orders with their value in cents (BRL and USD), following the documented rules. */
export function referenceSales(sampleDir: string): ReferenceOrder[] {
  const file = (name: string) => path.join(sampleDir, name);
  const orders = new Map<string, Record<string, string>>();
  for (const o of readCsvObjects(file("olist_orders_dataset.csv"))) {
    const status = o.order_status.trim().toLowerCase();
    if (!o.order_id || orders.has(o.order_id) || !o.order_purchase_timestamp || !KNOWN.has(status)) continue;
    orders.set(o.order_id, { ...o, order_status: status });
  }
  const customers = new Map<string, Record<string, string>>();
  for (const c of readCsvObjects(file("olist_customers_dataset.csv"))) {
    const state = c.customer_state.trim().toUpperCase();
    if (!c.customer_id || customers.has(c.customer_id) || !STATES.has(state)) continue;
    customers.set(c.customer_id, { ...c, customer_state: state });
  }
  const valueCents = new Map<string, number>();
  const seenItems = new Set<string>();
  for (const i of readCsvObjects(file("olist_order_items_dataset.csv"))) {
    const key = `${i.order_id}#${i.order_item_id}`;
    if (seenItems.has(key)) continue;
    seenItems.add(key);
    const price = Math.round(Number(i.price) * 100);
    const freight = i.freight_value === "" ? 0 : Math.round(Number(i.freight_value) * 100);
    if (!orders.has(i.order_id) || i.price === "" || !Number.isFinite(price) || price < 0 || freight < 0) continue;
    valueCents.set(i.order_id, (valueCents.get(i.order_id) ?? 0) + price + freight);
  }
  const rate = usdRateLookup();
  const sales: ReferenceOrder[] = [];
  for (const [orderId, o] of orders) {
    if (!SALES.has(o.order_status) || !valueCents.has(orderId)) continue;
    const day = o.order_purchase_timestamp.slice(0, 10);
    const cents = valueCents.get(orderId)!;
    const customer = customers.get(o.customer_id);
    sales.push({
      orderId,
      customerUniqueId: customer?.customer_unique_id,
      state: customer?.customer_state,
      day,
      month: `${day.slice(0, 7)}-01`,
      valueCents: cents,
      // round(value / rate, 2) per order, as the documented conversion says
      usdCents: Math.round(cents / rate(day)),
    });
  }
  return sales;
}

export function referenceKpis(sampleDir: string) {
  const sales = referenceSales(sampleDir);
  const revenueCents = sales.reduce((s, o) => s + o.valueCents, 0);
  return {
    orders: sales.length,
    revenue_brl: revenueCents / 100,
    revenue_usd: sales.reduce((s, o) => s + o.usdCents, 0) / 100,
    avg_order_value_brl: revenueCents / 100 / sales.length,
    customers: new Set(sales.map((o) => o.customerUniqueId).filter(Boolean)).size,
  };
}
