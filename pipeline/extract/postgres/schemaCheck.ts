// Checks that a PostgreSQL schema holds the Olist tables and columns the models need, with types that convert
// losslessly into the warehouse's raw tables — before anything is written anywhere.
import type pg from "pg";
import { OLIST_TABLES, type OlistTable, type OlistType } from "../olistSchema.ts";

/** PostgreSQL types (information_schema.columns.data_type) accepted for each Olist type. */
const COMPATIBLE: Record<OlistType, readonly string[]> = {
  text: ["text", "character varying", "character"],
  // With a time zone the wall-clock time would depend on the session's TimeZone: not the same data.
  timestamp: ["timestamp without time zone", "date"],
  integer: ["smallint", "integer", "bigint"],
  // Floating point cannot hold cents exactly, and the `money` type prints a locale's currency symbol.
  money: ["numeric", "smallint", "integer", "bigint"],
  double: ["double precision", "real", "numeric", "smallint", "integer", "bigint"],
};

const EXPECTED: Record<OlistType, string> = {
  text: "text",
  timestamp: "timestamp (without time zone)",
  integer: "an integer type",
  money: "numeric (e.g. numeric(12,2))",
  double: "double precision or numeric",
};

export class SourceSchemaError extends Error {
  override name = "SourceSchemaError";
  constructor(
    readonly problems: readonly string[],
    where: string,
  ) {
    super(
      `The PostgreSQL source ${where} does not match the Olist schema the models need:\n` +
        problems.map((p) => `  - ${p}`).join("\n") +
        "\nCreate the tables with import-olist / seed-postgres, or fix the source; nothing was written.",
    );
  }
}

export interface SourceLayout {
  /** Tables found with every column in a compatible type. */
  present: OlistTable[];
  /** Optional tables (required: false) that are absent; the warehouse gets them empty. */
  absentOptional: OlistTable[];
}

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
}

/** Pure: compares the catalogue rows of one schema with OLIST_TABLES; returns the layout and every problem. */
export function compareWithOlist(schema: string, rows: readonly ColumnRow[]): SourceLayout & { problems: string[] } {
  const byTable = new Map<string, Map<string, string>>();
  for (const r of rows) {
    if (!byTable.has(r.table_name)) byTable.set(r.table_name, new Map());
    byTable.get(r.table_name)!.set(r.column_name, r.data_type);
  }
  const problems: string[] = [];
  const present: OlistTable[] = [];
  const absentOptional: OlistTable[] = [];
  for (const table of OLIST_TABLES) {
    const columns = byTable.get(table.name);
    if (!columns) {
      if (table.required) problems.push(`table ${schema}.${table.name} is missing`);
      else absentOptional.push(table);
      continue;
    }
    let ok = true;
    for (const column of table.columns) {
      const type = columns.get(column.name);
      const where = `${schema}.${table.name}.${column.name}`;
      if (type === undefined) {
        problems.push(`column ${where} is missing`);
        ok = false;
      } else if (!COMPATIBLE[column.type].includes(type)) {
        problems.push(`column ${where} has type ${type}, expected ${EXPECTED[column.type]}`);
        ok = false;
      }
    }
    if (ok) present.push(table);
  }
  return { present, absentOptional, problems };
}

/** Reads the catalogue in the caller's transaction (so it matches the snapshot) and throws on any problem. */
export async function checkSourceSchema(client: pg.Client, schema: string, where: string): Promise<SourceLayout> {
  const { rows } = await client.query<ColumnRow>(
    `select table_name, column_name, data_type
       from information_schema.columns
      where table_schema = $1 and table_name = any($2::text[])`,
    [schema, OLIST_TABLES.map((t) => t.name)],
  );
  const { present, absentOptional, problems } = compareWithOlist(schema, rows);
  if (problems.length > 0) throw new SourceSchemaError(problems, where);
  return { present, absentOptional };
}
