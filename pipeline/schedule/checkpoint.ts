// The warehouse files of a run: the meta tables every run keeps, the identity of the live file a run started
// from, and the failed run's staged warehouse kept aside (one at a time) so that `retry` can resume from it.
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";

export const STEP_STATE_DDL = `create table if not exists meta.step_state (
  step varchar primary key,
  fingerprint varchar,
  run_id varchar,
  updated_at timestamp
)`;

export const RUNS_DDL = `create table if not exists meta.runs (
  run_id varchar primary key,
  status varchar,
  steps varchar,
  started_at timestamp,
  seconds double
)`;

export const exists = (file: string) => stat(file).then(() => true, () => false);

/** Which live warehouse a run started from: a rename or a write changes it. */
export async function warehouseIdentity(file: string): Promise<string | null> {
  return stat(file).then((s) => `${s.ino}-${s.size}-${Math.round(s.mtimeMs)}`, () => null);
}

export const checkpointPath = (live: string, runId: string) => `${live}.failed-${runId}`;

/** Only the latest failed run can be resumed; older checkpoints are removed. */
export async function removeCheckpoints(live: string): Promise<void> {
  const dir = path.dirname(live);
  const prefix = `${path.basename(live)}.failed-`;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith(prefix)) await rm(path.join(dir, name), { force: true });
  }
}
