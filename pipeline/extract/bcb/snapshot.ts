// The committed snapshot of BCB series (data/bcb/sgs-{id}.json): the offline source of the embedded default.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseSgsJson, SERIES, type Observation } from "./series.ts";

export function snapshotPath(dir: string, seriesId: number): string {
  return path.join(dir, `sgs-${seriesId}.json`);
}

export async function readSnapshot(dir: string, seriesId: number): Promise<Observation[]> {
  const file = snapshotPath(dir, seriesId);
  return parseSgsJson(await readFile(file, "utf8"), seriesId, path.relative(process.cwd(), file));
}

export async function readAllSnapshots(dir: string): Promise<Observation[]> {
  const all = await Promise.all(SERIES.map((s) => readSnapshot(dir, s.id)));
  return all.flat();
}
