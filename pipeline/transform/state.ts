// What each relation holds, as an identity compared between runs, so that a run rebuilds only what its inputs
// changed (Dagster's data versions, dbt's state:modified+ without a manifest to keep). A source's identity is its
// fingerprint, taken now; a table's is the state it was built from (meta.model_state); a view's is computed now
// from its SQL and its inputs' identities (a view holds nothing of its own). A model's state is its SQL, its
// materialisation, the runner's code, today's date when the SQL reads the clock, and its inputs' identities: a
// table whose state is the one it was built from is up to date, and a data test whose inputs are those of its
// last result has that result still.
import path from "node:path";
import { PROJECT_ROOT } from "../config.ts";
import { hashOf, hashTree } from "../fingerprint.ts";
import { sqlString, type Schema, type Warehouse } from "../warehouse/warehouse.ts";
import type { Project } from "./project.ts";

export const MODEL_STATE_DDL = `create table if not exists meta.model_state (
  model varchar,
  state varchar,
  rows bigint,
  run_id varchar
)`;

/** The sources' fingerprints a run took, so that its data tests need not take them again. */
export const SOURCE_STATE_DDL = `create table if not exists meta.source_state (
  source_table varchar,
  fingerprint varchar,
  run_id varchar
)`;

export const TEST_STATE_DDL = `create table if not exists meta.test_state (
  test_id varchar,
  state varchar,
  run_id varchar
)`;

/** The relations a piece of SQL reads, as the renderer saw its ref() and source() calls. */
export interface Inputs {
  refs: readonly string[];
  sources: readonly { source: string; name: string }[];
}

/** A model as states see it: its location-free full SQL, how it is materialised and what it reads. */
export interface StatefulModel extends Inputs {
  sql: string;
  materialized: string;
}

