import path from "node:path";
import { describe, expect, it } from "vitest";
import { SAMPLE_MONTHS } from "../../../pipeline/extract/sample/calendar.ts";
import { CATEGORIES } from "../../../pipeline/extract/sample/catalog.ts";
import {
  CATEGORY_USD_SENSITIVITY,
  DemandError,
  expectedShares,
  expectedShareSlope,
  monthlyAverages,
  monthlyCategoryTables,
  readMonthlyUsd,
  shareWeightedMeanBeta,
  usdReference,
} from "../../../pipeline/extract/sample/demand.ts";

const BCB_DIR = path.resolve(import.meta.dirname, "../../../data/bcb");

/** A dollar path around R$ 3.30 moving by ±`amplitude` in log terms. */
function usdPath(amplitude: number): Map<string, number> {
  return new Map(SAMPLE_MONTHS.map((m, i) => [m, 3.3 * Math.exp(amplitude * Math.sin(i))]));
}

describe("the planted USD/BRL sensitivities", () => {
  it("name 8 to 10 catalogue categories of decent volume, imports negative and domestic goods positive", () => {
    const entries = Object.entries(CATEGORY_USD_SENSITIVITY);
    expect(entries.length).toBeGreaterThanOrEqual(8);
    expect(entries.length).toBeLessThanOrEqual(10);
    for (const [name, beta] of entries) {
      const category = CATEGORIES.find((c) => c.name === name);
      expect(category, name).toBeDefined();
      expect(category!.items).toBeGreaterThan(1000);
      expect(Math.abs(beta)).toBeGreaterThanOrEqual(1);
    }
    expect(CATEGORY_USD_SENSITIVITY.informatica_acessorios).toBeLessThanOrEqual(-1.5);
    expect(CATEGORY_USD_SENSITIVITY.cama_mesa_banho).toBeGreaterThanOrEqual(1);
  });
});

describe("expectedShareSlope", () => {
  it("is β_c minus the share-weighted mean β when the dollar moves a little (the first-order result)", () => {
    const usd = usdPath(0.01);
    for (const measure of ["items", "revenue"] as const) {
      const shift = shareWeightedMeanBeta(1, measure);
      for (const c of ["consoles_games", "cama_mesa_banho", "esporte_lazer"]) {
        const beta = CATEGORY_USD_SENSITIVITY[c] ?? 0;
        expect(expectedShareSlope(c, usd, { measure, months: SAMPLE_MONTHS })).toBeCloseTo(beta - shift, 2);
      }
    }
  });

  it("recovers β exactly from the model's own shares over the real dollar months", async () => {
    const usd = await readMonthlyUsd(BCB_DIR);
    const ref = usdReference(usd);
    const months = SAMPLE_MONTHS.filter((m) => m >= "2017-01" && m <= "2018-08");
    const c = CATEGORIES.findIndex((k) => k.name === "eletronicos");
    const xs = months.map((m) => Math.log(usd.get(m)!));
    const ys = months.map((m) => Math.log(expectedShares(usd.get(m)! / ref)[c]));
    const mx = xs.reduce((a, b) => a + b) / xs.length;
    const my = ys.reduce((a, b) => a + b) / ys.length;
    const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    expect(expectedShareSlope("eletronicos", usd)).toBeCloseTo(slope, 10);
    expect(expectedShareSlope("eletronicos", usd)).toBeCloseTo(-2.2 - shareWeightedMeanBeta(), 1);
  });

  it("explains what is wrong with its input", () => {
    expect(() => expectedShareSlope("computers", usdPath(0.1))).toThrow(/Unknown category "computers"/);
    expect(() => expectedShareSlope("pcs", new Map())).toThrow(DemandError);
    expect(() => expectedShareSlope("pcs", usdPath(0.1), { months: ["2017-01"] })).toThrow(/two months/);
  });
});

describe("monthly dollar", () => {
  it("averages the business days of each month", () => {
    const obs = [
      { seriesId: 1, date: "2017-01-02", value: 3.0 },
      { seriesId: 1, date: "2017-01-03", value: 4.0 },
      { seriesId: 1, date: "2017-02-01", value: 3.5 },
    ];
    expect(monthlyAverages(obs)).toEqual(
      new Map([
        ["2017-01", 3.5],
        ["2017-02", 3.5],
      ]),
    );
  });

  it("covers every Olist month from the committed snapshot, rising to about R$ 4 in 2018-09", async () => {
    const usd = await readMonthlyUsd(BCB_DIR);
    for (const m of SAMPLE_MONTHS) expect(usd.get(m), m).toBeGreaterThan(3);
    expect(usd.get("2018-09")).toBeCloseTo(4.12, 1);
    expect(monthlyCategoryTables(usd)).toHaveLength(SAMPLE_MONTHS.length);
  });

  it("fails clearly when the snapshot lacks months", () => {
    expect(() => monthlyCategoryTables(new Map([["2017-01", 3.2]]))).toThrow(/No USD\/BRL rate for 2016-09/);
  });
});
