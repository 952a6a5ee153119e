// The forecast: damped-trend Holt recovers the parameters of a series simulated from its own model (a November
// effect included), its prediction variances equal the published closed form of ETS(A,Ad,N), its 95 % intervals
// cover about 95 % of simulated futures, the ramp-up rule picks the months it says, and the back-test scores what
// it says it scores, from the origins it says.
import { describe, expect, it } from "vitest";
import { addMonths, afterRampUp, backtestRevenue, fitDampedHolt, forecastHolt, forecastRevenue } from "../../pipeline/analysis/forecast.ts";
import { NORMAL_975 } from "../../pipeline/analysis/tDistribution.ts";

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/** ETS(A,Ad,N): y_t = ℓ + φb + ε, ℓ ← ℓ + φb + αε, b ← φb + αβ*ε. Returns the series and the final state. */
function simulate(n: number, p: { alpha: number; beta: number; phi: number; sigma: number }, next: () => number) {
  let level = 10;
  let trend = 0.05;
  const ys: number[] = [];
  for (let t = 0; t < n; t++) {
    const e = p.sigma * normal(next);
    ys.push(level + p.phi * trend + e);
    level = level + p.phi * trend + p.alpha * e;
    trend = p.phi * trend + p.alpha * p.beta * e;
  }
  return { ys, level, trend };
}

/** Hyndman & Athanasopoulos, Forecasting: Principles and Practice (3rd ed.), table 8.8, ETS(A,Ad,N), β = α·β*. */
function publishedVariance(alpha: number, betaStar: number, phi: number, h: number): number {
  const b = alpha * betaStar;
  return (
    1 +
    alpha ** 2 * (h - 1) +
    ((b * phi * h) / (1 - phi) ** 2) * (2 * alpha * (1 - phi) + b * phi) -
    ((b * phi * (1 - phi ** h)) / ((1 - phi) ** 2 * (1 - phi ** 2))) * (2 * alpha * (1 - phi ** 2) + b * phi * (1 + 2 * phi - phi ** h))
  );
}

describe("damped-trend Holt", () => {
  it("recovers the parameters of a long series simulated from its own model", () => {
    const truth = { alpha: 0.4, beta: 0.3, phi: 0.9, sigma: 0.1 };
    const fit = fitDampedHolt(simulate(3000, truth, random(1)).ys);
    expect(Math.abs(fit.alpha - truth.alpha)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(fit.phi - truth.phi)).toBeLessThanOrEqual(0.06);
    expect(Math.sqrt(fit.sigma2)).toBeCloseTo(truth.sigma, 1);
  });

  it("forecasts ℓ + (φ + … + φ^h)·b with the published ETS(A,Ad,N) variances", () => {
    for (const [alpha, beta, phi] of [
      [0.5, 0.85, 0.8],
      [0.3, 0.2, 0.95],
      [0.9, 0.5, 0.9],
    ]) {
      const fit = { alpha, beta, phi, gamma: 0, level: 2, trend: 0.1, errors: [], sigma2: 0.04, novembers: 0 };
      for (const p of forecastHolt(fit, 6)) {
        let damped = 0;
        for (let j = 1; j <= p.h; j++) damped += phi ** j;
        expect(p.mean).toBeCloseTo(2 + damped * 0.1, 12);
        expect(p.sd ** 2 / 0.04).toBeCloseTo(publishedVariance(alpha, beta, phi, p.h), 10);
      }
    }
  });

  it("covers about 95 % of simulated futures with its 95 % interval, parameters estimated from 40 months", () => {
    const next = random(2);
    const truth = { alpha: 0.5, beta: 0.2, phi: 0.9, sigma: 0.08 };
    let covered = 0;
    const runs = 300;
    for (let r = 0; r < runs; r++) {
      const { ys } = simulate(41, truth, next);
      const [point] = forecastHolt(fitDampedHolt(ys.slice(0, 40)), 1);
      if (Math.abs(ys[40] - point.mean) <= NORMAL_975 * point.sd) covered++;
    }
    // Estimated parameters make short-sample intervals a little narrow; 300 runs give a binomial sd of 1.3 points.
    expect(covered / runs).toBeGreaterThan(0.88);
    expect(covered / runs).toBeLessThan(0.99);
  });
});

