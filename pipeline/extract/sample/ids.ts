// The 32-hex ids of the sample (order_id, product_id, …), computed from (seed, kind, index) rather than stored:
// a pool of a million products costs no strings, and the same index always gives the same id.
import { mix32, seed32 } from "./random.ts";

export type IdKind = "order" | "customer" | "customerUnique" | "product" | "seller" | "review";

const KIND_SALT: Record<IdKind, number> = {
  order: 0x1b873593,
  customer: 0x2d2816fe,
  customerUnique: 0x3c6ef372,
  product: 0x4a7484aa,
  seller: 0x5cb0a9dc,
  review: 0x6ed9eba1,
};

const HEX4: string[] = Array.from({ length: 65536 }, (_, i) => i.toString(16).padStart(4, "0"));

function hex8(x: number): string {
  return HEX4[x >>> 16] + HEX4[x & 0xffff];
}

/**
 * A function index → 32-hex id. The first word is a bijection of the index (a keyed splitmix32, every step of which
 * is invertible), so distinct indexes below 2³² always give distinct ids; the other three words only make the id
 * look like Olist's random ones.
 */
export function idMaker(seed: number, kind: IdKind): (index: number) => string {
  const key = mix32(seed32(seed) ^ KIND_SALT[kind]);
  return (index: number) => {
    const a = mix32((index + key) | 0);
    const b = mix32(a ^ 0x85ebca6b);
    const c = mix32(b ^ 0xc2b2ae35);
    const d = mix32(c ^ 0x27d4eb2f);
    return hex8(a) + hex8(b) + hex8(c) + hex8(d);
  };
}
