// Staging for the embedded engine: a run works on a copy of the DuckDB file beside it (<file>.next), which
// replaces the original by one rename only when the run succeeded; a failed run's copy is kept aside
// (<file>.failed-<run>, one at a time) so that `retry` can resume from it.
import { constants } from "node:fs";
import { copyFile, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { DuckDBWarehouse } from "./duckdb.ts";
import { WarehouseError, type StagedWarehouse } from "./warehouse.ts";

const exists = (file: string) => stat(file).then(() => true, () => false);

export async function duckdbIdentity(file: string): Promise<string | null> {
  return stat(file).then((s) => `${s.ino}-${s.size}-${Math.round(s.mtimeMs)}`, () => null);
}

export const keptPath = (live: string, runId: string) => `${live}.failed-${runId}`;

/** Only the latest failed run can be resumed; older kept copies are removed. */
async function removeKept(live: string): Promise<void> {
  const dir = path.dirname(live);
  const prefix = `${path.basename(live)}.failed-`;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith(prefix)) await rm(path.join(dir, name), { force: true });
  }
}

export async function stageDuckDB(live: string, resumeFrom?: string): Promise<StagedWarehouse> {
  const staged = `${live}.next`;
  const wal = `${staged}.wal`;
  const removeStaged = async () => {
    await rm(staged, { force: true });
    await rm(wal, { force: true });
  };
  await removeStaged();
  const source = resumeFrom ?? ((await exists(live)) ? live : undefined);
  // A reflink where the file system has them (btrfs, XFS: instant at any size), a plain copy elsewhere.
  if (source) await copyFile(source, staged, constants.COPYFILE_FICLONE);
  return {
    location: staged,
    open: () => DuckDBWarehouse.open(staged),
    childEnv: () => ({ WAREHOUSE_PATH: staged }),
    async publish() {
      // DuckDB checkpoints on close, so a WAL left behind means the file is not complete.
      if (await exists(wal)) throw new WarehouseError(`Warehouse ${staged} was not closed cleanly (WAL left behind)`);
      await rename(staged, live);
      await removeKept(live);
    },
    async keep(runId) {
      if (!(await exists(staged)) || (await exists(wal))) {
        await removeStaged();
        return null;
      }
      await removeKept(live);
      const kept = keptPath(live, runId);
      await rename(staged, kept);
      return kept;
    },
    discard: removeStaged,
  };
}
