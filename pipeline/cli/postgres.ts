// The PostgreSQL source's commands: load the public Olist CSVs or the generated sample into PostgreSQL, extract
// from it outside a run, and inspect or reset the extraction state.
import { logger } from "../log.ts";
import { newRunId } from "../run/history.ts";
import { extractPostgres } from "../extract/postgres/extract.ts";
import { importOlist, type ImportResult } from "../extract/postgres/importCsv.ts";
import { formatExtractState, resetExtractState, showExtractState } from "../extract/postgres/incremental.ts";
import { seedPostgres } from "../extract/postgres/seed.ts";
import { openWarehouse } from "../warehouse/open.ts";
import { help, type Command } from "./command.ts";

const log = logger("postgres");

function printImport(result: ImportResult): void {
  for (const f of result.files) {
    process.stdout.write(
      `${f.table.padEnd(34)} ${String(f.rowsIn).padStart(10)} in  ${String(f.loaded).padStart(10)} loaded  ${String(f.rejected).padStart(6)} rejected\n`,
    );
  }
}

export const POSTGRES_COMMANDS: Command[] = [
  {
    name: "import-olist",
    usage: "import-olist <dir> [--to URL] [--schema S]",
    summary: "Load the nine public Olist CSVs into PostgreSQL (bad rows to olist_rejects; a rerun gives the same state)",
    options: { ...help, to: { type: "string" }, schema: { type: "string" } },
    async run({ values, positionals }) {
      if (!positionals[0]) throw new Error("import-olist needs the directory holding the Olist CSV files");
      printImport(await importOlist(positionals[0], { to: values.to as string | undefined, schema: values.schema as string | undefined }));
    },
  },
  {
    name: "seed-postgres",
    usage: "seed-postgres [--orders N] [--seed S] [--to URL]",
    summary: "Generate the embedded sample and load it into PostgreSQL, to try the PostgreSQL path without Kaggle",
    options: { ...help, orders: { type: "string" }, seed: { type: "string" }, to: { type: "string" } },
    async run({ values }) {
      const number = (v: unknown) => (v === undefined ? undefined : Number(v));
      printImport(await seedPostgres({ orders: number(values.orders), seed: number(values.seed), to: values.to as string | undefined }));
    },
  },
  {
    name: "extract",
    usage: "extract [--from URL] [--full-refresh]",
    summary: "Copy the Olist tables from PostgreSQL into raw.* of the warehouse (incremental after the first run)",
    options: { ...help, from: { type: "string" }, "full-refresh": { type: "boolean" } },
    async run({ config, values }) {
      const warehouse = await openWarehouse(config);
      try {
        const result = await extractPostgres({
          warehouse,
          from: (values.from as string | undefined) ?? config.sourceDatabaseUrl,
          fullRefresh: Boolean(values["full-refresh"]),
          runId: newRunId(),
          lookBackDays: config.extractLookBackDays,
        });
        log.info(`${result.mode} extraction of ${result.tables.length} tables in ${result.seconds.toFixed(2)} s`);
        for (const t of result.tables) process.stdout.write(`${t.table.padEnd(34)} ${t.mode.padEnd(10)} ${String(t.rowsCopied).padStart(10)} rows copied\n`);
      } finally {
        await warehouse.close();
      }
    },
  },
  {
    name: "state",
    usage: "state [--reset]",
    summary: "Show the extraction state per table; --reset makes the next extract a full refresh",
    options: { ...help, reset: { type: "boolean" } },
    async run({ config, values }) {
      const warehouse = await openWarehouse(config);
      try {
        if (values.reset) process.stdout.write(`reset ${await resetExtractState(warehouse)} table states\n`);
        else process.stdout.write(`${formatExtractState(await showExtractState(warehouse))}\n`);
      } finally {
        await warehouse.close();
      }
    },
  },
];
