// The model runner: renders every model, orders them by ref(), materialises each as a view, table or
// incremental table, and records what it did in meta.model_runs. A failed model skips what depends on it only.
import { hashOf } from "../fingerprint.ts";
import { logger } from "../log.ts";
import { SCHEMAS, sqlString, type Warehouse } from "../warehouse/warehouse.ts";
import { select, topologicalOrder } from "./dag.ts";
import type { Project } from "./project.ts";
import { Renderer, type RenderedModel } from "./render.ts";
import { defaultConcurrency, withSessions } from "./sessions.ts";
import { States, type StatefulModel } from "./state.ts";

const log = logger("models");

export interface ModelRunOptions {
  runId: string;
  /** dbt-style selector: name, +name, name+. */
  select?: string;
  /** Rebuild incremental models from scratch. */
  fullRefresh?: boolean;
  /** Sessions models are built on side by side; default as sessions.ts decides (DuckDB two or one, BigQuery eight). */
  concurrency?: number;
}

export interface ModelResult {
  name: string;
  materialized: string;
  status: "success" | "error" | "skipped";
  rows: number | null;
  seconds: number;
  error?: string;
  /** Incremental models: how this run built them. */
  strategy?: "full" | "merge";
  /** Bytes its jobs processed (BigQuery bills these); absent on an engine that bills nothing. */
  bytes?: number;
  /** Not rebuilt: the table was built from the same SQL and the same inputs as now (see state.ts). */
  upToDate?: boolean;
}

export const MODEL_RUNS_DDL = `create table if not exists meta.model_runs (
  run_id varchar,
  model varchar,
  materialized varchar,
  status varchar,
  rows bigint,
  seconds double,
  error varchar,
  finished_at timestamp default current_timestamp
)`;

/** The logic an incremental table was last built with: when it changes, merging would mix old and new rows. */
export const INCREMENTAL_STATE_DDL = `create table if not exists meta.incremental_state (
  model varchar,
  logic_hash varchar,
  run_id varchar
)`;

/**
 * Renders the whole project once, in dependency order. An incremental model whose table exists renders its
 * incremental branch (unless fullRefresh); only those few ask the warehouse whether their table exists.
 */
export async function compileProject(warehouse: Warehouse, project: Project, fullRefresh = false): Promise<RenderedModel[]> {
  const renderer = new Renderer(project, warehouse);
  const rendered: RenderedModel[] = [];
  for (const m of project.models) {
    const full = renderer.render(m, { incremental: () => false });
    const merge = full.config.materialized === "incremental" && !fullRefresh && (await warehouse.columns(m.schema, m.name)) !== undefined;
    rendered.push(merge ? renderer.render(m, { incremental: () => true }) : full);
  }
  const order = topologicalOrder(rendered.map((r) => ({ name: r.model.name, refs: r.refs })));
  return order.map((name) => rendered.find((r) => r.model.name === name)!);
}

const batchOf = (warehouse: Warehouse, r: RenderedModel) => warehouse.relation("meta", `${r.model.name}__batch`);

/** The statements that materialise one rendered model (for a merge, the batch holds the rows to merge). */
export function materialisation(warehouse: Warehouse, r: RenderedModel, incremental: boolean, columns: string[] = []): string[] {
  const target = warehouse.relation(r.model.schema, r.model.name);
  switch (r.config.materialized) {
    case "view":
      return [`create or replace view ${target} as\n${r.sql}`];
    case "table":
      return [`create or replace table ${target}${tableOptions(warehouse, r)} as\n${r.sql}`];
    case "incremental": {
      if (!incremental) return [`create or replace table ${target}${tableOptions(warehouse, r)} as\n${r.sql}`];
      return mergeStatements(warehouse, r, columns);
    }
    default:
      throw new Error(`Model ${r.model.name}: unsupported materialization ${r.config.materialized}`);
  }
}

/**
 * BigQuery's partitioning and clustering from the model's config (partition_by, cluster_by), so that a query
 * of a few months reads only their partitions. DuckDB has no such options: none are rendered for it.
 */
export function tableOptions(warehouse: Warehouse, r: RenderedModel): string {
  if (warehouse.engine !== "bigquery") return "";
  const { partitionBy, clusterBy } = r.config;
  const parts = [
    ...(partitionBy ? [`partition by date_trunc(${partitionBy.field}, ${partitionBy.granularity})`] : []),
    ...(clusterBy?.length ? [`cluster by ${clusterBy.join(", ")}`] : []),
  ];
  return parts.length ? `\n${parts.join("\n")}` : "";
}

