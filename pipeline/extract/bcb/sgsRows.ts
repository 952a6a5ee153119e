// SGS rows exactly as the API spells them ({"data":"dd/MM/yyyy","valor":"5.5760"}), so that a refreshed
// snapshot differs from the committed one only where the data changed: "5.5760" must not become 5.576.
import { parseSgsJson, parseSgsDate, type Observation } from "./series.ts";

export interface SgsRow {
  data: string;
  valor: string;
}

export interface ParsedSgs {
  /** Validated observations in date order. */
  observations: Observation[];
  /** The same observations as the API wrote them, in date order. */
  rows: SgsRow[];
}

function isoOf(row: SgsRow): string {
  // parseSgsJson has already vouched for every date, so the fallback is unreachable.
  return parseSgsDate(row.data) ?? row.data;
}

/** Validates with parseSgsJson (which names series and `context` in every error), keeping the API's spelling. */
export function parseSgsRows(body: string, seriesId: number, context: string): ParsedSgs {
  const observations = parseSgsJson(body, seriesId, context);
  const raw = JSON.parse(body) as SgsRow[];
  const rows = raw.map((r) => ({ data: r.data, valor: r.valor.trim() })).sort((a, b) => compare(isoOf(a), isoOf(b)));
  return { observations, rows };
}

/** The snapshot file's bytes: one line, no trailing newline, as the API answers. */
export function serializeSgsRows(rows: readonly SgsRow[]): string {
  return JSON.stringify(rows.map((r) => ({ data: r.data, valor: r.valor })));
}

export interface Upsert {
  rows: SgsRow[];
  /** Dates the stored rows did not have. */
  added: number;
  /** Dates whose value the API changed. */
  revised: number;
}

/** Upserts on date; in the overlap the fetched value wins, because the BCB revises recent observations. */
export function upsertRows(stored: readonly SgsRow[], fetched: readonly SgsRow[]): Upsert {
  const byDate = new Map<string, SgsRow>(stored.map((r) => [isoOf(r), r]));
  let added = 0;
  let revised = 0;
  for (const row of fetched) {
    const date = isoOf(row);
    const old = byDate.get(date);
    if (old === undefined) added += 1;
    else if (Number(old.valor) !== Number(row.valor)) revised += 1;
    byDate.set(date, row);
  }
  const rows = [...byDate.entries()].sort(([a], [b]) => compare(a, b)).map(([, r]) => r);
  return { rows, added, revised };
}

export function lastIsoDate(rows: readonly SgsRow[]): string | null {
  const last = rows[rows.length - 1];
  return last === undefined ? null : isoOf(last);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
