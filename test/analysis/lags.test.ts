// The distributed-lag fit of the dollar (pipeline/analysis/lags.ts): the cumulative effect and its standard error
// from the covariance matrix equal those of the same regression reparametrised so that one coefficient is the sum
// (y on x0 and x_k − x0: the coefficient of x0 is Σ b_k), and lags that do not matter come out near zero.
import { describe, expect, it } from "vitest";
import { fitDollarLags } from "../../pipeline/analysis/lags.ts";
import { weightedLeastSquares } from "../../pipeline/analysis/regression.ts";

/** mulberry32: a fixed, seeded stream of numbers in [0, 1). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

function panel(seed: number, n: number, betas: number[]) {
  const next = random(seed);
  // A persistent dollar, as the real one: each month's log rate is last month's plus a step.
  const dollar = [Math.log(3.2)];
  for (let i = 1; i < n + 3; i++) dollar.push(dollar[i - 1] + 0.03 * (next() - 0.45));
  const rows = Array.from({ length: n }, (_, i) => {
    const lags = [0, 1, 2, 3].map((k) => dollar[i + 3 - k]);
    const ipca = 2 + 3 * next();
    const selic = 14 - 0.4 * i + next();
    return { x: [...lags, ipca, selic], w: 20 + Math.floor(300 * next()) };
  });
  const ys = rows.map((r) => -4 + betas.reduce((s, b, k) => s + b * r.x[k], 0) + (0.4 / Math.sqrt(r.w / 50)) * (next() - 0.5));
  return { xs: rows.map((r) => r.x), ys, ws: rows.map((r) => r.w) };
}

describe("fitDollarLags", () => {
  it("gives the cumulative effect and its SE of the reparametrised regression, to 1e-9", () => {
    const { xs, ys, ws } = panel(5, 24, [-1.5, 0.4, 0.2, 0.1]);
    const fit = fitDollarLags(xs, ys, ws);
    const reparametrised = weightedLeastSquares(
      xs.map((x) => [x[0], x[1] - x[0], x[2] - x[0], x[3] - x[0], x[4], x[5]]),
      ys,
      ws,
    );
    expect(fit.df).toBe(24 - 7);
    expect(
      close(
        fit.cumulative.slope,
        fit.lags.reduce((s, l) => s + l.slope, 0),
      ),
    ).toBe(true);
    expect(close(fit.cumulative.slope, reparametrised.coefficients[1])).toBe(true);
    expect(close(fit.cumulative.std_error, reparametrised.stdErrors[1])).toBe(true);
    expect(close(fit.cumulative.ci_low, reparametrised.ciLow[1]) && close(fit.cumulative.ci_high, reparametrised.ciHigh[1])).toBe(true);
    expect(Math.abs(fit.cumulative.p_value - reparametrised.pValues[1])).toBeLessThan(1e-9);
  });

  it("puts the planted same-month effect inside the cumulative interval, and covers zero at most lags that do not matter", () => {
    let covered = 0;
    let nullCovered = 0;
    const trials = 200;
    for (let seed = 0; seed < trials; seed++) {
      const { xs, ys, ws } = panel(100 + seed, 20, [-2, 0, 0, 0]);
      const fit = fitDollarLags(xs, ys, ws);
      if (fit.cumulative.ci_low <= -2 && -2 <= fit.cumulative.ci_high) covered++;
      nullCovered += fit.lags.filter((l) => l.lag > 0 && l.ci_low <= 0 && 0 <= l.ci_high).length;
    }
    // 95 % intervals: P(covered ≤ 180 of 200) < 0.1 % for a correct procedure; the same for 600 null lags.
    expect(covered).toBeGreaterThan(180);
    expect(nullCovered).toBeGreaterThan(0.92 * 3 * trials);
  });
});
