// The model runner: renders every model, orders them by ref(), materialises each as a view, table or
// incremental table, and records what it did in meta.model_runs. A failed model skips what depends on it only.
import { logger } from "../log.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { select, topologicalOrder } from "./dag.ts";
import type { Project } from "./project.ts";
import { Renderer, type RenderedModel } from "./render.ts";

const log = logger("models");

export interface ModelRunOptions {
  runId: string;
  /** dbt-style selector: name, +name, name+. */
  select?: string;
  /** Rebuild incremental models from scratch. */
  fullRefresh?: boolean;
}

export interface ModelResult {
  name: string;
  materialized: string;
  status: "success" | "error" | "skipped";
  rows: number | null;
  seconds: number;
  error?: string;
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

/** Renders the whole project once, in dependency order. */
export async function compileProject(
  warehouse: Warehouse,
  project: Project,
  fullRefresh = false,
): Promise<RenderedModel[]> {
  const renderer = new Renderer(project, warehouse);
  const existing = new Set<string>();
  for (const m of project.models) {
    if ((await warehouse.columns(m.schema, m.name)) !== undefined) existing.add(m.name);
  }
  const rendered = project.models.map((m) =>
    renderer.render(m, { incremental: (model) => !fullRefresh && existing.has(model.name) }),
  );
  const order = topologicalOrder(rendered.map((r) => ({ name: r.model.name, refs: r.refs })));
  return order.map((name) => rendered.find((r) => r.model.name === name)!);
}

/** The statements that materialise one rendered model. */
export function materialisation(warehouse: Warehouse, r: RenderedModel, incremental: boolean): string[] {
  const target = warehouse.relation(r.model.schema, r.model.name);
  switch (r.config.materialized) {
    case "view":
      return [`create or replace view ${target} as\n${r.sql}`];
    case "table":
      return [`create or replace table ${target} as\n${r.sql}`];
    case "incremental": {
      if (!incremental) return [`create or replace table ${target} as\n${r.sql}`];
      const key = r.config.uniqueKey;
      if (!key) throw new Error(`Incremental model ${r.model.name} needs config(unique_key=...)`);
      const batch = warehouse.relation("meta", `${r.model.name}__batch`);
      return [
        `create or replace table ${batch} as\n${r.sql}`,
        `delete from ${target} where ${key} in (select ${key} from ${batch})`,
        `insert into ${target} by name select * from ${batch}`,
        `drop table ${batch}`,
      ];
    }
    default:
      throw new Error(`Model ${r.model.name}: unsupported materialization ${r.config.materialized}`);
  }
}

export async function runModels(warehouse: Warehouse, project: Project, options: ModelRunOptions): Promise<ModelResult[]> {
  await warehouse.exec(MODEL_RUNS_DDL);
  const compiled = await compileProject(warehouse, project, options.fullRefresh);
  const chosen = select(
    compiled.map((r) => ({ name: r.model.name, refs: r.refs })),
    options.select,
  );
  const failed = new Set<string>();
  const results: ModelResult[] = [];
  for (const r of compiled) {
    if (!chosen.has(r.model.name)) continue;
    const name = r.model.name;
    const started = performance.now();
    const blockedBy = r.refs.find((ref) => failed.has(ref));
    let result: ModelResult;
    if (blockedBy) {
      failed.add(name);
      result = { name, materialized: r.config.materialized, status: "skipped", rows: null, seconds: 0, error: `upstream ${blockedBy} failed` };
    } else {
      try {
        const exists = (await warehouse.columns(r.model.schema, name)) !== undefined;
        for (const statement of materialisation(warehouse, r, exists && !options.fullRefresh)) {
          await warehouse.exec(statement);
        }
        const rows =
          r.config.materialized === "view"
            ? null
            : Number((await warehouse.query<{ n: number }>(`select count(*) as n from ${warehouse.relation(r.model.schema, name)}`))[0].n);
        result = { name, materialized: r.config.materialized, status: "success", rows, seconds: (performance.now() - started) / 1000 };
      } catch (error) {
        failed.add(name);
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
    results.push(result);
    const rowsText = result.rows === null ? "" : `, ${result.rows.toLocaleString("en-US")} rows`;
    if (result.status === "success") log.info(`${name} (${result.materialized}${rowsText}) in ${result.seconds.toFixed(2)} s`);
    else log.error(`${name} ${result.status}: ${result.error}`);
  }
  const values = results
    .map(
      (r) =>
        `('${options.runId}', '${r.name}', '${r.materialized}', '${r.status}', ${r.rows ?? "null"}, ${r.seconds}, ${
          r.error ? `'${r.error.replace(/'/g, "''")}'` : "null"
        }, current_timestamp)`,
    )
    .join(",\n");
  if (values) await warehouse.exec(`insert into meta.model_runs values\n${values}`);
  return results;
}