/**
 * Merges the batch into the table on the unique key: keys gone from `delete_missing_from` go, the batch's rows
 * replace or join the table's. BigQuery runs one MERGE (one job, one scan of the target); DuckDB a delete and an
 * insert with a column list.
 */
export function mergeStatements(warehouse: Warehouse, r: RenderedModel, columns: string[]): string[] {
  const target = warehouse.relation(r.model.schema, r.model.name);
  const key = r.config.uniqueKey;
  if (!key) throw new Error(`Incremental model ${r.model.name} needs config(unique_key=...)`);
  if (columns.length === 0) throw new Error(`Incremental model ${r.model.name}: merge needs the batch's columns`);
  const batch = batchOf(warehouse, r);
  const list = columns.join(", ");
  const live = r.config.deleteMissingFrom;
  const deleteMissing = live ? [`delete from ${target} where ${key} not in (select ${key} from ${live} where ${key} is not null)`] : [];
  if (warehouse.engine === "bigquery") {
    const set = columns.filter((c) => c !== key).map((c) => `${c} = batch.${c}`);
    return [
      ...deleteMissing,
      [
        `merge into ${target} as target`,
        `using ${batch} as batch`,
        `on target.${key} = batch.${key}`,
        ...(set.length ? [`when matched then update set ${set.join(", ")}`] : []),
        `when not matched then insert (${list}) values (${columns.map((c) => `batch.${c}`).join(", ")})`,
      ].join("\n"),
      `drop table ${batch}`,
    ];
  }
  return [
    `delete from ${target} where ${key} in (select ${key} from ${batch})`,
    ...deleteMissing,
    `insert into ${target} (${list}) select ${list} from ${batch}`,
    `drop table ${batch}`,
  ];
}

/**
 * The SQL without where this copy of the warehouse lives: BigQuery's relations name their datasets, and a run
 * builds in `<prefix>_next_*`, so the logic hash must not change with the prefix. (DuckDB's relations never name
 * the file; its SQL is hashed as it is.)
 */
export function locationFree(warehouse: Warehouse, sql: string): string {
  if (warehouse.engine === "duckdb") return sql;
  return SCHEMAS.reduce((text, schema) => text.split(warehouse.relation(schema, "\u0000").split("\u0000")[0]).join(`${schema}.`), sql);
}

/** Models as their states see them (state.ts): the statements of a full build, without the warehouse's location. */
export function statefulModels(warehouse: Warehouse, fullRenders: readonly RenderedModel[]): Map<string, StatefulModel> {
  return new Map(
    fullRenders.map((r) => [
      r.model.name,
      {
        sql: materialisation(warehouse, r, false)
          .map((statement) => locationFree(warehouse, statement))
          .join(";\n"),
        materialized: r.config.materialized,
        refs: r.refs,
        sources: r.sources,
      },
    ]),
  );
}

/** Hash of a model's full-refresh SQL and that of everything upstream of it. */
function logicHash(name: string, fullSql: Map<string, string>, refs: Map<string, string[]>): string {
  const upstream = select(
    [...refs].map(([n, r]) => ({ name: n, refs: r })),
    `+${name}`,
  );
  return hashOf(...[...upstream].sort().map((n) => `${n}\n${fullSql.get(n)}`));
}

type Built = Pick<ModelResult, "rows" | "strategy">;

async function countRows(warehouse: Warehouse, r: RenderedModel): Promise<number | null> {
  if (r.config.materialized === "view") return null;
  const rel = warehouse.relation(r.model.schema, r.model.name);
  return Number((await warehouse.query<{ n: number }>(`select count(*) as n from ${rel}`))[0].n);
}

