// `run --dry-run`: what each model would process, by the engine's dry run (BigQuery's is free and runs nothing),
// from the published warehouse. Nothing is built or written.
import { describeError } from "../log.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import type { Project } from "./project.ts";
import { compileProject } from "./runner.ts";

export interface ModelEstimate {
  name: string;
  materialized: string;
  /** null: the engine has no estimate (DuckDB), or the model could not be estimated (see `problem`). */
  bytes: number | null;
  problem?: string;
}

export async function estimateModels(warehouse: Warehouse, project: Project): Promise<ModelEstimate[]> {
  const out: ModelEstimate[] = [];
  for (const r of await compileProject(warehouse, project)) {
    const estimate: ModelEstimate = { name: r.model.name, materialized: r.config.materialized, bytes: null };
    try {
      estimate.bytes = await warehouse.estimateBytes(r.sql);
    } catch (error) {
      // A model whose inputs were never built (a first run) cannot be estimated before they are.
      estimate.problem = describeError(error).split("\n")[0];
    }
    out.push(estimate);
  }
  return out;
}