/** SQL that reads the clock gives another result tomorrow: its state carries the date. */
const CLOCK = /\b(current_date|current_timestamp|current_localtimestamp|localtimestamp|now\s*\(|today\s*\()/i;

/**
 * The code that turns states into relations (materialisations, merges, test queries): a change to it can change
 * what the same SQL leaves behind, so it is part of every state.
 */
export function codeVersion(): Promise<string> {
  // The code does not change while a process runs: its models and its tests step hash it once.
  codeHash ??= (async () => {
    const pipeline = path.join(PROJECT_ROOT, "pipeline");
    return hashOf(await hashTree(path.join(pipeline, "transform")), await hashTree(path.join(pipeline, "warehouse")));
  })();
  return codeHash;
}
let codeHash: Promise<string> | undefined;

export class States {
  private readonly fingerprints = new Map<string, Promise<string | null>>();
  private memo = new Map<string, string | null>();

  private constructor(
    private readonly warehouse: Warehouse,
    private readonly project: Project,
    private readonly models: ReadonlyMap<string, StatefulModel>,
    /** Tables as last built: the state each was built from and its rows. */
    private readonly stored: Map<string, { state: string; rows: number | null }>,
    private readonly today: string,
    private readonly code: string,
    /**
     * Whether this run built (or found up to date) its models, taking the sources' fingerprints as it did: then
     * the tables are as their states say, and a data test may keep a result. A run of the tests alone (`test`, the
     * quality check) vouches for nothing, since a table may have been changed since it was built: it reruns them.
     */
    readonly vouched: boolean,
  ) {}

  /**
   * The states as stored, for a run: fingerprints this run already took (its models step, for its tests step:
   * nothing else writes to a run's copy of the warehouse in between) are taken as they are.
   */
  static async load(warehouse: Warehouse, project: Project, models: ReadonlyMap<string, StatefulModel>, runId: string): Promise<States> {
    await warehouse.exec(`${MODEL_STATE_DDL};\n${SOURCE_STATE_DDL}`);
    const rows = await warehouse.query<{ model: string; state: string; rows: number | null }>("select model, state, rows from meta.model_state");
    const taken = await warehouse.query<{ source_table: string; fingerprint: string }>(
      `select source_table, fingerprint from meta.source_state where run_id = ${sqlString(runId)}`,
    );
    const [{ today }] = await warehouse.query<{ today: string }>("select cast(current_date as string) as today");
    const stored = new Map(rows.map((r) => [r.model, { state: r.state, rows: r.rows === null ? null : Number(r.rows) }]));
    // Another DuckDB release may compute the same SQL differently: its version is part of the code.
    const engine = warehouse.engine === "duckdb" ? String((await warehouse.query<{ v: string }>("select version() as v"))[0].v) : warehouse.engine;
    const code = hashOf(await codeVersion(), engine);
    const states = new States(warehouse, project, models, stored, String(today), code, taken.length > 0);
    for (const t of taken) states.fingerprints.set(t.source_table, Promise.resolve(t.fingerprint));
    return states;
  }

  /** The identity of a source table, its fingerprint (taken once per States). */
  source(source: string, name: string): Promise<string | null> {
    const table = this.project.sources.find((s) => s.source === source && s.name === name);
    return table ? this.fingerprint(table.schema, table.name) : Promise.resolve(null);
  }

  private fingerprint(schema: Schema, name: string): Promise<string | null> {
    const key = `${schema}.${name}`;
    let fingerprint = this.fingerprints.get(key);
    if (!fingerprint) {
      fingerprint = this.warehouse.fingerprint(schema, name);
      this.fingerprints.set(key, fingerprint);
    }
    return fingerprint;
  }

  /** The state `sql` reading `inputs` stands for; null when an input's identity is unknown. */
  async of(sql: string, inputs: Inputs, extra = ""): Promise<string | null> {
    const parts = [this.code, extra, sql, CLOCK.test(sql) ? `today=${this.today}` : ""];
    for (const ref of [...inputs.refs].sort()) {
      const identity = await this.identity(ref);
      if (identity === null) return null;
      parts.push(`ref ${ref}=${identity}`);
    }
    const sources = [...inputs.sources].sort((a, b) => `${a.source}.${a.name}`.localeCompare(`${b.source}.${b.name}`));
    for (const s of sources) {
      const identity = await this.source(s.source, s.name);
      if (identity === null) return null;
      parts.push(`source ${s.source}.${s.name}=${identity}`);
    }
    return hashOf(...parts);
  }

  /** The state a model would be built from now. */
  expected(name: string): Promise<string | null> {
    const model = this.models.get(name);
    if (!model) return Promise.resolve(null);
    return this.of(model.sql, model, model.materialized);
  }

  /** What a relation holds: a table the state it was built from, a view the state of its SQL now. */
  async identity(name: string): Promise<string | null> {
    if (this.memo.has(name)) return this.memo.get(name)!;
    const model = this.models.get(name);
    let identity: string | null = null;
    if (model && (model.materialized === "view" || model.materialized === "ephemeral")) identity = await this.expected(name);
    else if (model) identity = this.stored.get(name)?.state ?? null;
    this.memo.set(name, identity);
    return identity;
  }

  /** The table as last built, when it was built from `state`. */
  upToDate(name: string, state: string | null): { rows: number | null } | undefined {
    const stored = this.stored.get(name);
    return state !== null && stored?.state === state ? stored : undefined;
  }

  /** A model was just built from `state` (null: it failed, or its state is unknown). */
  built(name: string, state: string | null, rows: number | null): void {
    if (state === null) this.stored.delete(name);
    else this.stored.set(name, { state, rows });
    this.memo = new Map();
  }

  /** Records the tables' states in meta.model_state for the next run (views need none), and the fingerprints taken. */
  async save(runId: string, names: readonly string[]): Promise<void> {
    const taken: string[] = [];
    for (const [table, fingerprint] of this.fingerprints) {
      // A fingerprint that failed already failed the model that asked for it; it is simply not kept.
      const value = await fingerprint.catch(() => null);
      if (value !== null) taken.push(`(${sqlString(table)}, ${sqlString(value)}, ${sqlString(runId)})`);
    }
    await this.warehouse.exec(`delete from meta.source_state where true`);
    if (taken.length) await this.warehouse.exec(`insert into meta.source_state values\n${taken.join(",\n")}`);
    if (names.length === 0) return;
    const list = names.map(sqlString).join(", ");
    const kept = names.filter((n) => this.stored.has(n) && !["view", "ephemeral"].includes(this.models.get(n)?.materialized ?? ""));
    const values = kept.map((n) => {
      const { state, rows } = this.stored.get(n)!;
      return `(${sqlString(n)}, ${sqlString(state)}, ${rows ?? "null"}, ${sqlString(runId)})`;
    });
    await this.warehouse.exec(`delete from meta.model_state where model in (${list})`);
    if (values.length) await this.warehouse.exec(`insert into meta.model_state values\n${values.join(",\n")}`);
  }
}
