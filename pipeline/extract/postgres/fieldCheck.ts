// Validates one CSV record against an Olist table before it reaches PostgreSQL, so a bad value becomes a
// rejects row with a reason instead of failing the whole COPY. Every pattern accepted here is one PostgreSQL
// casts without error (a subset of what it accepts), which keeps the later insert from failing.
import type { OlistColumn, OlistTable } from "../olistSchema.ts";

const INTEGER = /^[+-]?\d{1,10}(\.0*)?$/; // "40.0" as pandas writes an integer column with gaps
// numeric(12,2) holds 10 digits before the point; 9 keeps rounding to cents from overflowing it.
const DECIMAL = /^[+-]?(\d{1,9}(\.\d*)?|\.\d+)$/;
const DOUBLE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,2})?$/; // beyond e±99 PostgreSQL may refuse under- or overflow
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?$/;

const INT_MAX = 2 ** 31 - 1;

/**
 * The longest text value loaded: PostgreSQL's text holds 1 GB, but a record is one JavaScript string on the way
 * (at most 512 MB); beyond this the row is rejected, not the file.
 */
export const MAX_FIELD_CHARS = 256 * 1024 * 1024;

function validTimestamp(value: string): boolean {
  const m = TIMESTAMP.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCDate() === day && date.getUTCMonth() === month - 1;
}

/** Why a value does not fit its column, or undefined when it does. */
export function checkValue(column: OlistColumn, value: string): string | undefined {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  switch (column.type) {
    case "text":
      if (value.includes("\u0000")) return `${column.name} contains a NUL character`;
      return value.length > MAX_FIELD_CHARS ? `${column.name} is ${value.length} characters long, more than ${MAX_FIELD_CHARS}` : undefined;
    case "integer":
      if (!INTEGER.test(value) || Math.abs(Number(value)) > INT_MAX) return `${column.name} "${shown}" is not an integer`;
      return undefined;
    case "money":
      return DECIMAL.test(value) ? undefined : `${column.name} "${shown}" is not a decimal amount`;
    case "double":
      return DOUBLE.test(value) && Number.isFinite(Number(value)) ? undefined : `${column.name} "${shown}" is not a number`;
    case "timestamp":
      return validTimestamp(value) ? undefined : `${column.name} "${shown}" is not a timestamp (YYYY-MM-DD HH:MM:SS)`;
  }
}

/** Why a record cannot be loaded into `table`, or undefined when every field fits. */
export function checkFields(table: OlistTable, fields: readonly (string | null)[]): string | undefined {
  if (fields.length !== table.columns.length) {
    return `expected ${table.columns.length} fields, found ${fields.length}`;
  }
  const problems: string[] = [];
  table.columns.forEach((column, i) => {
    const value = fields[i];
    if (value === null) {
      if (table.primaryKey.includes(column.name)) problems.push(`${column.name} is empty but part of the primary key`);
      return;
    }
    const problem = checkValue(column, value);
    if (problem) problems.push(problem);
  });
  return problems.length === 0 ? undefined : problems.join("; ");
}
