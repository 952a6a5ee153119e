// The Geography page's per-state measures over several months: each average weighted by what it averages
// (delivery days by delivered orders, freight ratio by orders), checked against sums worked out by hand.
import { describe, expect, it } from "vitest";
import { stateTotals, type Prepared, type StateMonth } from "../../../src/components/geography.ts";

const row = (r: Partial<StateMonth> & Pick<StateMonth, "state" | "month">): StateMonth => ({
  orders: 0,
  brl: 0,
  freight: 0,
  freight_ratio: null,
  delivered: 0,
  delivery_days: null,
  late_rate: null,
  ...r,
});

const prepared = {
  months: [
    { order_month: "2018-01-01", exchange_rate_period: "Strong BRL" },
    { order_month: "2018-02-01", exchange_rate_period: "Strong BRL" },
    { order_month: "2018-03-01", exchange_rate_period: "Moderate" },
  ],
  states: [
    row({ state: "SP", month: 0, orders: 10, brl: 1000, freight_ratio: 0.1, delivered: 1, delivery_days: 10, late_rate: 0 }),
    row({ state: "SP", month: 1, orders: 30, brl: 2000, freight_ratio: 0.2, delivered: 3, delivery_days: 20, late_rate: 1 }),
    row({ state: "SP", month: 2, orders: 99, brl: 9999, freight_ratio: 0.9, delivered: 9, delivery_days: 99, late_rate: 1 }),
    // a month with sales but nothing delivered yet
    row({ state: "RJ", month: 1, orders: 4, brl: 400, freight_ratio: 0.25 }),
  ],
} as unknown as Prepared;

describe("stateTotals", () => {
  const filters = { months: { from: "2018-01-01", to: "2018-02-01" }, states: ["SP", "RJ"], names: "en" as const };
  const totals = new Map(stateTotals(prepared, filters).map((s) => [s.state, s]));

  it("adds revenue and orders over the kept months only", () => {
    expect(totals.get("SP")).toMatchObject({ orders: 40, revenue: 3000, aov: 75 });
  });

  it("weights delivery days and late rate by delivered orders, freight ratio by orders", () => {
    const sp = totals.get("SP")!;
    expect(sp.deliveryDays).toBeCloseTo((10 * 1 + 20 * 3) / 4, 12);
    expect(sp.lateRate).toBeCloseTo(3 / 4, 12);
    expect(sp.freightRatio).toBeCloseTo((0.1 * 10 + 0.2 * 30) / 40, 12);
  });

  it("has no delivery measure for a state with nothing delivered (not zero days)", () => {
    expect(totals.get("RJ")).toMatchObject({ deliveryDays: null, lateRate: null, freightRatio: 0.25 });
  });

  it("leaves out the states the reader did not keep", () => {
    expect(stateTotals(prepared, { ...filters, states: ["RJ"] }).map((s) => s.state)).toEqual(["RJ"]);
  });
});