/** Builds an incremental model: a merge when its table exists with the same columns and logic, else in full. */
async function buildIncremental(warehouse: Warehouse, r: RenderedModel, full: RenderedModel, logic: string, options: ModelRunOptions): Promise<Built> {
  const exists = (await warehouse.columns(r.model.schema, r.model.name)) !== undefined;
  const [previous] = exists
    ? await warehouse.query<{ logic_hash: string }>(`select logic_hash from meta.incremental_state where model = ${sqlString(r.model.name)}`)
    : [];
  let strategy: "full" | "merge" = "full";
  if (exists && !options.fullRefresh && previous?.logic_hash === logic) {
    const batch = batchOf(warehouse, r);
    await warehouse.exec(`create or replace table ${batch} as\n${r.sql}`);
    const shape = (cols: { name: string; type: string }[] | undefined) => JSON.stringify(cols ?? []);
    const batchColumns = await warehouse.columns("meta", `${r.model.name}__batch`);
    if (shape(batchColumns) === shape(await warehouse.columns(r.model.schema, r.model.name))) {
      for (const statement of mergeStatements(
        warehouse,
        r,
        batchColumns!.map((c) => c.name),
      ))
        await warehouse.exec(statement);
      strategy = "merge";
    } else {
      log.info(`${r.model.name}: columns changed since the last build; rebuilding it in full`);
      await warehouse.exec(`drop table ${batch}`);
    }
  } else if (exists && !options.fullRefresh) {
    log.info(`${r.model.name}: its logic or an upstream model changed since the last build; rebuilding it in full`);
  }
  if (strategy === "full") {
    for (const statement of materialisation(warehouse, full, false)) await warehouse.exec(statement);
  }
  await warehouse.exec(`delete from meta.incremental_state where model = ${sqlString(r.model.name)}`);
  await warehouse.exec(`insert into meta.incremental_state values (${sqlString(r.model.name)}, ${sqlString(logic)}, ${sqlString(options.runId)})`);
  return { rows: await countRows(warehouse, r), strategy };
}

/** 1536 → "1.5 KiB": bytes as BigQuery's console shows them. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

const isView = (materialized: string) => materialized === "view";

/**
 * How each model was last built, from meta.model_runs: a model whose materialisation changed between a view and a
 * table must drop the old relation first (engines refuse to replace a view with a table), and this needs no
 * engine-specific catalog query.
 */
async function lastMaterialized(warehouse: Warehouse): Promise<Map<string, string>> {
  const rows = await warehouse.query<{ model: string; materialized: string }>(
    `select model, materialized from meta.model_runs where status = 'success' order by finished_at`,
  );
  return new Map(rows.map((r) => [r.model, r.materialized]));
}

async function dropIfKindChanged(warehouse: Warehouse, r: RenderedModel, previous: string | undefined): Promise<void> {
  if (previous === undefined || isView(previous) === isView(r.config.materialized)) return;
  const target = warehouse.relation(r.model.schema, r.model.name);
  log.info(`${r.model.name}: was a ${isView(previous) ? "view" : "table"}, becomes a ${r.config.materialized}`);
  await warehouse.exec(`drop ${isView(previous) ? "view" : "table"} if exists ${target}`);
}

interface BuildContext {
  states: States;
  previous: Map<string, string>;
  fullRender: Map<string, RenderedModel>;
  fullSql: Map<string, string>;
  refs: Map<string, string[]>;
  failed: Set<string>;
  options: ModelRunOptions;
}

/** Builds one model on one session (skipped when something it refs failed) and times it. */
async function buildOne(warehouse: Warehouse, r: RenderedModel, context: BuildContext): Promise<ModelResult> {
  const name = r.model.name;
  const started = performance.now();
  const bytesBefore = warehouse.bytesProcessed();
  const blockedBy = r.refs.find((ref) => context.failed.has(ref));
  let result: ModelResult;
  if (blockedBy) {
    result = { name, materialized: r.config.materialized, status: "skipped", rows: null, seconds: 0, error: `upstream ${blockedBy} failed` };
    context.states.built(name, null, null);
  } else {
    let state: string | null = null;
    try {
      state = await context.states.expected(name);
      const current = context.options.fullRefresh ? undefined : context.states.upToDate(name, state);
      if (current && (await warehouse.columns(r.model.schema, r.model.name)) !== undefined) {
        const seconds = (performance.now() - started) / 1000;
        return { name, materialized: r.config.materialized, status: "success", rows: current.rows, seconds, upToDate: true };
      }
      await dropIfKindChanged(warehouse, r, context.previous.get(name));
      let built: Built;
      if (r.config.materialized === "incremental") {
        built = await buildIncremental(warehouse, r, context.fullRender.get(name)!, logicHash(name, context.fullSql, context.refs), context.options);
      } else {
        for (const statement of materialisation(warehouse, r, false)) await warehouse.exec(statement);
        built = { rows: await countRows(warehouse, r) };
      }
      result = { name, materialized: r.config.materialized, status: "success", ...built, seconds: (performance.now() - started) / 1000 };
      context.states.built(name, state, built.rows);
    } catch (error) {
      context.states.built(name, null, null);
      result = {
        name,
        materialized: r.config.materialized,
        status: "error",
        rows: null,
        seconds: (performance.now() - started) / 1000,
        error: `${r.model.sqlPath}: ${(error as Error).message}`,
      };
    }
  }
  const bytesAfter = warehouse.bytesProcessed();
  if (bytesBefore !== null && bytesAfter !== null) result.bytes = bytesAfter - bytesBefore;
  return result;
}

