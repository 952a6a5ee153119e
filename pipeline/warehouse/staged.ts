// Atomic warehouse updates: a run works on a copy of the warehouse file and the copy replaces the original
// only when the run succeeded, so a failing or killed run leaves the last good warehouse untouched.
import { copyFile, rename, rm, stat } from "node:fs/promises";

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

export function stagedPath(file: string): string {
  return `${file}.next`;
}

/**
 * Runs `work` on a staged copy of `file` (a fresh file when none exists yet) and swaps it in when `work`
 * resolves. The staged copy is removed when `work` throws.
 */
export async function withStagedWarehouse<T>(file: string, work: (stagedFile: string) => Promise<T>): Promise<T> {
  const staged = stagedPath(file);
  await rm(staged, { force: true });
  await rm(`${staged}.wal`, { force: true });
  if (await exists(file)) await copyFile(file, staged);
  let result: T;
  try {
    result = await work(staged);
  } catch (error) {
    await rm(staged, { force: true });
    await rm(`${staged}.wal`, { force: true });
    throw error;
  }
  // DuckDB checkpoints on close, so no WAL should remain; one that does belongs to the staged file.
  if (await exists(`${staged}.wal`)) throw new Error(`Warehouse ${staged} was not closed cleanly (WAL left behind)`);
  await rename(staged, file);
  return result;
}
