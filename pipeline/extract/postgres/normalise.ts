// What import-olist forgives in the files people really have, always saying so: file names that differ from the
// dataset's (case, punctuation, a letter or two), known header variants (the Kaggle misspelling
// product_name_lenght corrected to length), blank spreadsheet rows (only commas and spaces), zip prefixes that
// lost their leading zeros, and timestamps a spreadsheet re-saved as M/D/YYYY H:MM (or D/M/YYYY), the order
// told from the file's own values. What cannot be told apart is refused with the evidence.
import type { OlistTable } from "../olistSchema.ts";

/** Header spellings that mean one of the dataset's columns. */
export const HEADER_VARIANTS: Record<string, string> = {
  product_name_length: "product_name_lenght",
  product_description_length: "product_description_lenght",
};

function simplified(name: string): string {
  return name
    .toLowerCase()
    .replace(/\.csv$/, "")
    .replace(/[^a-z0-9]/g, "");
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

/**
 * The file in `names` that stands for `expected` when the exact name is absent: the same name up to case and
 * punctuation, or within two letters of it. `taken` are names other tables use exactly. Several candidates are
 * returned all (the caller refuses to guess).
 */
export function lenientFileMatch(expected: string, names: readonly string[], taken: ReadonlySet<string>): string[] {
  const target = simplified(expected);
  const csv = names.filter((n) => n.toLowerCase().endsWith(".csv") && !taken.has(n) && n !== expected);
  const same = csv.filter((n) => simplified(n) === target);
  if (same.length > 0) return same;
  return csv.filter((n) => editDistance(simplified(n), target) <= 2);
}

export interface HeaderCheck {
  /** What is wrong with the header, if anything (names the first column that differs). */
  problem?: string;
  /** Variants accepted, as notes. */
  notes: string[];
}

/** Compares a file's header with the table's columns, accepting known variants, case and spaces. */
export function checkHeader(table: OlistTable, fileName: string, header: readonly (string | null)[]): HeaderCheck {
  const found = header.map((f) => (f ?? "").trim().replace(/^"|"$/g, ""));
  const expected = table.columns.map((c) => c.name);
  const notes: string[] = [];
  const mapped = found.map((name) => {
    const lower = name.toLowerCase();
    const canonical = HEADER_VARIANTS[lower] ?? lower;
    if (canonical !== name && expected.includes(canonical)) notes.push(`header "${name}" read as ${canonical}`);
    return canonical;
  });
  if (mapped.join(",") === expected.join(",")) return { notes };
  const at = expected.findIndex((name, i) => mapped[i] !== name);
  let detail: string;
  if (at === -1) detail = `extra column ${mapped.length > expected.length ? `"${found[expected.length]}"` : ""} after ${expected.at(-1)}`;
  else if (at >= found.length) detail = `column ${at + 1} (${expected[at]}) is missing`;
  else detail = `column ${at + 1} is "${found[at]}", expected "${expected[at]}"`;
  return { problem: `${fileName} has header "${found.join(",")}", expected "${expected.join(",")}": ${detail}`, notes };
}

/** A row with nothing in it but commas and spaces: a spreadsheet's trailing rows. */
export function isBlankRow(fields: readonly (string | null)[]): boolean {
  return fields.every((f) => f === null || f.trim() === "");
}

const SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const ISO_LIKE = /^\d{4}-\d{2}-\d{2}/;

export type DateOrder = "mdy" | "dmy";

/** What a file's timestamp values show about their form. */
export class TimestampEvidence {
  iso = 0;
  slash = 0;
  /** A value whose first number is above 12 (so day-first), and one whose second is (so month-first). */
  dayFirst?: { line: number; value: string };
  monthFirst?: { line: number; value: string };
  example?: { line: number; value: string };

  add(value: string, line: number): void {
    if (ISO_LIKE.test(value)) {
      this.iso++;
      return;
    }
    const m = SLASH.exec(value);
    if (!m) return;
    this.slash++;
    this.example ??= { line, value };
    if (Number(m[1]) > 12) this.dayFirst ??= { line, value };
    if (Number(m[2]) > 12) this.monthFirst ??= { line, value };
  }

  /** The order the file's slash dates are in (undefined: there are none), or a problem naming the evidence. */
  decide(fileName: string, given: DateOrder | undefined): { order?: DateOrder; problem?: string } {
    if (this.slash === 0) return {};
    const shown = (e: { line: number; value: string }) => `"${e.value}" on line ${e.line}`;
    if (this.dayFirst && this.monthFirst) {
      return {
        problem: `${fileName} mixes day-first and month-first dates: ${shown(this.dayFirst)}, ${shown(this.monthFirst)}; re-save it with ISO dates (YYYY-MM-DD HH:MM:SS)`,
      };
    }
    const seen: DateOrder | undefined = this.monthFirst ? "mdy" : this.dayFirst ? "dmy" : undefined;
    if (given && seen && given !== seen) {
      return { problem: `${fileName}: --date-order ${given} contradicts ${shown((this.monthFirst ?? this.dayFirst)!)}` };
    }
    const order = given ?? seen;
    if (!order) {
      return {
        problem:
          `${fileName} has ${this.slash} dates like ${shown(this.example!)} that read as M/D/YYYY or D/M/YYYY, and none ` +
          `with a number above 12 tells which; pass --date-order mdy or --date-order dmy`,
      };
    }
    return { order };
  }
}

/** A slash timestamp in the ISO form PostgreSQL casts, or undefined when it is none. */
export function isoFromSlash(value: string, order: DateOrder): string | undefined {
  const m = SLASH.exec(value);
  if (!m) return undefined;
  const [a, b] = [m[1], m[2]];
  const [month, day] = order === "mdy" ? [a, b] : [b, a];
  const pad = (s: string | undefined) => (s ?? "0").padStart(2, "0");
  return `${m[3]}-${pad(month)}-${pad(day)} ${pad(m[4])}:${pad(m[5])}:${pad(m[6])}`;
}

const ZIP = /^\d{1,4}$/;

/** Rewrites the forgiven forms of one record in place; counts what it changed into `counts`. */
export function normaliseRecord(table: OlistTable, fields: (string | null)[], order: DateOrder | undefined, counts: Map<string, number>): void {
  const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  table.columns.forEach((column, i) => {
    const value = fields[i];
    if (value === null || value === undefined) return;
    if (column.type === "timestamp" && order && !ISO_LIKE.test(value)) {
      const iso = isoFromSlash(value, order);
      if (iso !== undefined) {
        fields[i] = iso;
        bump(`${column.name} read as ${order === "mdy" ? "M/D/YYYY" : "D/M/YYYY"}`);
      }
    } else if (column.name.endsWith("_zip_code_prefix") && ZIP.test(value)) {
      fields[i] = value.padStart(5, "0");
      bump(`${column.name} padded to 5 digits`);
    }
  });
}
