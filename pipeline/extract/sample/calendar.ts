// Time in the sample: São Paulo wall-clock seconds counted in UTC arithmetic (so TZ never matters), their Olist
// text form `YYYY-MM-DD HH:MM:SS`, and when orders are placed (growth, weekdays, hours, Black Friday 2017).
import { AliasTable, type Random } from "./random.ts";

const DAY_MS = 86_400_000;
export const SECONDS_PER_DAY = 86_400;
/** Wall-clock second 0 of the sample: 2016-01-01 00:00:00 São Paulo time. */
const EPOCH_MS = Date.UTC(2016, 0, 1);

/** Day number (days since 2016-01-01) of a yyyy-MM-dd date. */
export function dayOf(isoDate: string): number {
  return Math.round((Date.parse(`${isoDate}T00:00:00Z`) - EPOCH_MS) / DAY_MS);
}

export function isoDateOf(day: number): string {
  return new Date(EPOCH_MS + day * DAY_MS).toISOString().slice(0, 10);
}

/** Days covered by DATE_BYTES (2016-01-01 .. 2020-12-31): far past every date the simulation can produce. */
export const DATE_DAYS = 5 * 366;
/** "yyyy-MM-dd" of every day from 2016-01-01, 10 bytes each: CSV writers copy dates from here. */
export const DATE_BYTES: Buffer = Buffer.from(Array.from({ length: DATE_DAYS }, (_, d) => isoDateOf(d)).join(""), "latin1");

/** Olist's timestamp text of a wall-clock second, `YYYY-MM-DD HH:MM:SS` (for messages and tests; CSVs use bytes). */
export function formatTimestamp(seconds: number): string {
  return new Date(EPOCH_MS + seconds * 1000).toISOString().slice(0, 19).replace("T", " ");
}

/** 0 = Sunday … 6 = Saturday; 2016-01-01 was a Friday. */
export function weekdayOf(day: number): number {
  return (day + 5) % 7;
}

/** The months of the Olist period, in order: the index used by every per-month table. */
export const SAMPLE_MONTHS: readonly string[] = (() => {
  const months: string[] = [];
  for (let y = 2016, m = 9; y < 2018 || (y === 2018 && m <= 10); m === 12 ? (y++, (m = 1)) : m++) {
    months.push(`${y}-${String(m).padStart(2, "0")}`);
  }
  return months;
})();

/** Orders per purchase month in the public Olist data: the growth curve the sample follows, scaled. */
const OLIST_MONTHLY_ORDERS: Record<string, number> = {
  "2016-09": 4,
  "2016-10": 324,
  "2016-11": 0,
  "2016-12": 1,
  "2017-01": 800,
  "2017-02": 1780,
  "2017-03": 2682,
  "2017-04": 2404,
  "2017-05": 3700,
  "2017-06": 3245,
  "2017-07": 4026,
  "2017-08": 4331,
  "2017-09": 4285,
  "2017-10": 4631,
  "2017-11": 7544,
  "2017-12": 5673,
  "2018-01": 7269,
  "2018-02": 6728,
  "2018-03": 7211,
  "2018-04": 6939,
  "2018-05": 6873,
  "2018-06": 6167,
  "2018-07": 6292,
  "2018-08": 6512,
  "2018-09": 16,
  "2018-10": 4,
};

/** First and last purchase days of the public data. */
export const FIRST_PURCHASE_DAY = dayOf("2016-09-04");
export const LAST_PURCHASE_DAY = dayOf("2018-10-17");
/** Nothing happens after this instant (the public extract's cut-off): later deliveries stay "shipped". */
export const DATA_CUTOFF = (dayOf("2018-10-17") + 1) * SECONDS_PER_DAY;

/** Orders by weekday in the public data, Sunday first: Monday is busiest, Saturday quietest. */
const WEEKDAY_WEIGHT = [11_960, 16_196, 15_963, 15_552, 14_761, 14_122, 10_887];
/** Orders by hour of day in the public data: a night trough, then a plateau from 10 h to 22 h. */
const HOUR_WEIGHT = [2394, 1170, 510, 272, 206, 188, 502, 1231, 2967, 4785, 6177, 6578, 5995, 6518, 6569, 6454, 6675, 6150, 5769, 5982, 6193, 6217, 5816, 4123];
/** Black Friday 2017 (24 Nov, ~1,176 orders against ~250 on an ordinary day that month) and its weekend. */
const DAY_BOOST: Record<string, number> = {
  "2017-11-24": 5,
  "2017-11-25": 1.8,
  "2017-11-26": 1.6,
  "2017-11-27": 1.5,
};

export interface PurchaseCalendar {
  /** A purchase instant in wall-clock seconds. */
  sample(rng: Random): number;
}

export function monthIndexOfDay(day: number): number {
  const iso = isoDateOf(day);
  return (Number(iso.slice(0, 4)) - 2016) * 12 + Number(iso.slice(5, 7)) - 9;
}

/** Day weights: each month keeps its Olist total, shared among its days by weekday and holiday factors. */
export function purchaseDayWeights(): { days: Int32Array; weights: Float64Array } {
  const count = LAST_PURCHASE_DAY - FIRST_PURCHASE_DAY + 1;
  const days = new Int32Array(count);
  const factors = new Float64Array(count);
  const monthFactor = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const day = FIRST_PURCHASE_DAY + i;
    const iso = isoDateOf(day);
    days[i] = day;
    factors[i] = WEEKDAY_WEIGHT[weekdayOf(day)] * (DAY_BOOST[iso] ?? 1);
    const month = iso.slice(0, 7);
    monthFactor.set(month, (monthFactor.get(month) ?? 0) + factors[i]);
  }
  const weights = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const month = isoDateOf(days[i]).slice(0, 7);
    weights[i] = (OLIST_MONTHLY_ORDERS[month] * factors[i]) / monthFactor.get(month)!;
  }
  return { days, weights };
}

/** Per-day month index, so the hot loop never formats a date to find its month. */
export const MONTH_OF_DAY: Int16Array = (() => {
  const table = new Int16Array(DATE_DAYS);
  for (let d = 0; d < DATE_DAYS; d++) table[d] = monthIndexOfDay(d);
  return table;
})();

export function purchaseCalendar(): PurchaseCalendar {
  const { days, weights } = purchaseDayWeights();
  const dayTable = new AliasTable(weights);
  const hourTable = new AliasTable(HOUR_WEIGHT);
  return {
    sample(rng) {
      const day = days[dayTable.sample(rng)];
      return day * SECONDS_PER_DAY + hourTable.sample(rng) * 3600 + rng.int(3600);
    },
  };
}

/**
 * A time of day in [fromHour, toHour) on the day of `seconds` (a carrier's working hours), never earlier than
 * `seconds` itself: events keep their order.
 */
export function atHours(seconds: number, rng: Random, fromHour: number, toHour: number): number {
  const day = Math.floor(seconds / SECONDS_PER_DAY);
  const during = day * SECONDS_PER_DAY + fromHour * 3600 + rng.int((toHour - fromHour) * 3600);
  const soonAfter = Math.round(seconds) + rng.int(3600);
  return during > soonAfter ? during : soonAfter;
}
