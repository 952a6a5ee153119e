import { describe, expect, it } from "vitest";
import { Ids } from "../../../pipeline/extract/sample/ids.ts";
import { AliasTable, Random } from "../../../pipeline/extract/sample/random.ts";

const draws = (rng: Random, n: number, f: (r: Random) => number) => Array.from({ length: n }, () => f(rng));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("Random", () => {
  it("repeats its sequence for the same seed and stream", () => {
    expect(draws(new Random(42), 100, (r) => r.u32())).toEqual(draws(new Random(42), 100, (r) => r.u32()));
  });

  it("gives unrelated sequences for neighbouring seeds and for other streams", () => {
    const a = draws(new Random(42), 100, (r) => r.u32());
    expect(draws(new Random(43), 100, (r) => r.u32())).not.toEqual(a);
    expect(draws(new Random(42, 1), 100, (r) => r.u32())).not.toEqual(a);
    // Seeds above 2^32 keep their high part.
    expect(draws(new Random(2 ** 32 + 42), 100, (r) => r.u32())).not.toEqual(a);
  });

  it("draws floats in [0, 1) with the mean and spread of a uniform", () => {
    const xs = draws(new Random(1), 100_000, (r) => r.float());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 2);
    expect(mean(xs.map((x) => (x - 0.5) ** 2))).toBeCloseTo(1 / 12, 2);
  });

  it("draws normals, lognormals, Poissons and geometrics with their textbook moments", () => {
    const rng = new Random(7);
    const z = draws(rng, 100_000, (r) => r.normal());
    expect(mean(z)).toBeCloseTo(0, 1);
    expect(mean(z.map((x) => x * x))).toBeCloseTo(1, 1);
    const ln = draws(rng, 100_001, (r) => r.lognormal(Math.log(80), 0.8)).sort((a, b) => a - b);
    expect(ln[50_000] / 80).toBeCloseTo(1, 1);
    expect(mean(draws(rng, 100_000, (r) => r.poisson(2)))).toBeCloseTo(2, 1);
    expect(mean(draws(rng, 100_000, (r) => r.geometric(0.25)))).toBeCloseTo(3, 1);
    expect(mean(draws(rng, 100_000, (r) => r.exponential(5)))).toBeCloseTo(5, 0);
  });

  it("favours low indexes in skewed draws and stays inside the range", () => {
    const xs = draws(new Random(3), 50_000, (r) => r.skewed(100, 3));
    expect(Math.max(...xs)).toBeLessThan(100);
    expect(xs.filter((x) => x < 10).length / xs.length).toBeCloseTo(0.1 ** (1 / 3), 1);
  });
});

describe("AliasTable", () => {
  it("samples each index in proportion to its weight and never a zero weight", () => {
    const weights = [5, 0, 1, 3, 1];
    const table = new AliasTable(weights);
    const rng = new Random(11);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 200_000; i++) counts[table.sample(rng)]++;
    expect(counts[1]).toBe(0);
    counts.forEach((c, i) => expect(c / 200_000).toBeCloseTo(weights[i] / 10, 2));
  });

  it("rejects weights it cannot sample from", () => {
    expect(() => new AliasTable([])).toThrow(RangeError);
    expect(() => new AliasTable([0, 0])).toThrow(RangeError);
    expect(() => new AliasTable([1, -1])).toThrow(/finite and >= 0/);
    expect(() => new AliasTable([1, Number.NaN])).toThrow(RangeError);
  });
});

describe("Ids", () => {
  it("are 32 lower-case hex characters, distinct within a family, and fixed by seed, family and index", () => {
    const orders = new Ids(42, "order");
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) seen.add(orders.text(i));
    expect(seen.size).toBe(50_000);
    for (const id of [...seen].slice(0, 100)) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Ids(42, "order").text(7)).toBe(orders.text(7));
    expect(new Ids(43, "order").text(7)).not.toBe(orders.text(7));
    expect(new Ids(42, "product").text(7)).not.toBe(orders.text(7));
  });
});
