// Staging on BigQuery: a run builds into its own datasets (<prefix>_next_raw, …_next_marts, …), started as copies
// of the published ones, and they replace the published tables only when the whole run succeeded (the DuckDB
// engine renames a file instead). BigQuery cannot rename datasets, so publishing copies every table over its
// published name (copy jobs are free and each is atomic) and re-creates the views; a failing run never gets
// there, and the published marts stay as they were.
import type { BigQuery, Table } from "@google-cloud/bigquery";
import { logger } from "../log.ts";
import { BigQueryWarehouse, type BigQueryOptions } from "./bigquery.ts";
import { datasetOf } from "./bigqueryDialect.ts";
import { SCHEMAS, WarehouseError, type Schema, type StagedWarehouse } from "./warehouse.ts";

const log = logger("bigquery");

export const stagedPrefix = (prefix: string) => `${prefix}_next`;

interface Entry {
  table: Table;
  name: string;
  type: "TABLE" | "VIEW" | string;
}

async function entries(client: BigQuery, dataset: string): Promise<Entry[]> {
  const ds = client.dataset(dataset);
  const [exists] = await ds.exists();
  if (!exists) return [];
  const [tables] = await ds.getTables();
  return tables.map((t) => ({ table: t, name: t.id!, type: (t.metadata?.type as string) ?? "TABLE" }));
}

/** Runs `work` over `items`, a few at a time (copy jobs take a second or two each on BigQuery). */
async function each<T>(items: T[], work: (item: T) => Promise<void>, parallel = 8): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(parallel, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

/**
 * Copies every table of `from`'s datasets over `to`'s and re-creates the views; drops what `from` no longer has.
 * The meta dataset goes last: its step fingerprints say what the data is, so a publish that fails half-way
 * leaves the old fingerprints, and the next run rebuilds everything.
 */
async function mirror(client: BigQuery, options: BigQueryOptions, from: string, to: string): Promise<void> {
  const target = await BigQueryWarehouse.open({ ...options, prefix: to });
  const copyTables = async (schema: Schema) => {
    const source = await entries(client, datasetOf(from, schema));
    const present = await entries(client, datasetOf(to, schema));
    const kinds = new Map(source.map((e) => [e.name, e.type]));
    await each(
      present.filter((e) => kinds.get(e.name) !== e.type),
      async (e) => void (await e.table.delete()),
    );
    await each(
      source.filter((e) => e.type === "TABLE"),
      async (e) => {
        await e.table.copy(client.dataset(datasetOf(to, schema)).table(e.name), { writeDisposition: "WRITE_TRUNCATE", createDisposition: "CREATE_IF_NEEDED" });
      },
    );
    return source.filter((e) => e.type === "VIEW");
  };
  const views: { schema: string; name: string; query: string }[] = [];
  for (const schema of SCHEMAS.filter((s) => s !== "meta")) {
    for (const view of await copyTables(schema)) {
      const [metadata] = await view.table.getMetadata();
      views.push({ schema, name: view.name, query: String(metadata.view?.query ?? "") });
    }
  }
  // A view names its datasets: point it at the destination's.
  const renamed = (sql: string) => sql.replace(new RegExp(`\`${from}_(${SCHEMAS.join("|")})\``, "g"), (_, schema: string) => `\`${datasetOf(to, schema)}\``);
  // Views read views: create them in rounds, each round those whose inputs exist by now.
  let pending = views;
  while (pending.length > 0) {
    const failed: { view: (typeof views)[number]; error: unknown }[] = [];
    for (const view of pending) {
      await target.execNative(`create or replace view \`${datasetOf(to, view.schema)}\`.\`${view.name}\` as\n${renamed(view.query)}`).catch((error: unknown) => failed.push({ view, error }));
    }
    if (failed.length === pending.length) throw failed[0].error;
    pending = failed.map((f) => f.view);
  }
  await copyTables("meta");
  await target.close();
}

async function dropDatasets(client: BigQuery, prefix: string): Promise<void> {
  await Promise.all(
    SCHEMAS.map(async (schema) => {
      const dataset = client.dataset(datasetOf(prefix, schema));
      const [exists] = await dataset.exists();
      if (exists) await dataset.delete({ force: true });
    }),
  );
}

export async function stageBigQuery(client: BigQuery, options: BigQueryOptions): Promise<StagedWarehouse> {
  const live = options.prefix;
  const next = stagedPrefix(live);
  await dropDatasets(client, next);
  await mirror(client, options, live, next);
  return {
    location: next,
    open: () => BigQueryWarehouse.open({ ...options, prefix: next }),
    childEnv: () => ({ WAREHOUSE_ENGINE: "bigquery", BIGQUERY_DATASET_PREFIX: next }),
    async publish() {
      const started = performance.now();
      try {
        await mirror(client, options, next, live);
      } catch (error) {
        throw new WarehouseError(`BigQuery: publishing ${next}_* over ${live}_* failed: ${(error as Error).message}`, { cause: error });
      }
      await dropDatasets(client, next);
      log.info(`published ${next}_* over ${live}_* in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    },
    // Datasets cannot be renamed aside: a retry starts again from the published datasets.
    async keep() {
      await dropDatasets(client, next);
      return null;
    },
    discard: () => dropDatasets(client, next),
  };
}

/**
 * Which published warehouse a run started from (retry compares it): its tables with their row counts and the
 * step fingerprints a publish writes. (Not lastModifiedTime: the emulator reports the time of the request.)
 */
export async function bigQueryIdentity(client: BigQuery, options: BigQueryOptions): Promise<string | null> {
  const parts: string[] = [];
  for (const schema of SCHEMAS) {
    for (const e of await entries(client, datasetOf(options.prefix, schema))) {
      const [metadata] = await e.table.getMetadata();
      parts.push(`${schema}.${e.name}:${metadata.numRows ?? "view"}`);
    }
  }
  if (parts.length === 0) return null;
  if (parts.some((p) => p.startsWith("meta.step_state:"))) {
    const warehouse = await BigQueryWarehouse.open({ ...options, readOnly: true });
    const steps = await warehouse.query<{ step: string; fingerprint: string; run_id: string }>(
      "select step, fingerprint, run_id from meta.step_state order by step",
    );
    await warehouse.close();
    parts.push(...steps.map((s) => `${s.step}=${s.fingerprint}@${s.run_id}`));
  }
  return parts.sort().join(",");
}
