// The pages' filter logic and the small statistics the charts state, against hand-made fixtures and an
// independent library (simple-statistics).
import * as ss from "simple-statistics";
import { describe, expect, it } from "vitest";
import { delayWeekLabel } from "../../../src/components/delivery.ts";
import { categoryLabel, keptMonths } from "../../../src/components/filters.ts";
import { leastSquares } from "../../../src/components/statistics/ols.ts";

describe("keptMonths", () => {
  const months = [
    { order_month: "2017-01-01", exchange_rate_period: "Strong BRL" },
    { order_month: "2017-02-01", exchange_rate_period: "Moderate" },
    { order_month: "2017-03-01", exchange_rate_period: "Strong BRL" },
    { order_month: "2017-04-01", exchange_rate_period: null },
  ];

  it("keeps the months of the range, both ends included", () => {
    expect([...keptMonths(months, { months: { from: "2017-02-01", to: "2017-03-01" } })]).toEqual(["2017-02-01", "2017-03-01"]);
  });

  it("keeps only the chosen exchange-rate periods when periods are filtered", () => {
    const kept = keptMonths(months, { months: { from: "2017-01-01", to: "2017-04-01" }, periods: ["Strong BRL"] });
    expect([...kept]).toEqual(["2017-01-01", "2017-03-01"]);
  });

  it("keeps nothing when no period is chosen", () => {
    expect(keptMonths(months, { months: { from: "2017-01-01", to: "2017-04-01" }, periods: [] }).size).toBe(0);
  });
});

describe("categoryLabel", () => {
  const c = { name: "bed_bath_table", name_pt: "cama_mesa_banho" };
  it("shows the name in the reader's choice of language, readable", () => {
    expect(categoryLabel(c, "en")).toBe("bed bath table");
    expect(categoryLabel(c, "pt")).toBe("cama mesa banho");
    expect(categoryLabel(c, "both")).toBe("bed bath table · cama mesa banho");
  });
  it("does not repeat a name that reads the same in both", () => {
    expect(categoryLabel({ name: "pcs", name_pt: "pcs" }, "both")).toBe("pcs");
  });
});

describe("leastSquares", () => {
  it("agrees with simple-statistics on slope, intercept and r²", () => {
    const points = [
      [3.1, 120],
      [3.2, 150],
      [3.3, 140],
      [3.6, 200],
      [3.9, 180],
      [4.1, 260],
    ];
    const fit = leastSquares(points.map(([x, y]) => ({ x, y })))!;
    const line = ss.linearRegression(points);
    expect(fit.b).toBeCloseTo(line.m, 9);
    expect(fit.a).toBeCloseTo(line.b, 9);
    expect(fit.r2).toBeCloseTo(ss.rSquared(points, ss.linearRegressionLine(line)), 9);
  });

  it("gives no line for fewer than three months or no spread", () => {
    expect(
      leastSquares([
        { x: 1, y: 1 },
        { x: 2, y: 2 },
      ]),
    ).toBeNull();
    expect(
      leastSquares([
        { x: 1, y: 1 },
        { x: 1, y: 2 },
        { x: 1, y: 3 },
      ]),
    ).toBeNull();
  });
});

describe("delayWeekLabel", () => {
  // The geography loader's bucket: clamp(floor((days - 1) / 7) + 1, -4, 4).
  const week = (days: number) => Math.min(4, Math.max(-4, Math.floor((days - 1) / 7) + 1));
  const parse = (s: string): [number, number] => {
    const n = (x: string) => Number(x.replace("−", "-"));
    if (s.startsWith("≥")) return [n(s.slice(2)), Infinity];
    if (s.startsWith("≤")) return [-Infinity, n(s.slice(2))];
    const [lo, hi] = s.split("…");
    return [n(lo), n(hi)];
  };

  it("labels each week of delay with a day range that holds every delay put in it", () => {
    for (let days = -60; days <= 60; days++) {
      const [lo, hi] = parse(delayWeekLabel(week(days)));
      expect(days >= lo && days <= hi, `${days} days in ${delayWeekLabel(week(days))}`).toBe(true);
    }
  });

  it("puts an on-time delivery (0 days) in the on-time bucket and a day late after it", () => {
    expect(delayWeekLabel(week(0))).toBe("−6…0");
    expect(delayWeekLabel(week(1))).toBe("1…7");
  });
});
