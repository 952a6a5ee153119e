// The BCB SGS series the workspace uses, and the parser of the API's JSON format (shared by client and snapshot).

export interface SeriesSpec {
  id: number;
  /** Column-friendly name used in the warehouse. */
  key: "usd_brl" | "ipca" | "selic";
  label: string;
  cadence: "daily" | "monthly";
  /** Values outside this range are rejected as implausible. */
  plausible: [number, number];
}

export const SERIES: readonly SeriesSpec[] = [
  { id: 1, key: "usd_brl", label: "USD/BRL PTAX sell rate (R$ per US$)", cadence: "daily", plausible: [0.5, 20] },
  { id: 433, key: "ipca", label: "IPCA, % change in the month", cadence: "monthly", plausible: [-5, 30] },
  { id: 432, key: "selic", label: "SELIC target, % per year", cadence: "daily", plausible: [0, 100] },
];

export function seriesById(id: number): SeriesSpec {
  const spec = SERIES.find((s) => s.id === id);
  if (!spec) throw new Error(`Unknown SGS series ${id}; known: ${SERIES.map((s) => s.id).join(", ")}`);
  return spec;
}

export interface Observation {
  seriesId: number;
  /** ISO date, yyyy-MM-dd. */
  date: string;
  value: number;
}

export class SgsFormatError extends Error {
  override name = "SgsFormatError";
}

const DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** dd/MM/yyyy → yyyy-MM-dd, rejecting impossible dates. */
export function parseSgsDate(text: string): string | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [, dd, mm, yyyy] = m;
  const iso = `${yyyy}-${mm}-${dd}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

/**
 * Parses the body of `GET /dados/serie/bcdata.sgs.{id}/dados?formato=json`. Anything that is not the documented
 * shape (HTML, malformed JSON, comma decimals, duplicate dates, implausible values) is an error naming the series
 * and `context` (usually the requested range); it never becomes data.
 */
export function parseSgsJson(body: string, seriesId: number, context = "snapshot"): Observation[] {
  const where = `series ${seriesId} (${context})`;
  const trimmed = body.trimStart();
  if (trimmed.startsWith("<")) {
    throw new SgsFormatError(`BCB API returned HTML instead of JSON for ${where}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new SgsFormatError(`BCB API returned malformed JSON for ${where}: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) {
    throw new SgsFormatError(`BCB API returned ${typeof parsed} instead of an array for ${where}`);
  }
  const spec = seriesById(seriesId);
  const seen = new Set<string>();
  const out: Observation[] = [];
  parsed.forEach((item, index) => {
    const row = item as { data?: unknown; valor?: unknown };
    const date = typeof row?.data === "string" ? parseSgsDate(row.data) : undefined;
    if (date === undefined) {
      throw new SgsFormatError(`Bad date ${JSON.stringify(row?.data)} at row ${index} of ${where}`);
    }
    if (typeof row.valor !== "string" || !DECIMAL.test(row.valor.trim())) {
      throw new SgsFormatError(`Bad value ${JSON.stringify(row.valor)} on ${date} in ${where}: expected a dot decimal`);
    }
    const value = Number(row.valor.trim());
    const [lo, hi] = spec.plausible;
    if (value < lo || value > hi) {
      throw new SgsFormatError(`Implausible value ${value} on ${date} in ${where}: expected ${lo}..${hi}`);
    }
    if (seen.has(date)) throw new SgsFormatError(`Duplicate date ${date} in ${where}`);
    seen.add(date);
    out.push({ seriesId, date, value });
  });
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
