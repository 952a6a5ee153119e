// Small data helpers shared by the pages: columnar JSON to rows, ISO dates to Date.

/** {a: [1, 2], b: [3, 4]} → [{a: 1, b: 3}, {a: 2, b: 4}] */
export function rows<T = Record<string, unknown>>(columns: Record<string, unknown[]>): T[] {
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]].length : 0;
  return Array.from({ length: n }, (_, i) => Object.fromEntries(names.map((k) => [k, columns[k][i]])) as T);
}

/** "yyyy-MM-dd" → a Date at UTC midnight (Plot's time scales then show the calendar date). */
export function utcDate(iso: string): Date {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`);
}

/** Okabe–Ito: distinguishable with the common forms of colour blindness. */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
