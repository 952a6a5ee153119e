// import-olist: loads the nine public Olist CSVs into PostgreSQL tables of the Olist schema. Files and headers
// are checked before anything is written; then, in one transaction, each file is parsed and validated as it
// streams, COPYed into a text staging table, and moved into its typed table — bad or duplicate rows go to
// olist_rejects with file, line and reason. The tables mirror the files, so a rerun gives the same state.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { logger } from "../../log.ts";
import { OLIST_TABLES, type OlistColumn, type OlistTable } from "../olistSchema.ts";
import { TimestampEvidence, checkHeader, isBlankRow, lenientFileMatch, normaliseRecord, type DateOrder } from "./normalise.ts";
import { connectSource, ident, printableUrl, qualified, resolveSourceUrl, scrubbed } from "./connect.ts";
import { EncodingError, checkDecodes, checkEncoding, readCsvRecords, type CsvRecord } from "./csv.ts";
import { REJECTS_TABLE, sourceSchemaDdl } from "./ddl.ts";
import { withIndexesRebuilt } from "./bulkIndexes.ts";
import { checkFields } from "./fieldCheck.ts";
import { Progress, formatCount } from "./progress.ts";
import { SourceSchemaError, compareWithOlist } from "./schemaCheck.ts";

const log = logger("import-olist");

export interface ImportOptions {
  /** PostgreSQL URL; default SOURCE_DATABASE_URL. */
  to?: string;
  /** Schema of the source tables; default public. */
  schema?: string;
  /**
   * The encoding of files that are not valid UTF-8, e.g. latin1 (read as windows-1252, as spreadsheets write it).
   * Without it such a file is refused, naming the line of its first bad byte. A valid UTF-8 file is read as UTF-8.
   */
  encoding?: string;
  /** Order of slash dates when no value tells (every number at most 12). */
  dateOrder?: DateOrder;
  /** Largest share of a file's rows that may be rejected before the import is refused; default 0.05. */
  maxRejectRate?: number;
}

export const DEFAULT_MAX_REJECT_RATE = 0.05;

export interface FileCount {
  /** The file read (its name in the directory, which may differ from the dataset's). */
  file: string;
  table: string;
  /** Records in the file after the header, blank rows not counted: rowsIn = loaded + rejected. */
  rowsIn: number;
  loaded: number;
  rejected: number;
  /** Rows of only commas and spaces (a spreadsheet's trailing rows), skipped. */
  blank: number;
  /** Rejected rows per reason (quoted values elided). */
  reasons: Record<string, number>;
  /** What was read leniently: the file name, header variants, dates, zip prefixes. */
  notes: string[];
}

export interface ImportResult {
  /** The target, password removed. */
  target: string;
  schema: string;
  files: FileCount[];
  rowsIn: number;
  loaded: number;
  rejected: number;
  seconds: number;
}

export class OlistFilesError extends Error {
  override name = "OlistFilesError";
  constructor(
    readonly problems: readonly string[],
    dir: string,
  ) {
    super(
      `Cannot import the Olist CSVs from ${dir}; nothing was written:\n` +
        problems.map((p) => `  - ${p}`).join("\n") +
        "\nThe directory must hold the nine files of the public dataset (Kaggle olistbr/brazilian-ecommerce) with their original headers.",
    );
  }
}

