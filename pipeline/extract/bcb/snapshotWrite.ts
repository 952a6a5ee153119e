// Reading a snapshot with the API's spelling kept, and replacing it atomically: a reader (or a crash) sees the old
// file or the new one, never half of one, and a merge that does not validate never reaches the disk.
import { randomUUID } from "node:crypto";
import { open, readFile, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { snapshotPath } from "./snapshot.ts";
import { parseSgsJson } from "./series.ts";
import { lastIsoDate, parseSgsRows, serializeSgsRows, type ParsedSgs, type SgsRow } from "./sgsRows.ts";

export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") ? file : relative;
}

export interface StoredSnapshot extends ParsedSgs {
  file: string;
  /** The file's exact text, to tell whether a rewrite would change anything. */
  text: string;
}

export async function readSnapshotRows(dir: string, seriesId: number): Promise<StoredSnapshot> {
  const file = snapshotPath(dir, seriesId);
  const text = await readFile(file, "utf8");
  return { file, text, ...parseSgsRows(text, seriesId, displayPath(file)) };
}

export class SnapshotWriteError extends Error {
  override name = "SnapshotWriteError";
}

export interface SnapshotWrite {
  file: string;
  /** False when the file already held exactly these rows. */
  written: boolean;
}

/**
 * Validates `rows` as a whole (the same parser the build reads with), then writes a temporary file beside the
 * snapshot, flushes it and renames it over the old one. On any failure the old file is left as it was.
 * `previousLastDate` guards against a merge that lost recent observations.
 */
export async function writeSnapshotAtomically(
  dir: string,
  seriesId: number,
  rows: readonly SgsRow[],
  previousLastDate: string | null = null,
): Promise<SnapshotWrite> {
  const file = snapshotPath(dir, seriesId);
  const text = serializeSgsRows(rows);
  const context = `merged snapshot for ${displayPath(file)}`;
  try {
    parseSgsJson(text, seriesId, context);
  } catch (error) {
    throw new SnapshotWriteError(`${(error as Error).message}; kept the old file unchanged`, { cause: error });
  }
  if (rows.length === 0) {
    throw new SnapshotWriteError(`Refusing to write an empty ${context}; kept the old file unchanged`);
  }
  const last = lastIsoDate(rows);
  if (previousLastDate !== null && last !== null && last < previousLastDate) {
    throw new SnapshotWriteError(`The ${context} ends on ${last}, before the stored ${previousLastDate}; kept the old file unchanged`);
  }
  const old = await readFile(file, "utf8").catch(() => undefined);
  if (old === text) return { file, written: false };
  const mode = await stat(file).then(
    (s) => s.mode & 0o777,
    () => 0o644,
  );
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    const handle = await open(temp, "wx", mode | 0o200);
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
      // The committed snapshots may be read-only; keep that protection on the new file.
      await handle.chmod(mode);
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new SnapshotWriteError(`Could not write ${displayPath(file)}: ${(error as Error).message}; kept the old file unchanged`, {
      cause: error,
    });
  }
  return { file, written: true };
}
