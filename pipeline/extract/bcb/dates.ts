// Calendar arithmetic on ISO dates (yyyy-MM-dd) for SGS requests, revision windows and freshness.
// Everything works on UTC midnights so no local time zone or DST can shift a date.

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export function parseIsoDate(iso: string): Date {
  const d = new Date(`${iso}T00:00:00Z`);
  if (!ISO.test(iso) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) {
    throw new RangeError(`Expected an ISO date yyyy-MM-dd, got "${iso}"`);
  }
  return d;
}

function format(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return format(new Date(parseIsoDate(iso).getTime() + days * DAY_MS));
}

/** Same day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(iso: string, years: number): string {
  const d = parseIsoDate(iso);
  const year = d.getUTCFullYear() + years;
  const month = d.getUTCMonth();
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return format(new Date(Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay))));
}

export function endOfMonth(iso: string): string {
  const d = parseIsoDate(iso);
  return format(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)));
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseIsoDate(to).getTime() - parseIsoDate(from).getTime()) / DAY_MS);
}

export function isWeekend(iso: string): boolean {
  const day = parseIsoDate(iso).getUTCDay();
  return day === 0 || day === 6;
}

/** yyyy-MM-dd → dd/MM/yyyy, the SGS API's query and body format. */
export function toSgsDate(iso: string): string {
  parseIsoDate(iso);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** The calendar date in Brasília: the BCB publishes on São Paulo time, not UTC. */
export function todayInBrasilia(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "America/Sao_Paulo",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}
