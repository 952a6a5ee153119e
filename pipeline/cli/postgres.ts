// The PostgreSQL source's commands: load the public Olist CSVs or the generated sample into PostgreSQL, extract
// from it outside a run, and inspect or reset the extraction state.
import { logger } from "../log.ts";
import { newRunId } from "../run/history.ts";
import { extractPostgres } from "../extract/postgres/extract.ts";
import { ImportRefusedError, importOlist, type ImportResult } from "../extract/postgres/importCsv.ts";
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
    for (const [reason, n] of Object.entries(f.reasons)) process.stdout.write(`    rejected ${n} × ${reason}\n`);
    for (const note of f.notes) process.stdout.write(`    note: ${note}\n`);
  }
}

const DATE_ORDERS = ["mdy", "dmy"] as const;

export const POSTGRES_COMMANDS: Command[] = [
  {
    name: "import-olist",
    usage: "import-olist <dir> [--to URL] [--schema S] [--encoding utf8|latin1] [--date-order mdy|dmy] [--max-reject-rate 0.05]",
    summary: "Load the nine public Olist CSVs into PostgreSQL (bad rows to olist_rejects; a rerun gives the same state)",
    options: {
      ...help,
      to: { type: "string" },
      schema: { type: "string" },
      encoding: { type: "string" },
      "date-order": { type: "string" },
      "max-reject-rate": { type: "string" },
    },
    async run({ values, positionals }) {
      if (!positionals[0]) throw new Error("import-olist needs the directory holding the Olist CSV files");
      const dateOrder = values["date-order"] as string | undefined;
      if (dateOrder !== undefined && !(DATE_ORDERS as readonly string[]).includes(dateOrder)) {
        throw new Error(`--date-order must be mdy (month first) or dmy (day first), got "${dateOrder}"`);
      }
      const rate = values["max-reject-rate"] as string | undefined;
      const maxRejectRate = rate === undefined ? undefined : Number(rate);
      if (maxRejectRate !== undefined && !(maxRejectRate >= 0 && maxRejectRate <= 1)) {
        throw new Error(`--max-reject-rate must be a share between 0 and 1 (0.05 is 5 %), got "${rate}"`);
      }
      try {
        printImport(
          await importOlist(positionals[0], {
            to: values.to as string | undefined,
            schema: values.schema as string | undefined,
            encoding: values.encoding as string | undefined,
            dateOrder: dateOrder as (typeof DATE_ORDERS)[number] | undefined,
            maxRejectRate,
          }),
        );
      } catch (error) {
        if (error instanceof ImportRefusedError) printImport(error.result);
        throw error;
      }
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
        for (const t of result.tables) {
          const rejected = t.rowsRejected ? `  ${t.rowsRejected} rejected by import-olist (raw.rejects)` : "";
          process.stdout.write(`${t.table.padEnd(34)} ${t.mode.padEnd(10)} ${String(t.rowsCopied).padStart(10)} rows copied${rejected}\n`);
        }
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
