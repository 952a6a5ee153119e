// Student's t: the TypeScript quantiles against closed forms and a numerical integral of the density, and the SQL
// macro t_critical_975 against the TypeScript, df 1..300 (the table, then the Cornish-Fisher tail).
import path from "node:path";
import { gammaln } from "simple-statistics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NORMAL_975, tCdf, tCritical, tCritical975Expansion, tQuantile, tTwoSidedPValue } from "../../pipeline/analysis/tDistribution.ts";
import { loadProject } from "../../pipeline/transform/project.ts";
import { Renderer } from "../../pipeline/transform/render.ts";
import { openAt, type Warehouse } from "../support/warehouse.ts";
import { ROOT } from "../support/site.ts";

/** Quantiles with a closed form: df 1 is Cauchy, df 2 and 4 invert their CDFs algebraically (Hill 1970). */
const closedForm: Record<number, (p: number) => number> = {
  1: (p) => Math.tan(Math.PI * (p - 0.5)),
  2: (p) => (2 * p - 1) / Math.sqrt(2 * p * (1 - p)),
  4: (p) => {
    const a = 4 * p * (1 - p);
    const q = Math.cos(Math.acos(Math.sqrt(a)) / 3) / Math.sqrt(a);
    return Math.sign(p - 0.5) * 2 * Math.sqrt(q - 1);
  },
};

/** ∫ from −∞ to t of the t density, by Simpson's rule on u = atan(x) (a finite interval). */
function integratedCdf(t: number, df: number): number {
  const logC = gammaln((df + 1) / 2) - gammaln(df / 2) - 0.5 * Math.log(df * Math.PI);
  const density = (u: number) => {
    const x = Math.tan(u);
    return Math.exp(logC - ((df + 1) / 2) * Math.log1p((x * x) / df)) / Math.cos(u) ** 2;
  };
  const a = -Math.PI / 2;
  const b = Math.atan(t);
  const n = 20000;
  const h = (b - a) / n;
  let sum = density(a + 1e-12) + density(b);
  for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * density(a + i * h);
  return (sum * h) / 3;
}

describe("the t distribution", () => {
  it("gives the closed-form quantiles of df 1, 2 and 4 to 1e-12", () => {
    for (const [df, q] of Object.entries(closedForm)) {
      for (const p of [0.6, 0.9, 0.95, 0.975, 0.995, 0.025]) {
        expect(Math.abs(tQuantile(p, Number(df)) - q(p)), `df ${df}, p ${p}`).toBeLessThan(1e-12 * Math.max(1, Math.abs(q(p))));
      }
    }
  });

  it("has a CDF equal to the integral of its density", () => {
    for (const df of [3, 7, 18, 60]) {
      for (const t of [-2.5, -0.3, 0.8, 2.1]) {
        expect(tCdf(t, df)).toBeCloseTo(integratedCdf(t, df), 8);
      }
    }
  });

  it("tends to the normal as df grows, and two-sided p-values match the CDF", () => {
    expect(tQuantile(0.975, 1e7)).toBeCloseTo(NORMAL_975, 6);
    expect(tCritical(18)).toBe(tQuantile(0.975, 18));
    for (const [t, df] of [
      [2.1, 18],
      [-0.7, 5],
      [4, 30],
    ]) {
      expect(tTwoSidedPValue(t, df)).toBeCloseTo(2 * (1 - tCdf(Math.abs(t), df)), 12);
    }
    expect(tTwoSidedPValue(tCritical(18), 18)).toBeCloseTo(0.05, 12);
  });

  it("is approximated beyond df 120 by the Cornish-Fisher expansion to 3e-11", () => {
    for (const df of [121, 150, 300, 1000]) {
      expect(Math.abs(tCritical975Expansion(df) - tQuantile(0.975, df))).toBeLessThan(3e-11);
    }
  });
});

describe("the SQL macro t_critical_975", () => {
  let warehouse: Warehouse;
  let renderer: Renderer;
  beforeAll(async () => {
    warehouse = await openAt(":memory:");
    renderer = new Renderer(await loadProject(path.join(ROOT, "models")), warehouse);
  });
  afterAll(() => warehouse.close());

  it("matches the TypeScript quantile to 1e-9 for df 1..300 and is null below 1", async () => {
    const sql = renderer.renderSql("select df, {{ t_critical_975('df') }} as t from range(0, 301) as r(df) order by df");
    const rows = await warehouse.query<{ df: number; t: number | null }>(sql);
    expect(rows).toHaveLength(301);
    expect(rows[0].t).toBeNull();
    for (const { df, t } of rows.slice(1)) {
      expect(Math.abs(t! - tQuantile(0.975, df)), `df ${df}`).toBeLessThan(1e-9);
    }
  });
});
