// Real and dollar revenue: an IPCA price index chained from monthly changes, deflation to constant BRL of a
// base month, and like-for-like growth of nominal, real and dollar revenue.

export interface MonthlyInflation {
  /** yyyy-MM-dd, first day of the month. */
  month: string;
  /** IPCA change in the month, percent. */
  pct: number;
}

export class DeflationError extends Error {
  override name = "DeflationError";
}

/**
 * The IPCA index per month, = 100 in `baseMonth`: I_m = 100·Π(1 + pct/100) over the months after the base up to m
 * (divided for the months before). The chain of the BCB's monthly changes, as dim_calendar's ipca_index.
 */
export function ipcaIndex(inflation: readonly MonthlyInflation[], baseMonth: string): Map<string, number> {
  const sorted = [...inflation].sort((a, b) => a.month.localeCompare(b.month));
  const base = sorted.findIndex((d) => d.month === baseMonth);
  if (base < 0) {
    throw new DeflationError(`No IPCA for the base month ${baseMonth}; pick a month the BCB series covers (var ipca_base_month)`);
  }
  let logLevel = 0;
  const logs = sorted.map((d) => (logLevel += Math.log1p(d.pct / 100)));
  return new Map(sorted.map((d, i) => [d.month, 100 * Math.exp(logs[i] - logs[base])]));
}

/** An amount in BRL of its month, in constant BRL of the base month (index 100 there). */
export function deflate(amount: number, index: number): number {
  if (!(index > 0)) throw new DeflationError(`An IPCA index must be positive, got ${index}`);
  return (amount * 100) / index;
}

export interface RevenueMonth {
  month: string;
  nominalBrl: number;
  realBrl: number;
  usd: number;
}

export interface LikeForLikeGrowth {
  /** The months compared (a year's months up to the latest), and the same months a year before. */
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  nominal: number;
  real: number;
  usd: number;
}

const yearBefore = (month: string) => `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;

/**
 * Growth of the latest calendar year's months up to the last one (Jan..Aug 2018) over the same months a year
 * earlier: like for like, so seasonality cancels. Undefined when a month of either year is missing.
 */
export function likeForLikeGrowth(months: readonly RevenueMonth[]): LikeForLikeGrowth | undefined {
  if (months.length === 0) return undefined;
  const byMonth = new Map(months.map((m) => [m.month, m]));
  const last = [...byMonth.keys()].sort().at(-1)!;
  const current = [...byMonth.keys()].filter((m) => m.slice(0, 4) === last.slice(0, 4) && m <= last).sort();
  const previous = current.map(yearBefore);
  if (previous.some((m) => !byMonth.has(m))) return undefined;
  const total = (list: string[], key: "nominalBrl" | "realBrl" | "usd") => list.reduce((s, m) => s + byMonth.get(m)![key], 0);
  const growth = (key: "nominalBrl" | "realBrl" | "usd") => total(current, key) / total(previous, key) - 1;
  return {
    from: current[0],
    to: last,
    previousFrom: previous[0],
    previousTo: previous[previous.length - 1],
    nominal: growth("nominalBrl"),
    real: growth("realBrl"),
    usd: growth("usd"),
  };
}
