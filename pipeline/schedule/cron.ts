// When a cron expression fires in a time zone, computed from a given instant without timers: the scheduler's
// status output and the fake clock of the tests use it; node-cron fires the same instants in production.
import cron from "node-cron";

export class ScheduleError extends Error {
  override name = "ScheduleError";
}

interface CronFields {
  seconds: number[];
  minutes: number[];
  hours: number[];
  days: number[];
  months: number[];
  weekdays: number[];
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const numbers = (values: (number | string)[], field: string, expr: string): number[] =>
  values.map((v) => {
    if (typeof v !== "number") {
      throw new ScheduleError(`Cron expression "${expr}": ${field} token "${v}" is not supported here; use plain numbers, ranges and steps`);
    }
    return v;
  });

/** node-cron's own parser (so both read an expression alike), limited to numeric fields. */
export function parseCron(expr: string): CronFields {
  let parsed;
  try {
    parsed = cron.parse(expr);
  } catch (error) {
    throw new ScheduleError(`Invalid cron expression "${expr}": ${(error as Error).message}`);
  }
  const sorted = (v: number[]) => [...new Set(v)].sort((a, b) => a - b);
  return {
    seconds: sorted(numbers(parsed.second, "second", expr)),
    minutes: sorted(numbers(parsed.minute, "minute", expr)),
    hours: sorted(numbers(parsed.hour, "hour", expr)),
    days: numbers(parsed.dayOfMonth, "day of month", expr),
    months: numbers(parsed.month, "month", expr),
    weekdays: numbers(parsed.dayOfWeek, "day of week", expr).map((d) => d % 7),
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The wall clock in `timezone` at instant `ms`. */
export function wallClock(ms: number, timezone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(timezone).formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

const naiveUtc = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/**
 * Every instant at which the wall clock of `timezone` reads `local`: none in a spring-forward gap, two in a
 * fall-back fold, one otherwise. Offsets are sampled a day either side, which covers any single transition.
 */
export function instantsOf(local: WallClock, timezone: string): number[] {
  const naive = naiveUtc(local);
  const offsets = new Set<number>();
  for (const probe of [naive - 86_400_000, naive, naive + 86_400_000]) {
    offsets.add(naiveUtc(wallClock(probe, timezone)) - probe);
  }
  const found = new Set<number>();
  for (const offset of offsets) {
    const candidate = naive - offset;
    if (naiveUtc(wallClock(candidate, timezone)) === naive) found.add(candidate);
  }
  return [...found].sort((a, b) => a - b);
}

/** A year and a half of days without a match means the expression names an impossible date (31 February). */
const SEARCH_DAYS = 5 * 366;

/**
 * The next `count` instants strictly after `from` at which `expr` fires, reading its fields on the wall clock of
 * `timezone`. Like node-cron, day of month and day of week must both match, and a wall-clock time that a
 * daylight-saving change skips does not fire that day (one it repeats fires twice).
 */
export function nextFireTimes(expr: string, timezone: string, from: Date, count: number): Date[] {
  const f = parseCron(expr);
  const out: number[] = [];
  const start = wallClock(from.getTime(), timezone);
  // Start a day early: the first instants after `from` may belong to a repeated local hour of the previous date.
  let day = new Date(Date.UTC(start.year, start.month - 1, start.day - 1));
  for (let i = 0; i < SEARCH_DAYS && out.length < count; i++, day = new Date(day.getTime() + 86_400_000)) {
    const [year, month, date] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
    if (!f.months.includes(month) || !f.days.includes(date) || !f.weekdays.includes(day.getUTCDay())) continue;
    const today: number[] = [];
    for (const hour of f.hours) {
      for (const minute of f.minutes) {
        for (const second of f.seconds) {
          for (const t of instantsOf({ year, month, day: date, hour, minute, second }, timezone)) {
            if (t > from.getTime()) today.push(t);
          }
        }
      }
    }
    out.push(...today.sort((a, b) => a - b));
  }
  if (out.length === 0) {
    throw new ScheduleError(`Cron expression "${expr}" never fires within five years of ${from.toISOString()}`);
  }
  return out.slice(0, count).map((t) => new Date(t));
}

/** "2020-01-15 06:00 (UTC−03:00)": a fire time as a person in that zone reads it. */
export function formatInZone(date: Date, timezone: string): string {
  const w = wallClock(date.getTime(), timezone);
  const offsetMinutes = Math.round((naiveUtc(w) - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? "−" : "+";
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}` + ` (UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)})`;
}
