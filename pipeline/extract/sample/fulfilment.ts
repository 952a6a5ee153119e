// What happens to an order after purchase: its status, approval, hand-over to the carrier, delivery against the
// promised date (about 8 % late, more in the congested months), and the freight charged for each item.
import { atHours, DATA_CUTOFF, MONTH_OF_DAY, SAMPLE_MONTHS, SECONDS_PER_DAY } from "./calendar.ts";
import { AliasTable, type Random } from "./random.ts";

export type OrderStatus = "delivered" | "shipped" | "canceled" | "unavailable" | "invoiced" | "processing" | "created" | "approved";

/** Status mix of the public data (delivered 96,478 of 99,441 orders, shipped 1,107, canceled 625, …). */
export const STATUS_MIX: ReadonlyArray<readonly [OrderStatus, number]> = [
  ["delivered", 0.9702],
  ["shipped", 0.0111],
  ["canceled", 0.0063],
  ["unavailable", 0.0061],
  ["invoiced", 0.0032],
  ["processing", 0.003],
  ["created", 0.00005],
  ["approved", 0.00002],
];
const STATUS_TABLE = new AliasTable(STATUS_MIX.map(([, p]) => p));

export function drawStatus(rng: Random): OrderStatus {
  return STATUS_MIX[STATUS_TABLE.sample(rng)][0];
}

/** Share of canceled orders that never got items (the rest of the item-less orders are unavailable or created). */
export const CANCELED_WITHOUT_ITEMS_RATE = 0.25;
/** Delivered orders missing their approval or delivery timestamp, as a handful are in the public data. */
export const DELIVERED_WITHOUT_APPROVAL_RATE = 0.00015;
export const DELIVERED_WITHOUT_DELIVERY_DATE_RATE = 0.0001;
/** Canceled orders that nevertheless reached the carrier, and the customer. */
const CANCELED_SHIPPED_RATE = 0.1;
const CANCELED_DELIVERED_RATE = 0.01;

export function hasItems(rng: Random, status: OrderStatus): boolean {
  if (status === "unavailable" || status === "created") return false;
  return !(status === "canceled" && rng.chance(CANCELED_WITHOUT_ITEMS_RATE));
}

/** Months whose deliveries were slow in the public data (Black Friday backlog, the early-2018 carrier strikes). */
const CONGESTION: Record<string, number> = { "2017-11": 1.3, "2017-12": 1.15, "2018-02": 1.25, "2018-03": 1.3 };
const CONGESTION_BY_MONTH = Float64Array.from(SAMPLE_MONTHS, (m) => CONGESTION[m] ?? 1);

/** A missing timestamp is NaN and is written as an empty field. */
export interface Fulfilment {
  status: OrderStatus;
  approved: number;
  carrier: number;
  delivered: number;
  /** Midnight of the promised day. */
  estimated: number;
  /** The seller's deadline to hand items to the carrier. */
  shippingLimit: number;
}

/**
 * Timestamps of an order from its purchase instant, status, payment type (a boleto clears in one to three days)
 * and the seller-to-customer distance. A delivery that would fall after the data's cut-off leaves the order shipped.
 */
export function fulfil(rng: Random, purchase: number, status: OrderStatus, boleto: boolean, distanceKm: number): Fulfilment {
  const approved =
    status === "created"
      ? NaN
      : purchase +
        Math.round(boleto ? (0.6 + rng.exponential(1.1)) * SECONDS_PER_DAY : rng.chance(0.06) ? rng.exponential(14 * 3600) : 60 + rng.exponential(900));
  const start = Number.isNaN(approved) ? purchase : approved;
  const month = MONTH_OF_DAY[Math.floor(purchase / SECONDS_PER_DAY)];
  const expectedTransitDays = 3 + distanceKm / 180;
  const handling = rng.lognormal(Math.log(1.8), 0.6) * SECONDS_PER_DAY;
  const carrier = atHours(start + handling, rng, 8, 19);
  const transitDays = expectedTransitDays * rng.lognormal(0, 0.65) * CONGESTION_BY_MONTH[month];
  const delivered = atHours(carrier + transitDays * SECONDS_PER_DAY, rng, 9, 21);
  const promisedDays = Math.ceil(1.5 * (2.5 + expectedTransitDays) + 3.4 + rng.int(8));
  const estimated = (Math.floor(purchase / SECONDS_PER_DAY) + promisedDays) * SECONDS_PER_DAY;
  const shippingLimit = start + 6 * SECONDS_PER_DAY + rng.int(SECONDS_PER_DAY);

  const f: Fulfilment = { status, approved, carrier: NaN, delivered: NaN, estimated, shippingLimit };
  switch (status) {
    case "delivered":
      if (delivered > DATA_CUTOFF) {
        f.status = carrier > DATA_CUTOFF ? "processing" : "shipped";
        if (carrier <= DATA_CUTOFF) f.carrier = carrier;
        break;
      }
      f.carrier = carrier;
      f.delivered = rng.chance(DELIVERED_WITHOUT_DELIVERY_DATE_RATE) ? NaN : delivered;
      if (rng.chance(DELIVERED_WITHOUT_APPROVAL_RATE)) f.approved = NaN;
      break;
    case "shipped":
      f.carrier = carrier <= DATA_CUTOFF ? carrier : NaN;
      break;
    case "canceled":
      if (rng.chance(CANCELED_SHIPPED_RATE) && carrier <= DATA_CUTOFF) f.carrier = carrier;
      if (rng.chance(CANCELED_DELIVERED_RATE) && delivered <= DATA_CUTOFF) {
        f.carrier = carrier;
        f.delivered = delivered;
      }
      break;
    default:
      break;
  }
  return f;
}

/** Share of items shipped free. */
export const FREE_FREIGHT_RATE = 0.003;

/** Freight in cents: a base fee growing with the log of the distance and sub-linearly with the weight. */
export function freightCents(rng: Random, distanceKm: number, weightGrams: number): number {
  if (rng.chance(FREE_FREIGHT_RATE)) return 0;
  const reais = (8 + 3.4 * Math.log1p(distanceKm / 100) + 3.2 * (weightGrams / 1000) ** 0.85) * rng.lognormal(0, 0.3);
  return Math.round(Math.min(reais, 410) * 100);
}