/** The files loaded, but what they gave cannot be published; the import was rolled back. */
export class ImportRefusedError extends Error {
  override name = "ImportRefusedError";
  constructor(
    readonly problems: readonly string[],
    readonly result: ImportResult,
  ) {
    super(`import-olist rolled back; PostgreSQL keeps its previous tables:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** One file to load: where it is, and how to read it. */
export interface FilePlan {
  table: OlistTable;
  path: string;
  /** The encoding the file is read in when it is not UTF-8 (--encoding). */
  encoding?: string;
  dateOrder?: DateOrder;
  notes: string[];
}

/**
 * Checks every file before anything is written, reporting all problems at once: that it exists (or a file of a
 * close name), is not empty, decodes in the encoding, has the expected header (or a known variant), and that
 * its slash dates, if any, tell their order. An optional table's file (geolocation) may be absent: that table
 * is then left empty.
 */
export async function checkOlistFiles(dir: string, options: Pick<ImportOptions, "encoding" | "dateOrder"> = {}): Promise<FilePlan[]> {
  const problems: string[] = [];
  const plans: FilePlan[] = [];
  const names = await readdir(dir).catch(() => [] as string[]);
  const exact = new Set(OLIST_TABLES.map((t) => t.file).filter((f) => names.includes(f)));
  for (const table of OLIST_TABLES) {
    const notes: string[] = [];
    let fileName = table.file;
    if (!exact.has(table.file)) {
      const candidates = lenientFileMatch(table.file, names, exact);
      if (candidates.length === 1) {
        fileName = candidates[0];
        notes.push(`read ${fileName} as ${table.file} (rename it to silence this note)`);
      } else if (candidates.length > 1) {
        problems.push(`${table.file} is missing, and several files could stand for it: ${candidates.join(", ")}; rename one`);
        continue;
      } else if (table.required) {
        problems.push(`${table.file} is missing`);
        continue;
      } else {
        log.warn(`${table.file} is absent (optional): ${table.name} will be empty`);
        continue;
      }
    }
    const file = path.join(dir, fileName);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      problems.push(`${fileName} is not a readable file`);
      continue;
    }
    let scan = await scanFile(table, file, fileName, "utf8", options);
    let encoding: string | undefined;
    if (scan.notUtf8 && options.encoding !== undefined && checkEncoding(options.encoding) !== "utf-8") {
      // A file that is valid UTF-8 is read as UTF-8 whatever --encoding says: Latin-1 text with accents is
      // (almost) never valid UTF-8, and reading UTF-8 as Latin-1 is what makes mojibake.
      encoding = options.encoding;
      const where = scan.notUtf8Where;
      scan = await scanFile(table, file, fileName, encoding, options);
      scan.notes.unshift(`read as ${checkEncoding(encoding)} (not valid UTF-8: ${where})`);
    }
    if (scan.problem) {
      if (scan.empty && (!table.required || table.mayBeEmpty)) {
        log.warn(`${scan.problem}: ${table.name} will be empty${table.required ? "; every sale still counts, only review figures are blank" : ""}`);
      } else problems.push(scan.problem);
      continue;
    }
    plans.push({ table, path: file, encoding, dateOrder: scan.dateOrder, notes: [...notes, ...scan.notes] });
  }
  if (problems.length > 0) throw new OlistFilesError(problems, dir);
  return plans;
}

/** Reads a whole file once before the load: encoding, header, and the form of its timestamps. */
async function scanFile(
  table: OlistTable,
  file: string,
  fileName: string,
  encoding: string,
  options: Pick<ImportOptions, "dateOrder">,
): Promise<{ problem?: string; empty?: boolean; notUtf8?: boolean; notUtf8Where?: string; dateOrder?: DateOrder; notes: string[] }> {
  const evidence = new TimestampEvidence();
  const stamps = table.columns.flatMap((c, i) => (c.type === "timestamp" ? [i] : []));
  let header: CsvRecord | undefined;
  let rows = 0;
  let notes: string[] = [];
  try {
    // A file without timestamps needs no parsing beyond its header: its bytes are only checked to decode.
    if (stamps.length === 0) await checkDecodes(file, { encoding });
    scan: for await (const batch of readCsvRecords(file, { encoding })) {
      for (const record of batch) {
        if (!header) {
          if (isBlankRow(record.fields) && record.fields.length <= 1) continue; // blank lines before the header
          header = record;
          const check = checkHeader(table, fileName, record.fields);
          if (check.problem) return { problem: check.problem, notes };
          notes = check.notes;
          if (stamps.length === 0) break scan;
          continue;
        }
        rows++;
        for (const i of stamps) {
          const value = record.fields[i];
          if (value) evidence.add(value, record.line);
        }
      }
    }
  } catch (error) {
    if (error instanceof EncodingError) {
      const where = `byte 0x${error.byte.toString(16).toUpperCase()} on line ${error.line}`;
      return {
        notUtf8: true,
        notUtf8Where: where,
        problem:
          `${fileName} is not valid UTF-8: ${where}; ` +
          `if it was saved as Latin-1 or Windows-1252 (a spreadsheet's "CSV" on Windows), pass --encoding latin1`,
        notes,
      };
    }
    throw error;
  }
  if (!header) return { problem: `${fileName} is empty: no header, no rows`, empty: true, notes };
  if (rows === 0 && stamps.length > 0) notes.push("no data rows after the header");
  const decided = evidence.decide(fileName, options.dateOrder);
  if (decided.problem) return { problem: decided.problem, notes };
  return { dateOrder: decided.order, notes };
}