describe("the November term", () => {
  /** 30 months of a damped trend with a planted November effect γ, as ln(revenue). */
  function withNovember(gamma: number, seed: number) {
    const next = random(seed);
    const { ys } = simulate(30, { alpha: 0.5, beta: 0.1, phi: 0.9, sigma: 0.03 }, next);
    const months = ys.map((_, i) => addMonths("2016-05-01", i));
    const november = months.map((m) => m.slice(5, 7) === "11");
    return { ys: ys.map((y, t) => y + (november[t] ? gamma : 0)), months, november };
  }

  it("recovers a planted November effect and keeps it out of the level and trend", () => {
    const { ys, november } = withNovember(0.45, 11);
    const fit = fitDampedHolt(ys, november);
    expect(fit.novembers).toBe(2);
    expect(Math.abs(fit.gamma - 0.45)).toBeLessThan(0.1);
    // Without the term, the Novembers' jumps are one-step errors: the fit is worse, and σ wider.
    const blind = fitDampedHolt(ys);
    expect(blind.gamma).toBe(0);
    expect(blind.sigma2).toBeGreaterThan(2 * fit.sigma2);
  });

  it("adds γ to a November forecast, with γ's own variance σ²/k on top of the ETS variance", () => {
    const { ys, november } = withNovember(0.45, 12);
    const fit = fitDampedHolt(ys.slice(0, 28), november.slice(0, 28));
    const plain = forecastHolt(fit, 3);
    const [dec, jan, feb] = forecastHolt(fit, 3, [false, false, false]);
    expect([dec.mean, jan.mean, feb.mean]).toEqual(plain.map((p) => p.mean));
    const withNov = forecastHolt(fit, 3, [false, true, false]);
    expect(withNov[1].mean - plain[1].mean).toBeCloseTo(fit.gamma, 12);
    expect(withNov[1].sd ** 2 - plain[1].sd ** 2).toBeCloseTo(fit.sigma2 / fit.novembers, 12);
    expect(withNov[0]).toEqual(plain[0]);
  });

  it("estimates no November term from a series that has none", () => {
    const { ys } = withNovember(0, 13);
    const fit = fitDampedHolt(
      ys.slice(0, 6),
      ys.slice(0, 6).map(() => false),
    );
    expect([fit.gamma, fit.novembers]).toEqual([0, 0]);
  });
});

