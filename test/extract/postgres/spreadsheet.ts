// Re-saves Olist CSVs the way a spreadsheet does (read with csv-parse's sync API, independent of the importer's
// streaming reader): timestamps as M/D/YYYY H:MM (seconds lost), zip prefixes as numbers (leading zeros lost),
// CRLF line ends, no byte-order mark, quotes only where needed, trailing rows of bare commas.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { OLIST_TABLES } from "../../../pipeline/extract/olistSchema.ts";

export function readCsvSync(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: true }) as string[][];
}

function usTimestamp(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${Number(m[2])}/${Number(m[3])}/${m[1]} ${Number(m[4])}:${m[5]}`;
}

function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export interface ResaveOptions {
  /** New names for some files (by the dataset's name). */
  rename?: Record<string, string>;
  /** Header replacements (dataset column name → written name). */
  headerVariants?: Record<string, string>;
  blankRows?: number;
  /** Files written empty (0 bytes), by the dataset's name: a sheet the spreadsheet saved with nothing in it. */
  empty?: string[];
}

/** Writes the re-saved copy of every file of `from` into `to`. */
export async function resaveAsSpreadsheet(from: string, to: string, options: ResaveOptions = {}): Promise<void> {
  for (const table of OLIST_TABLES) {
    if (options.empty?.includes(table.file)) {
      await writeFile(path.join(to, options.rename?.[table.file] ?? table.file), "");
      continue;
    }
    const rows = readCsvSync(await readFile(path.join(from, table.file), "utf8"));
    const [header, ...data] = rows;
    const types = table.columns.map((c) => c.type);
    const zips = table.columns.map((c) => c.name.endsWith("_zip_code_prefix"));
    const out = [header.map((h) => options.headerVariants?.[h] ?? h).join(",")];
    for (const row of data) {
      out.push(
        row
          .map((v, i) => {
            if (types[i] === "timestamp") return usTimestamp(v);
            if (zips[i] && /^\d+$/.test(v)) return String(Number(v));
            return cell(v);
          })
          .join(","),
      );
    }
    for (let i = 0; i < (options.blankRows ?? 0); i++) out.push(",".repeat(table.columns.length - 1));
    await writeFile(path.join(to, options.rename?.[table.file] ?? table.file), out.join("\r\n") + "\r\n");
  }
}
