// Timing: the cross-correlation against its definition computed another way, a planted lag found, white noise left
// inside the band about 95 % of the time, and prewhitening that whitens an AR(1).
import { sampleCorrelation } from "simple-statistics";
import { describe, expect, it } from "vitest";
import {
  crossCorrelation,
  detrend,
  differences,
  longestConsecutiveRun,
  prewhiten,
  revenueTimingAgainstDollar,
} from "../../pipeline/analysis/crossCorrelation.ts";

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws by Box–Muller. */
function normals(seed: number, n: number): number[] {
  const next = random(seed);
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()));
}

describe("crossCorrelation", () => {
  it("is Σ x̃_t·ỹ_{t+k} / √(Σx̃²·Σỹ²) with full-sample means (the divisor n cancels)", () => {
    const xs = normals(1, 25);
    const ys = normals(2, 25);
    const { lags } = crossCorrelation(xs, ys, 6);
    const cx = xs.map((x) => x - xs.reduce((s, v) => s + v, 0) / xs.length);
    const cy = ys.map((y) => y - ys.reduce((s, v) => s + v, 0) / ys.length);
    const norm = Math.sqrt(cx.reduce((s, v) => s + v * v, 0) * cy.reduce((s, v) => s + v * v, 0));
    for (const { lag, r } of lags) {
      let c = 0;
      for (let t = 0; t + lag < xs.length; t++) c += cx[t] * cy[t + lag];
      expect(r).toBeCloseTo(c / norm, 12);
    }
    // At lag 0 it is Pearson's correlation.
    expect(lags[0].r).toBeCloseTo(sampleCorrelation(xs, ys), 12);
  });

  it("finds revenue that follows the dollar by two months, outside the band", () => {
    const x = normals(3, 40);
    const noise = normals(4, 40);
    const y = x.map((_, t) => (t >= 2 ? x[t - 2] : 0) + 0.3 * noise[t]);
    const { lags, band } = crossCorrelation(x, y, 6);
    const strongest = lags.reduce((a, b) => (Math.abs(b.r) > Math.abs(a.r) ? b : a));
    expect(strongest.lag).toBe(2);
    expect(strongest.r).toBeGreaterThan(band);
    expect(lags.filter((l) => l.outsideBand).map((l) => l.lag)).toEqual([2]);
  });

  it("leaves independent white noise inside ±1.96/√n about 95 % of the time", () => {
    let outside = 0;
    let total = 0;
    for (let s = 0; s < 400; s++) {
      const { lags } = crossCorrelation(normals(100 + s, 60), normals(1000 + s, 60), 6);
      outside += lags.filter((l) => l.outsideBand).length;
      total += lags.length;
    }
    // 2,800 correlations: 5 % is 140, sd ≈ 11.5; the divisor n shrinks long lags a little, so slightly fewer.
    expect(outside / total).toBeGreaterThan(0.03);
    expect(outside / total).toBeLessThan(0.065);
  });

  it("refuses too few months for the lags", () => {
    expect(() => crossCorrelation([1, 2, 3, 4], [1, 2, 3, 4], 6)).toThrow(/at least 9 months/);
  });
});

describe("the helpers", () => {
  it("prewhitening removes an AR(1)'s autocorrelation", () => {
    const e = normals(5, 400);
    const x = [e[0]];
    for (let t = 1; t < e.length; t++) x.push(0.7 * x[t - 1] + e[t]);
    const { xs, ar1 } = prewhiten(x, x);
    expect(ar1).toBeCloseTo(0.7, 1);
    expect(Math.abs(sampleCorrelation(xs.slice(1), xs.slice(0, -1)))).toBeLessThan(0.1);
  });

  it("detrends, differences and finds the longest run of consecutive months", () => {
    expect(detrend([1, 3, 5, 7]).every((r) => Math.abs(r) < 1e-12)).toBe(true);
    expect(differences([1, 4, 9])).toEqual([3, 5]);
    const run = longestConsecutiveRun(["2016-10-01", "2016-12-01", "2017-01-01", "2017-02-01", "2017-04-01"].map((month) => ({ month })));
    expect(run.map((r) => r.month)).toEqual(["2016-12-01", "2017-01-01", "2017-02-01"]);
  });

  it("aligns revenue with the dollar's changes on consecutive months", () => {
    const months = Array.from({ length: 20 }, (_, i) => `${2017 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}-01`);
    const usd = normals(6, 20).map((v, i) => ({ month: months[i], value: 3.3 * Math.exp(0.03 * v) }));
    const revenue = normals(7, 20).map((v, i) => ({ month: months[i], value: 1e6 * Math.exp(0.05 * i + 0.1 * v) }));
    const timing = revenueTimingAgainstDollar(revenue, usd);
    // One month lost to the change, one to the AR(1) filter.
    expect(timing.n).toBe(18);
    expect(timing.months[0]).toBe("2017-03-01");
    expect(timing.lags).toHaveLength(7);
  });
});