export async function importOlist(dir: string, options: ImportOptions = {}): Promise<ImportResult> {
  const url = resolveSourceUrl(options.to);
  const schema = options.schema ?? "public";
  const maxRejectRate = options.maxRejectRate ?? DEFAULT_MAX_REJECT_RATE;
  if (!(maxRejectRate >= 0 && maxRejectRate <= 1)) throw new Error(`--max-reject-rate must be a share between 0 and 1, got ${maxRejectRate}`);
  if (options.encoding !== undefined) checkEncoding(options.encoding);
  const started = performance.now();
  const plans = await checkOlistFiles(dir, options);

  const client = await connectSource(url, { applicationName: "olist-import" });
  const files: FileCount[] = [];
  let result: ImportResult | undefined;
  try {
    // The staging tables hold a whole file: the default 8 MB of temp buffers would spill them to disk.
    // (temp_buffers can only be set before the session's first temporary table.)
    await client.query("set temp_buffers = '256MB'");
    await client.query("begin");
    await client.query("set local work_mem = '128MB'; set local maintenance_work_mem = '512MB'");
    for (const statement of sourceSchemaDdl(schema)) await client.query(statement);
    await assertCompatibleTables(client, schema, url);
    // The tables mirror the files: emptied and refilled in the same transaction, so a rerun (or a failure)
    // leaves no mix of old and new rows. Readers see the old rows until commit. The rejects are those of the
    // files loaded now.
    await client.query(`truncate ${OLIST_TABLES.map((t) => qualified(schema, t.name)).join(", ")}`);
    await client.query(`delete from ${qualified(schema, REJECTS_TABLE)}`);
    for (const plan of plans) files.push(await importFile(client, schema, plan));
    result = summary(url, schema, files, started);
    const problems = refusals(result, maxRejectRate);
    if (problems.length > 0) throw new ImportRefusedError(problems, result);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw scrubbed(error, url);
  } finally {
    await client.end().catch(() => undefined);
  }
  log.info(
    `${formatCount(result.rowsIn)} rows in = ${formatCount(result.loaded)} loaded + ${formatCount(result.rejected)} ` +
      `rejected, into ${result.target} schema ${schema} in ${result.seconds.toFixed(1)} s`,
  );
  return result;
}

function summary(url: string, schema: string, files: FileCount[], started: number): ImportResult {
  const sum = (key: "rowsIn" | "loaded" | "rejected") => files.reduce((s, f) => s + f[key], 0);
  return {
    target: printableUrl(url),
    schema,
    files,
    rowsIn: sum("rowsIn"),
    loaded: sum("loaded"),
    rejected: sum("rejected"),
    seconds: (performance.now() - started) / 1000,
  };
}

/** Why the import must not be published: a required table empty, or a file rejecting more than the share allowed. */
function refusals(result: ImportResult, maxRejectRate: number): string[] {
  const problems: string[] = [];
  for (const f of result.files) {
    const table = OLIST_TABLES.find((t) => t.name === f.table)!;
    const top = Object.entries(f.reasons)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([reason, n]) => `${formatCount(n)} × ${reason}`)
      .join("; ");
    if (table.required && f.loaded === 0 && !(f.rowsIn === 0 && table.mayBeEmpty)) {
      problems.push(`${f.file}: no row loaded (${formatCount(f.rowsIn)} read${top ? `: ${top}` : ""}); ${table.name} is required`);
    } else if (f.rowsIn > 0 && f.rejected / f.rowsIn > maxRejectRate) {
      problems.push(
        `${f.file}: ${formatCount(f.rejected)} of ${formatCount(f.rowsIn)} rows rejected (${((100 * f.rejected) / f.rowsIn).toFixed(1)} %, ` +
          `more than --max-reject-rate ${maxRejectRate}): ${top}`,
      );
    }
  }
  return problems;
}

async function assertCompatibleTables(client: pg.Client, schema: string, url: string): Promise<void> {
  const { rows } = await client.query(`select table_name, column_name, data_type from information_schema.columns where table_schema = $1`, [schema]);
  const { problems } = compareWithOlist(schema, rows);
  if (problems.length > 0) throw new SourceSchemaError(problems, `${printableUrl(url)} (existing tables)`);
}

const STAGE = "olist_import_stage";
const DUPLICATES = "olist_import_duplicates";

/** A reason with its quoted values elided, to count rejects by kind. */
function reasonKind(reason: string): string {
  return reason.replace(/"(?:[^"]|"")*"/g, "…").replace(/first on line \d+/, "first on an earlier line");
}

