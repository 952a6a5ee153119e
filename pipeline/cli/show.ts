// `show`, as in dbt: renders an inline query (ref(), source(), var() and the macros, for the configured engine),
// runs it on the published warehouse and prints the rows: JSON, CSV or an aligned table on stdout.
import path from "node:path";
import { ConfigError, PROJECT_ROOT } from "../config.ts";
import { loadProject } from "../transform/project.ts";
import { Renderer } from "../transform/render.ts";
import { readWarehouse, warehouseName } from "../warehouse/open.ts";
import type { Cell, Row } from "../warehouse/warehouse.ts";
import { help, type Command } from "./command.ts";

export const SHOW_FORMATS = ["json", "csv", "table"] as const;
export type ShowFormat = (typeof SHOW_FORMATS)[number];

/** dbt show's default. */
export const DEFAULT_SHOW_LIMIT = 5;

export function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_SHOW_LIMIT;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(limit) || limit < 1) {
    throw new ConfigError(`--limit must be a positive whole number of rows, got "${raw}"`);
  }
  return limit;
}

function csvField(value: Cell): string {
  if (value === null) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const tableField = (value: Cell): string => (value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));

/** The rows in one format; `columns` keeps the query's column order (also for an empty result). */
export function formatRows(rows: Row[], columns: string[], format: ShowFormat): string {
  if (format !== "json" && columns.length === 0) return format === "table" ? "(no rows)\n" : "";
  switch (format) {
    case "json":
      return `${JSON.stringify(rows, null, 2)}\n`;
    case "csv":
      return [columns.map((c) => csvField(c)), ...rows.map((r) => columns.map((c) => csvField(r[c] ?? null)))].map((l) => `${l.join(",")}\r\n`).join("");
    case "table": {
      const cells = rows.map((r) => columns.map((c) => tableField(r[c] ?? null)));
      const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((line) => line[i].length)));
      const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => r[c] === null || typeof r[c] === "number"));
      const pad = (text: string, i: number) => (numeric[i] ? text.padStart(widths[i]) : text.padEnd(widths[i]));
      const line = (values: string[]) => `| ${values.map(pad).join(" | ")} |`;
      const rule = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
      return [line(columns), rule, ...cells.map(line)].join("\n") + "\n";
    }
  }
}

export const SHOW_COMMAND: Command = {
  name: "show",
  usage: `show --inline "select … from {{ ref('fct_x') }}" [--output json|csv|table] [--limit N]`,
  summary: `Run a query (ref/source/var/macros rendered for the configured engine) on the published warehouse and print its first N rows (default ${DEFAULT_SHOW_LIMIT})`,
  options: {
    ...help,
    inline: { type: "string" as const },
    output: { type: "string" as const, short: "o" },
    limit: { type: "string" as const },
  },
  async run({ config, values }) {
    const inline = values.inline as string | undefined;
    if (!inline?.trim()) throw new ConfigError(`show needs --inline "<select …>"`);
    const format = (values.output as string | undefined) ?? "table";
    if (!(SHOW_FORMATS as readonly string[]).includes(format)) {
      throw new ConfigError(`--output must be one of ${SHOW_FORMATS.join(", ")}, got "${format}"`);
    }
    const limit = parseLimit(values.limit as string | undefined);
    const project = await loadProject(path.join(PROJECT_ROOT, "models"));
    const result = await readWarehouse(config, async (warehouse) => {
      const sql = new Renderer(project, warehouse).renderSql(inline, "show");
      return warehouse.query(`select * from (\n${sql}\n) as shown\nlimit ${limit}`);
    });
    if (result === undefined) {
      throw new ConfigError(`There is no warehouse at ${warehouseName(config)} yet: build it first with \`npm run pipeline -- run\``);
    }
    const columns = result.length > 0 ? Object.keys(result[0]) : [];
    process.stdout.write(formatRows(result, columns, format as ShowFormat));
  },
};