function logResult(result: ModelResult): void {
  const rowsText = result.rows === null ? "" : `, ${result.rows.toLocaleString("en-US")} rows`;
  const how = result.strategy ? ` ${result.strategy}` : "";
  const bytesText = result.bytes === undefined ? "" : `, ${formatBytes(result.bytes)} processed`;
  if (result.upToDate) log.info(`${result.name} (${result.materialized}${rowsText}) up to date: same SQL, same inputs as when it was built`);
  else if (result.status === "success") log.info(`${result.name} (${result.materialized}${how}${rowsText}${bytesText}) in ${result.seconds.toFixed(2)} s`);
  else log.error(`${result.name} ${result.status}: ${result.error}`);
}

export async function runModels(warehouse: Warehouse, project: Project, options: ModelRunOptions): Promise<ModelResult[]> {
  await warehouse.exec(`${MODEL_RUNS_DDL};\n${INCREMENTAL_STATE_DDL}`);
  const previous = await lastMaterialized(warehouse);
  const compiled = await compileProject(warehouse, project, options.fullRefresh);
  // Only incremental models render differently in full; the others' compiled SQL is their full SQL.
  const renderer = new Renderer(project, warehouse);
  const fullRender = new Map(
    compiled.map((r) => [r.model.name, r.config.materialized === "incremental" ? renderer.render(r.model, { incremental: () => false }) : r]),
  );
  const fullSql = new Map([...fullRender].map(([n, r]) => [n, locationFree(warehouse, r.sql)]));
  const refs = new Map(compiled.map((r) => [r.model.name, r.refs]));
  const states = await States.load(warehouse, project, statefulModels(warehouse, [...fullRender.values()]), options.runId);
  const chosen = select(
    compiled.map((r) => ({ name: r.model.name, refs: r.refs })),
    options.select,
  );
  // Models run side by side on a few sessions, each as soon as everything it refs has been built; a failed
  // model skips what depends on it only. Results keep the compiled (dependency) order.
  const todo = compiled.filter((r) => chosen.has(r.model.name));
  const pending = new Set(todo.map((r) => r.model.name));
  const failed = new Set<string>();
  const byName = new Map<string, ModelResult>();
  const running = new Set<string>();
  let wake: (() => void)[] = [];
  const next = (): RenderedModel | undefined => todo.find((r) => pending.has(r.model.name) && !r.refs.some((ref) => pending.has(ref) || running.has(ref)));
  const concurrency = Math.min(options.concurrency ?? (await defaultConcurrency(warehouse)), Math.max(1, todo.length));
  await withSessions(
    warehouse,
    concurrency,
    (sessions) =>
      Promise.all(
        sessions.map(async (session) => {
          while (pending.size > 0) {
            const r = next();
            if (!r) {
              // Everything left waits on a model another session is building.
              await new Promise<void>((resolve) => wake.push(resolve));
              continue;
            }
            pending.delete(r.model.name);
            running.add(r.model.name);
            try {
              const result = await buildOne(session, r, { states, previous, fullRender, fullSql, refs, failed, options });
              byName.set(r.model.name, result);
              if (result.status !== "success") failed.add(r.model.name);
              logResult(result);
            } finally {
              running.delete(r.model.name);
              const waiting = wake;
              wake = [];
              waiting.forEach((resolve) => resolve());
            }
          }
        }),
      ),
    { separate: true },
  );
  const results = todo.map((r) => byName.get(r.model.name)!);
  await states.save(
    options.runId,
    results.map((r) => r.name),
  );
  const values = results
    .filter((r) => !r.upToDate)
    .map(
      (r) =>
        `(${sqlString(options.runId)}, ${sqlString(r.name)}, ${sqlString(r.materialized)}, ${sqlString(r.status)}, ${r.rows ?? "null"}, ${r.seconds}, ${
          r.error ? sqlString(r.error) : "null"
        }, current_timestamp)`,
    )
    .join(",\n");
  if (values) await warehouse.exec(`insert into meta.model_runs values\n${values}`);
  return results;
}
