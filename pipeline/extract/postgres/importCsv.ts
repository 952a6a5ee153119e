// import-olist: loads the nine public Olist CSVs into PostgreSQL tables of the Olist schema. Files and headers
// are checked before anything is written; then, in one transaction, each file is parsed and validated as it
// streams, COPYed into a text staging table, and moved into its typed table — bad or duplicate rows go to
// olist_rejects with file, line and reason. The tables mirror the files, so a rerun gives the same state.
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { logger } from "../../log.ts";
import { OLIST_TABLES, type OlistColumn, type OlistTable } from "../olistSchema.ts";
import { connectSource, ident, printableUrl, qualified, resolveSourceUrl, scrubbed } from "./connect.ts";
import { readCsvHeader, readCsvRecords } from "./csv.ts";
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
}

export interface FileCount {
  file: string;
  table: string;
  /** Records in the file after the header. */
  rowsIn: number;
  loaded: number;
  rejected: number;
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

/**
 * Checks that every file exists with exactly the expected header, reporting all problems at once; returns the
 * tables to load. An optional table's file (geolocation) may be absent: that table is then left empty.
 */
export async function checkOlistFiles(dir: string): Promise<OlistTable[]> {
  const problems: string[] = [];
  const present: OlistTable[] = [];
  for (const table of OLIST_TABLES) {
    const file = path.join(dir, table.file);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      if (table.required) problems.push(`${table.file} is missing`);
      else log.warn(`${table.file} is absent (optional): ${table.name} will be empty`);
      continue;
    }
    const header = await readCsvHeader(file);
    const found = (header?.fields ?? []).map((f) => (f ?? "").trim());
    const expected = table.columns.map((c) => c.name);
    if (found.join(",") !== expected.join(",")) {
      problems.push(`${table.file} has header "${found.join(",")}", expected "${expected.join(",")}"`);
    }
    present.push(table);
  }
  if (problems.length > 0) throw new OlistFilesError(problems, dir);
  return present;
}

export async function importOlist(dir: string, options: ImportOptions = {}): Promise<ImportResult> {
  const url = resolveSourceUrl(options.to);
  const schema = options.schema ?? "public";
  const started = performance.now();
  const present = await checkOlistFiles(dir);

  const client = await connectSource(url, { applicationName: "olist-import" });
  const files: FileCount[] = [];
  try {
    // The staging tables hold a whole file: the default 8 MB of temp buffers would spill them to disk.
    // (temp_buffers can only be set before the session's first temporary table.)
    await client.query("set temp_buffers = '256MB'");
    await client.query("begin");
    await client.query("set local work_mem = '128MB'; set local maintenance_work_mem = '512MB'");
    for (const statement of sourceSchemaDdl(schema)) await client.query(statement);
    await assertCompatibleTables(client, schema, url);
    // The tables mirror the files: emptied and refilled in the same transaction, so a rerun (or a failure)
    // leaves no mix of old and new rows. Readers see the old rows until commit.
    await client.query(`truncate ${OLIST_TABLES.map((t) => qualified(schema, t.name)).join(", ")}`);
    await client.query(`delete from ${qualified(schema, REJECTS_TABLE)} where file = any($1::text[])`, [OLIST_TABLES.map((t) => t.file)]);
    for (const table of present) files.push(await importFile(client, schema, table, path.join(dir, table.file)));
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw scrubbed(error, url);
  } finally {
    await client.end().catch(() => undefined);
  }

  const sum = (key: "rowsIn" | "loaded" | "rejected") => files.reduce((s, f) => s + f[key], 0);
  const result: ImportResult = {
    target: printableUrl(url),
    schema,
    files,
    rowsIn: sum("rowsIn"),
    loaded: sum("loaded"),
    rejected: sum("rejected"),
    seconds: (performance.now() - started) / 1000,
  };
  log.info(
    `${formatCount(result.rowsIn)} rows in = ${formatCount(result.loaded)} loaded + ${formatCount(result.rejected)} ` +
      `rejected, into ${result.target} schema ${schema} in ${result.seconds.toFixed(1)} s`,
  );
  return result;
}

async function assertCompatibleTables(client: pg.Client, schema: string, url: string): Promise<void> {
  const { rows } = await client.query(`select table_name, column_name, data_type from information_schema.columns where table_schema = $1`, [schema]);
  const { problems } = compareWithOlist(schema, rows);
  if (problems.length > 0) throw new SourceSchemaError(problems, `${printableUrl(url)} (existing tables)`);
}

const STAGE = "olist_import_stage";
const DUPLICATES = "olist_import_duplicates";

async function importFile(client: pg.Client, schema: string, table: OlistTable, file: string): Promise<FileCount> {
  const keyed = table.primaryKey.length > 0;
  const cols = table.columns.map((_, i) => `c${i} text`).join(", ");
  await client.query(`drop table if exists pg_temp.${STAGE}`);
  await client.query(`create temp table ${STAGE} (line bigint, reason text, raw text, ${cols}) on commit drop`);

  const progress = new Progress(log, table.file);
  let rowsIn = 0;
  let reported = 0;
  async function* stageLines(): AsyncGenerator<string> {
    let header = true;
    for await (const records of readCsvRecords(file)) {
      let text = "";
      for (const record of records) {
        if (header) {
          header = false; // checked by checkOlistFiles
          continue;
        }
        rowsIn++;
        const reason = record.error ?? checkFields(table, record.fields);
        if (reason !== undefined) {
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
  const rejected = await client.query(
    `insert into ${qualified(schema, REJECTS_TABLE)} (file, line, reason, raw_record)
     select $1, line, reason, raw from pg_temp.${STAGE} where reason is not null
     union all
     select $1, s.line, 'duplicate primary key (${table.primaryKey.join(", ")}), first on line ' || d.first_line, s.raw
       from pg_temp.${STAGE} s join pg_temp.${DUPLICATES} d using (line)`,
    [table.file],
  );
  const count: FileCount = { file: table.file, table: table.name, rowsIn, loaded: loaded.rowCount ?? 0, rejected: rejected.rowCount ?? 0 };
  if (count.loaded + count.rejected !== rowsIn) {
    throw new Error(`${table.file}: ${rowsIn} rows read but ${count.loaded} loaded + ${count.rejected} rejected; nothing was committed`);
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

/** A value in COPY's text format: backslash escapes, \N for null. */
function copyText(value: string | null): string {
  if (value === null) return "\\N";
  return /[\\\t\n\r]/.test(value) ? value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : value;
}