describe("the revenue forecast and its back-test", () => {
  const months = Array.from({ length: 20 }, (_, i) => addMonths("2017-01-01", i));
  const next = random(3);
  const revenue = months.map((_, i) => 1e6 * Math.exp(0.08 * Math.min(i, 12) + 0.05 * normal(next)));

  it("forecasts the months after the last, the median inside its 80 % and 95 % intervals", () => {
    const { months: ahead } = forecastRevenue(
      months.map((month, i) => ({ month, revenue: revenue[i] })),
      3,
    );
    expect(ahead.map((m) => m.month)).toEqual(["2018-09-01", "2018-10-01", "2018-11-01"]);
    for (const m of ahead) {
      expect(m.low95).toBeLessThan(m.low80);
      expect(m.low80).toBeLessThan(m.revenue);
      expect(m.revenue).toBeLessThan(m.high80);
      expect(m.high80).toBeLessThan(m.high95);
    }
    // Intervals widen with the horizon.
    expect(ahead[2].high95 / ahead[2].low95).toBeGreaterThan(ahead[0].high95 / ahead[0].low95);
  });

  const history = months.map((month, i) => ({ month, revenue: revenue[i] }));

  it("scores every origin from the twelfth month, with the naive forecast computed independently", () => {
    const backtest = backtestRevenue(history, 3, { minTrain: 12 });
    expect(backtest.map((b) => b.forecasts)).toEqual([8, 7, 6]);
    for (const b of backtest) {
      let sum = 0;
      let count = 0;
      for (let origin = 12; origin + b.h - 1 < revenue.length; origin++) {
        sum += Math.abs(revenue[origin + b.h - 1] - revenue[origin - 1]) / revenue[origin + b.h - 1];
        count++;
      }
      expect(b.naiveMape).toBeCloseTo(sum / count, 12);
      expect(b.mape).toBeGreaterThan(0);
    }
  });

  it("scores the seasonal naive forecast and counts the actual months inside the intervals, both computed independently", () => {
    const backtest = backtestRevenue(history, 3, { minTrain: 12 });
    const months = revenue.map((_, i) => addMonths("2017-01-01", i));
    for (const b of backtest) {
      let seasonal = 0;
      let in80 = 0;
      let in95 = 0;
      let count = 0;
      for (let origin = 12; origin + b.h - 1 < revenue.length; origin++) {
        const target = origin + b.h - 1;
        seasonal += Math.abs(revenue[target] - revenue[target - 12]) / revenue[target];
        // The public forecast of the history up to the origin: its intervals, not the back-test's own arithmetic.
        const m = forecastRevenue(
          months.slice(0, origin).map((month, i) => ({ month, revenue: revenue[i] })),
          b.h,
        ).months[b.h - 1];
        if (m.low80 <= revenue[target] && revenue[target] <= m.high80) in80++;
        if (m.low95 <= revenue[target] && revenue[target] <= m.high95) in95++;
        count++;
      }
      expect(b.seasonalForecasts).toBe(count);
      expect(b.seasonalNaiveMape).toBeCloseTo(seasonal / count, 12);
      expect([b.coverage80, b.coverage95]).toEqual([in80 / count, in95 / count]);
      expect(b.coverage95).toBeGreaterThanOrEqual(b.coverage80);
    }
  });

  it("starts after the ramp-up and at the first origin whose fit holds a November, fitting only from there", () => {
    // Months 0..3 thin (the ramp-up), then a November at index 10.
    const orders = months.map((_, i) => (i < 4 ? 500 * (i + 1) : 10_000));
    const fitFrom = afterRampUp(orders);
    expect(fitFrom).toBe(4);
    expect(afterRampUp([9000, 100, 9000, 9000, 9000])).toBe(2);
    const backtest = backtestRevenue(history, 3, { fitFrom, minTrain: 6, afterNovember: true });
    // The first origin is month 11 (its fit, months 4..10, ends with 2017-11), the last month 19.
    expect(backtest.map((b) => b.forecasts)).toEqual([9, 8, 7]);
    const first = forecastRevenue(history.slice(fitFrom, 11), 1).months[0];
    const actual = revenue[11];
    const inside = first.low95 <= actual && actual <= first.high95;
    // The back-test's one-month-ahead coverage counts that first forecast as forecastRevenue makes it.
    const rest = Array.from({ length: 8 }, (_, k) => forecastRevenue(history.slice(fitFrom, 12 + k), 1).months[0]).filter(
      (m, k) => m.low95 <= revenue[12 + k] && revenue[12 + k] <= m.high95,
    ).length;
    expect(backtest[0].coverage95).toBeCloseTo(((inside ? 1 : 0) + rest) / 9, 12);
    expect(() => backtestRevenue(history.slice(0, 10), 3, { minTrain: 6, afterNovember: true })).toThrow(/no November/);
  });

  it("counts months across a year's end", () => {
    expect(addMonths("2018-08-01", 5)).toBe("2019-01-01");
    expect(addMonths("2018-01-01", -1)).toBe("2017-12-01");
  });
});
