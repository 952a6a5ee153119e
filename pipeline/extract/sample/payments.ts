// How orders are paid: mostly credit card in instalments, boleto, some vouchers (alone or beside a card), a little
// debit card, and the odd not_defined on a canceled order: rows of olist_order_payments_dataset.csv.
import type { CsvFile } from "./csv.ts";
import type { Ids } from "./ids.ts";
import { AliasTable, type Random } from "./random.ts";

export type PaymentType = "credit_card" | "boleto" | "voucher" | "debit_card" | "not_defined";

/**
 * The main payment type of an order. With the voucher splits below these give about the public rows' mix:
 * credit_card 73.9 %, boleto 19.0 %, voucher 5.6 %, debit_card 1.5 %.
 */
const PRIMARY: ReadonlyArray<readonly [PaymentType, number]> = [
  ["credit_card", 0.772],
  ["boleto", 0.199],
  ["voucher", 0.0136],
  ["debit_card", 0.0154],
];
const PRIMARY_TABLE = new AliasTable(PRIMARY.map(([, p]) => p));
/** Card orders that also spend vouchers, and voucher orders paid with several vouchers. */
export const CARD_WITH_VOUCHERS_RATE = 0.028;
export const SEVERAL_VOUCHERS_RATE = 0.35;
/** Canceled orders whose single payment row is not_defined with value 0 (3 rows in the public data). */
export const NOT_DEFINED_RATE_OF_CANCELED = 0.005;
/** Instalments 1..10 of card payments, as in the public data (half pay at once). */
const INSTALMENTS = new AliasTable([50, 12, 10, 7, 5, 4, 1.6, 4.3, 0.6, 5.3]);

export function drawPaymentType(rng: Random): PaymentType {
  return PRIMARY[PRIMARY_TABLE.sample(rng)][0];
}

/** Splits `cents` into `parts` positive amounts (when it can) that add up exactly. */
function split(rng: Random, cents: number, parts: number): number[] {
  const out: number[] = [];
  let left = cents;
  for (let k = parts; k > 1; k--) {
    const part = Math.max(Math.min(1, left), Math.round((left / k) * (0.4 + 1.2 * rng.float())));
    out.push(Math.min(part, left));
    left -= out[out.length - 1];
  }
  out.push(left);
  return out;
}

function instalments(rng: Random, cents: number): number {
  const n = INSTALMENTS.sample(rng) + 1;
  // Shops ask for at least R$ 5 per instalment, and small baskets are rarely split.
  if (n > 1 && cents < 3000 && rng.chance(0.7)) return 1;
  return Math.max(1, Math.min(n, Math.floor(cents / 500)));
}

function row(out: CsvFile, orders: Ids, order: number, sequential: number, type: PaymentType, n: number, cents: number): void {
  out.id(orders, order).comma().int(sequential).comma().text(type).comma().int(n).comma().money(cents).end();
}

/** Writes the payment rows of order number `order` (payment_sequential from 1) totalling `cents`. */
export function writePayments(rng: Random, orders: Ids, order: number, cents: number, type: PaymentType, canceled: boolean, out: CsvFile): void {
  if (canceled && rng.chance(NOT_DEFINED_RATE_OF_CANCELED)) {
    row(out, orders, order, 1, "not_defined", 1, 0);
    return;
  }
  if (type === "credit_card" && rng.chance(CARD_WITH_VOUCHERS_RATE)) {
    const vouchers = 1 + Math.min(3, rng.geometric(0.6));
    const voucherCents = Math.round(cents * (0.1 + 0.5 * rng.float()));
    const card = cents - voucherCents;
    row(out, orders, order, 1, "credit_card", instalments(rng, card), card);
    split(rng, voucherCents, vouchers).forEach((v, k) => row(out, orders, order, k + 2, "voucher", 1, v));
    return;
  }
  if (type === "voucher" && rng.chance(SEVERAL_VOUCHERS_RATE)) {
    const parts = split(rng, cents, 2 + Math.min(4, rng.geometric(0.5)));
    parts.forEach((v, k) => row(out, orders, order, k + 1, "voucher", 1, v));
    return;
  }
  row(out, orders, order, 1, type, type === "credit_card" ? instalments(rng, cents) : 1, cents);
}
