// Renders model SQL with nunjucks: ref(), source(), var(), config(), this, is_incremental(), and engine-dispatched
// macros from models/macros (a `default__name` and optional `<engine>__name` per macro, like dbt's dispatch).
import { readFileSync } from "node:fs";
import nunjucks from "nunjucks";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { ProjectError, type Materialization, type ModelFile, type Project } from "./project.ts";

export interface ModelConfig {
  materialized: Materialization;
  uniqueKey?: string;
  /** Incremental only: the relation holding every live key; target rows whose key left it are deleted. */
  deleteMissingFrom?: string;
  /** BigQuery: partition the table by this date column's month (dbt's partition_by); DuckDB ignores it. */
  partitionBy?: { field: string; granularity: "day" | "month" | "year" };
  /** BigQuery: cluster the table by these columns (dbt's cluster_by); DuckDB ignores it. */
  clusterBy?: string[];
}

export interface RenderedModel {
  model: ModelFile;
  sql: string;
  refs: string[];
  sources: { source: string; name: string }[];
  config: ModelConfig;
}

export interface RenderOptions {
  /** True when incremental models should render their incremental branch. */
  incremental?: (model: ModelFile) => boolean;
  /** Replaces what ref('name') renders to (unit tests point refs at fixture tables); undefined keeps it. */
  resolveRef?: (name: string) => string | undefined;
  /** Replaces what source('source', 'name') renders to; undefined keeps it. */
  resolveSource?: (source: string, name: string) => string | undefined;
}

type Macro = (...args: unknown[]) => unknown;

/** Keyword arguments arrive from nunjucks as a trailing object marked __keywords. */
function keywords(args: unknown[]): Record<string, unknown> {
  const last = args[args.length - 1] as Record<string, unknown> | undefined;
  return last && typeof last === "object" && last.__keywords ? last : {};
}

function partitionOf(model: string, value: unknown): NonNullable<ModelConfig["partitionBy"]> {
  const { field, granularity = "day" } = (value ?? {}) as { field?: unknown; granularity?: unknown };
  if (typeof field !== "string" || !["day", "month", "year"].includes(String(granularity))) {
    throw new ProjectError(`${model}: partition_by must be {'field': '<date column>', 'granularity': 'day' | 'month' | 'year'}`);
  }
  return { field, granularity: granularity as "day" | "month" | "year" };
}

export class Renderer {
  private readonly env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });
  private readonly macros: Record<string, Macro> = {};

  constructor(
    private readonly project: Project,
    private readonly warehouse: Warehouse,
  ) {
    // Macros run in their own template context, so what they may call is registered as globals.
    this.env.addGlobal("var", (name: string, fallback?: unknown) => {
      if (name in project.vars) return project.vars[name];
      if (fallback !== undefined) return fallback;
      throw new ProjectError(`var ${name} is not defined in project.yml`);
    });
    this.env.addGlobal("target", { engine: warehouse.engine });
    const exported: Record<string, Macro> = {};
    for (const file of project.macroFiles) {
      // getExported is public nunjucks API but missing from its type definitions.
      const template = new nunjucks.Template(readFileSync(file, "utf8"), this.env, file) as nunjucks.Template & {
        getExported(cb: (error: Error | null, names: Record<string, Macro>) => void): void;
      };
      template.getExported((error: Error | null, names: Record<string, Macro>) => {
        if (error) throw new ProjectError(`Macro file ${file}: ${error.message}`);
        Object.assign(exported, names);
      });
    }
    const bases = new Set(Object.keys(exported).map((k) => k.replace(/^[a-z]+__/, "")));
    for (const base of bases) {
      const chosen = exported[`${warehouse.engine}__${base}`] ?? exported[`default__${base}`];
      if (!chosen) throw new ProjectError(`Macro ${base} has no default__${base}`);
      this.macros[base] = chosen;
      this.env.addGlobal(base, chosen);
    }
  }

  render(model: ModelFile, options: RenderOptions = {}): RenderedModel {
    const refs: string[] = [];
    const sources: { source: string; name: string }[] = [];
    const config: ModelConfig = { materialized: this.project.materialized[model.folder] ?? "view" };
    const { project, warehouse } = this;
    const context = {
      ...this.macros,
      target: { engine: warehouse.engine },
      this: warehouse.relation(model.schema, model.name),
      ref(name: string) {
        const target = project.models.find((m) => m.name === name);
        if (!target) throw new ProjectError(`${model.name} refers to unknown model ${name}`);
        if (!refs.includes(name)) refs.push(name);
        return options.resolveRef?.(name) ?? warehouse.relation(target.schema, target.name);
      },
      source(source: string, name: string) {
        const table = project.sources.find((s) => s.source === source && s.name === name);
        if (!table) throw new ProjectError(`${model.name} refers to unknown source ${source}.${name}`);
        if (!sources.some((s) => s.source === source && s.name === name)) sources.push({ source, name });
        return options.resolveSource?.(source, name) ?? warehouse.relation(table.schema, table.name);
      },
      var(name: string, fallback?: unknown) {
        if (name in project.vars) return project.vars[name];
        if (fallback !== undefined) return fallback;
        throw new ProjectError(`${model.name} uses var ${name}, which project.yml does not define`);
      },
      config(...args: unknown[]) {
        const kw = keywords(args);
        if (kw.materialized) config.materialized = kw.materialized as Materialization;
        if (kw.unique_key) config.uniqueKey = String(kw.unique_key);
        if (kw.delete_missing_from) config.deleteMissingFrom = String(kw.delete_missing_from);
        if (kw.partition_by) config.partitionBy = partitionOf(model.name, kw.partition_by);
        if (kw.cluster_by) config.clusterBy = ([] as unknown[]).concat(kw.cluster_by).map(String);
        return "";
      },
      is_incremental() {
        return config.materialized === "incremental" && (options.incremental?.(model) ?? false);
      },
    };
    let sql: string;
    try {
      sql = this.env.renderString(model.sql, context);
    } catch (error) {
      throw new ProjectError(`Cannot render ${model.sqlPath}: ${(error as Error).message}`, { cause: error });
    }
    return { model, sql: sql.trim().replace(/;\s*$/, ""), refs, sources, config };
  }

  /** Renders a SQL string (a test query) with the same context as models. */
  renderSql(sql: string, name = "inline", options: RenderOptions = {}): string {
    return this.renderSqlWithInputs(sql, name, options).sql;
  }

  /** renderSql, with the models and sources its ref() and source() calls named. */
  renderSqlWithInputs(sql: string, name = "inline", options: RenderOptions = {}): Pick<RenderedModel, "sql" | "refs" | "sources"> {
    const pseudo: ModelFile = {
      name,
      folder: "marts",
      schema: "marts",
      sqlPath: name,
      sql,
      description: "",
      columns: [],
      tests: [],
      unitTests: [],
    };
    const { sql: rendered, refs, sources } = this.render(pseudo, options);
    return { sql: rendered, refs, sources };
  }
}
