// Content fingerprints: a step whose inputs hash the same as last time is skipped.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

export function hashOf(...parts: (string | Buffer)[]): string {
  const hash = createHash("sha256");
  for (const p of parts) hash.update(p).update("\0");
  return hash.digest("hex").slice(0, 16);
}

/** Hash of every file under `dir` (names and contents), in a stable order. */
export async function hashTree(dir: string, filter: (file: string) => boolean = () => true): Promise<string> {
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .filter(filter)
    .sort();
  const parts: (string | Buffer)[] = [];
  for (const file of entries) parts.push(path.relative(dir, file), await readFile(file));
  return hashOf(...parts);
}

/** Hash of files by name and content: where they live does not matter, so sort by what is hashed. */
export async function hashFiles(files: string[]): Promise<string> {
  const parts: (string | Buffer)[] = [];
  const byName = [...files].sort((a, b) => path.basename(a).localeCompare(path.basename(b)) || a.localeCompare(b));
  for (const file of byName) parts.push(path.basename(file), await readFile(file));
  return hashOf(...parts);
}
