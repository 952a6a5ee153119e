// Seeded randomness for the sample: a small fast PRNG (sfc32), the distributions the simulation draws from, and
// alias tables for weighted choice. Nothing here reads the clock or Math.random, so a seed fixes every byte.

/** splitmix32: spreads a 32-bit value over all bits; used to seed sfc32 and to derive ids. */
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** Folds a non-negative safe integer seed into 32 bits without losing its high part. */
export function seed32(seed: number): number {
  return (seed >>> 0) ^ mix32(Math.floor(seed / 4294967296));
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator): 128 bits of state, passes PractRand, and is a handful
 * of 32-bit operations per draw, which matters when a 10M-order sample draws a billion numbers.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = 0;
  private hasSpare = false;

  /** `stream` separates independent sequences drawn from the same seed. */
  constructor(seed: number, stream = 0) {
    const s = seed32(seed);
    this.a = mix32(s);
    this.b = mix32(s ^ 0x6a09e667 ^ Math.imul(stream, 0x9e3779b9));
    this.c = mix32(this.b ^ 0xbb67ae85);
    this.d = 1;
    for (let i = 0; i < 15; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** Standard normal (Box–Muller, keeping the second value for the next call). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const u = 1 - this.float(); // (0, 1]: log(0) never happens
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * this.float();
    this.spare = r * Math.sin(theta);
    this.hasSpare = true;
    return r * Math.cos(theta);
  }

  /** exp(N(mu, sigma²)): the median is exp(mu). */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /** Poisson by Knuth's product method: fine for the small means (< 30) the sample uses. */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  /** Number of failures before the first success, success probability p. */
  geometric(p: number): number {
    return Math.floor(Math.log(1 - this.float()) / Math.log(1 - p));
  }

  /**
   * An index in [0, n) where low indexes are popular: floor(n·u^skew). skew 1 is uniform; skew 3 gives the first
   * tenth of the range about 46 % of the draws, the long tail of a marketplace catalogue.
   */
  skewed(n: number, skew: number): number {
    return Math.floor(n * Math.pow(this.float(), skew));
  }
}

/** Vose's alias method: O(1) weighted choice after O(n) set-up; one draw per sample. */
export class AliasTable {
  readonly size: number;
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (!(w >= 0) || !Number.isFinite(w)) {
        throw new RangeError(`Weight ${i} is ${w}: weights must be finite and >= 0`);
      }
      total += w;
    }
    if (n === 0 || total <= 0) throw new RangeError("An alias table needs at least one positive weight");
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / total;
      (scaled[i] < 1 ? small : large).push(i);
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1; // only rounding leftovers
  }

  /** One uniform draw gives both the column and the coin. */
  sample(rng: Random): number {
    const u = rng.float() * this.size;
    const i = Math.floor(u);
    return u - i < this.prob[i] ? i : this.alias[i];
  }
}