async function importFile(client: pg.Client, schema: string, plan: FilePlan): Promise<FileCount> {
  const { table } = plan;
  const fileName = path.basename(plan.path);
  const keyed = table.primaryKey.length > 0;
  const cols = table.columns.map((_, i) => `c${i} text`).join(", ");
  await client.query(`drop table if exists pg_temp.${STAGE}`);
  await client.query(`create temp table ${STAGE} (line bigint, reason text, raw text, ${cols}) on commit drop`);

  const progress = new Progress(log, fileName);
  let rowsIn = 0;
  let blank = 0;
  let reported = 0;
  const reasons: Record<string, number> = {};
  const normalised = new Map<string, number>();
  async function* stageLines(): AsyncGenerator<string> {
    let header = true;
    for await (const records of readCsvRecords(plan.path, { encoding: plan.encoding })) {
      let text = "";
      for (const record of records) {
        if (header) {
          if (record.error === undefined && isBlankRow(record.fields) && record.fields.length <= 1) continue;
          header = false; // checked by checkOlistFiles
          continue;
        }
        if (record.error === undefined && isBlankRow(record.fields)) {
          blank++;
          continue;
        }
        rowsIn++;
        if (record.error === undefined) normaliseRecord(table, record.fields, plan.dateOrder, normalised);
        const reason = record.error ?? checkFields(table, record.fields);
        if (reason !== undefined) {
          const kind = reasonKind(reason);
          reasons[kind] = (reasons[kind] ?? 0) + 1;
          text += `${record.line}\t${copyText(reason)}\t${copyText(record.raw)}${"\t\\N".repeat(table.columns.length)}\n`;
        } else {
          const raw = keyed ? copyText(record.raw) : "\\N";
          text += `${record.line}\t\\N\t${raw}\t${record.fields.map(copyText).join("\t")}\n`;
        }
      }
      progress.add(rowsIn - reported);
      reported = rowsIn;
      if (text) yield text;
    }
  }
  await pipeline(Readable.from(stageLines()), client.query(copyFrom(`copy pg_temp.${STAGE} from stdin`)));

  const target = qualified(schema, table.name);
  const columnList = table.columns.map((c) => ident(c.name)).join(", ");
  const casts = table.columns.map((c, i) => castFromText(`c${i}`, c)).join(", ");
  // Later copies of a key (a hash aggregate finds the few there are) are rejected, so no conflict can arise.
  await client.query(`drop table if exists pg_temp.${DUPLICATES}`);
  await client.query(`create temp table ${DUPLICATES} (line bigint primary key, first_line bigint) on commit drop`);
  if (keyed) {
    const keyCols = table.primaryKey.map((k) => `c${table.columns.findIndex((c) => c.name === k)}`);
    await client.query(`insert into pg_temp.${DUPLICATES}
      select s.line, d.first_line
        from pg_temp.${STAGE} s
        join (select ${keyCols.join(", ")}, min(line) as first_line from pg_temp.${STAGE}
               where reason is null group by ${keyCols.join(", ")} having count(*) > 1) d
          using (${keyCols.join(", ")})
       where s.reason is null and s.line <> d.first_line`);
  }
  const loaded = await withIndexesRebuilt(client, target, () =>
    client.query(`insert into ${target} (${columnList})
      select ${casts} from pg_temp.${STAGE} s
       where s.reason is null and not exists (select 1 from pg_temp.${DUPLICATES} d where d.line = s.line)`),
  );
  const duplicate = `duplicate primary key (${table.primaryKey.join(", ")})`;
  const rejected = await client.query(
    `insert into ${qualified(schema, REJECTS_TABLE)} (file, table_name, line, reason, raw_record)
     select $1, $2, line, reason, raw from pg_temp.${STAGE} where reason is not null
     union all
     select $1, $2, s.line, '${duplicate}, first on line ' || d.first_line, s.raw
       from pg_temp.${STAGE} s join pg_temp.${DUPLICATES} d using (line)`,
    [fileName, table.name],
  );
  const [{ n: duplicates }] = (await client.query<{ n: number }>(`select count(*)::int as n from pg_temp.${DUPLICATES}`)).rows;
  if (duplicates > 0) reasons[`${duplicate}, first on an earlier line`] = duplicates;
  const notes = [...plan.notes, ...[...normalised].map(([what, n]) => `${formatCount(n)} × ${what}`)];
  if (blank > 0) notes.push(`${formatCount(blank)} blank rows (only commas or spaces) skipped`);
  const count: FileCount = {
    file: fileName,
    table: table.name,
    rowsIn,
    loaded: loaded.rowCount ?? 0,
    rejected: rejected.rowCount ?? 0,
    blank,
    reasons,
    notes,
  };
  if (count.loaded + count.rejected !== rowsIn) {
    throw new Error(`${fileName}: ${rowsIn} rows read but ${count.loaded} loaded + ${count.rejected} rejected; nothing was committed`);
  }
  progress.done(rowsIn, `: ${formatCount(count.loaded)} loaded, ${formatCount(count.rejected)} rejected`);
  return count;
}

function castFromText(column: string, c: OlistColumn): string {
  switch (c.type) {
    case "text":
      return column;
    case "integer":
      return `${column}::numeric::integer`;
    case "money":
      return `${column}::numeric(12,2)`;
    case "double":
      return `${column}::double precision`;
    case "timestamp":
      return `${column}::timestamp`;
  }
}

/**
 * A value in COPY's text format: backslash escapes, \N for null. PostgreSQL's text cannot hold NUL: in a raw
 * record or a reason (a NUL value itself is rejected by checkFields) it is shown as ␀ (U+2400).
 */
function copyText(value: string | null): string {
  if (value === null) return "\\N";
  if (value.includes("\u0000")) value = value.replaceAll("\u0000", "\u2400");
  return /[\\\t\n\r]/.test(value) ? value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : value;
}
