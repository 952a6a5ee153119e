// The pipeline's own SQL (bookkeeping, loaders, tests, site queries) names relations `schema.name` and is written
// in the spelling both engines share, with four standard-SQL/DuckDB habits left: "quoted" identifiers, 'it''s'
// literals, `varchar` and `double`. This maps that SQL onto BigQuery: `raw.orders` → `<prefix>_raw`.`orders`,
// "x" → `x`, 'it''s' → 'it\'s' (and \ → \\), varchar → string, double → float64. Backquoted names and
// comments are left as they are.
import { SCHEMAS } from "./warehouse.ts";

const SCHEMA_NAMES = new Set<string>(SCHEMAS);
const TYPE_WORDS: Record<string, string> = { varchar: "string", double: "float64" };

const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);

/** The dataset of a schema: olist + marts → olist_marts. */
export const datasetOf = (prefix: string, schema: string) => `${prefix}_${schema}`;

function readQuoted(sql: string, start: number, quote: string, standard = false): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === "\\" && quote === "`" && !standard) {
      i += 2;
      continue;
    }
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

/** Rewrites pipeline SQL for BigQuery datasets named `<prefix>_<schema>`. */
export function toBigQuerySql(sql: string, prefix: string): string {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "`") {
      const end = readQuoted(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === "'") {
      // Standard SQL doubles a quote inside a literal and knows no backslash escapes; BigQuery escapes both.
      const end = readQuoted(sql, i, "'", true);
      const body = sql.slice(i + 1, end - 1);
      out += `'${body.replace(/\\/g, "\\\\").replace(/''/g, "\\'")}'`;
      i = end;
    } else if (c === '"') {
      const end = readQuoted(sql, i, '"');
      out += `\`${sql.slice(i + 1, end - 1).replace(/""/g, '"')}\``;
      i = end;
    } else if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (/[A-Za-z_]/.test(c) && !isWordChar(sql[i - 1]) && sql[i - 1] !== "." && sql[i - 1] !== "@") {
      let end = i;
      while (isWordChar(sql[end])) end++;
      const word = sql.slice(i, end);
      const lower = word.toLowerCase();
      if (SCHEMA_NAMES.has(lower) && sql[end] === "." && (sql[end + 1] === '"' || sql[end + 1] === "`" || /[A-Za-z_]/.test(sql[end + 1] ?? ""))) {
        out += `\`${datasetOf(prefix, lower)}\``;
      } else if (lower in TYPE_WORDS && sql[end] !== ".") {
        out += TYPE_WORDS[lower];
      } else {
        out += word;
      }
      i = end;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The emulator's address as the client wants it: with its scheme (node-fetch refuses a bare host:port). */
export function emulatorEndpoint(host: string): string {
  return /^https?:\/\//.test(host) ? host.replace(/\/+$/, "") : `http://${host}`;
}
