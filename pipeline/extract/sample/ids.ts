// The 32-hex ids of the sample (order_id, product_id, …), computed from (seed, family, index) rather than stored:
// a pool of a million products costs no strings, and the same index always gives the same id.
import { mix32, seed32 } from "./random.ts";

export type IdFamily = "order" | "customer" | "customerUnique" | "product" | "seller" | "review";

const FAMILY_SALT: Record<IdFamily, number> = {
  order: 0x1b873593,
  customer: 0x2d2816fe,
  customerUnique: 0x3c6ef372,
  product: 0x4a7484aa,
  seller: 0x5cb0a9dc,
  review: 0x6ed9eba1,
};

/**
 * One family of ids. The first 32-bit word is a bijection of the index (a keyed splitmix32, every step of which is
 * invertible), so distinct indexes below 2³² always give distinct ids; the other three words only make the id look
 * like Olist's random ones.
 */
export class Ids {
  private readonly key: number;

  constructor(seed: number, family: IdFamily) {
    this.key = mix32(seed32(seed) ^ FAMILY_SALT[family]);
  }

  /** The id's four 32-bit words, most significant first, into `out`. */
  words(index: number, out: Uint32Array): void {
    const a = mix32((index + this.key) | 0);
    const b = mix32(a ^ 0x85ebca6b);
    const c = mix32(b ^ 0xc2b2ae35);
    out[0] = a;
    out[1] = b;
    out[2] = c;
    out[3] = mix32(c ^ 0x27d4eb2f);
  }

  text(index: number): string {
    const w = new Uint32Array(4);
    this.words(index, w);
    return Array.from(w, (x) => x.toString(16).padStart(8, "0")).join("");
  }
}
