// What a run records inside the warehouse it publishes: each step's fingerprint (meta.step_state, which decides
// what the next run may skip) and the successful data runs (meta.runs, which the pages show). Plain SQL that
// every engine runs: a delete and an insert rather than DuckDB's `insert or replace`, keys kept by those (BigQuery
// enforces no primary key), and times computed here rather than by interval arithmetic each engine spells apart.
import { sqlString, type Warehouse } from "../warehouse/warehouse.ts";

export const STEP_STATE_DDL = `create table if not exists meta.step_state (
  step varchar,
  fingerprint varchar,
  run_id varchar,
  updated_at timestamp
)`;

export const RUNS_DDL = `create table if not exists meta.runs (
  run_id varchar,
  status varchar,
  steps varchar,
  started_at timestamp,
  seconds double
)`;

/** A UTC time as a literal both engines read as a timestamp. */
export const timestampLiteral = (at: Date) => `timestamp '${at.toISOString().replace("T", " ").slice(0, 19)}'`;

export async function ensureBookkeeping(warehouse: Warehouse): Promise<void> {
  await warehouse.exec(`${STEP_STATE_DDL};\n${RUNS_DDL};`);
}

export async function recordStepState(warehouse: Warehouse, step: string, fingerprint: string, runId: string): Promise<void> {
  await warehouse.exec(`
    delete from meta.step_state where step = ${sqlString(step)};
    insert into meta.step_state values (${sqlString(step)}, ${sqlString(fingerprint)}, ${sqlString(runId)}, current_timestamp);`);
}

export async function recordRun(warehouse: Warehouse, runId: string, steps: readonly string[], seconds: number): Promise<void> {
  await warehouse.exec(`
    delete from meta.runs where run_id = ${sqlString(runId)};
    insert into meta.runs values (${sqlString(runId)}, 'success', ${sqlString(steps.join(","))},
      ${timestampLiteral(new Date(Date.now() - Math.ceil(seconds) * 1000))}, ${seconds});`);
}

/** The fingerprints of the steps of the last successful runs; empty for a new warehouse. */
export async function storedFingerprints(warehouse: Warehouse): Promise<Map<string, string>> {
  if (!(await warehouse.columns("meta", "step_state"))) return new Map();
  const rows = await warehouse.query<{ step: string; fingerprint: string }>("select step, fingerprint from meta.step_state");
  return new Map(rows.map((r) => [r.step, r.fingerprint]));
}
