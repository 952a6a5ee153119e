// Sessions on one warehouse for work run side by side: the data tests, and the models whose inputs are built.
import { availableParallelism } from "node:os";
import type { Warehouse } from "../warehouse/warehouse.ts";

const UNITS: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KIB: 2 ** 10, MIB: 2 ** 20, GIB: 2 ** 30, TIB: 2 ** 40 };

/** "2.9 GiB", "512.0 MB" (DuckDB's spelling of a size) in bytes; null when it is not one. */
export function sizeInBytes(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?I?B)\s*$/i.exec(text);
  const unit = match && UNITS[match[2].toUpperCase()];
  return unit ? Number(match[1]) * unit : null;
}

/**
 * Sessions to run models or data tests on side by side. BigQuery: eight (remote jobs that mostly wait).
 * Embedded: two while the warehouse fits in half of DuckDB's memory_limit (as DuckDB prints it, to a tenth), else
 * one. One query already uses every core, so a second session only fills the first's serial stretches (a sort's
 * merge, a commit's compression); once the data outgrows memory, two big queries share memory_limit and spill each
 * other out. Half, because two sessions each get about half, and because a fresh build decides on its raw tables
 * alone, a third of what the file will hold. Measured on 2 cores, models on two sessions against one: 100K orders
 * (97 MB) 2.0 s against 2.6 s; 1M (0.7 GB) 10.7 s both; 10M (6.9 GB, limit 2.9 GiB) 164 s against 133 s, and a
 * fresh 10M build (2.6 GB of raw tables under the same limit) peaked at 4.1 GiB on two sessions.
 */
export async function defaultConcurrency(warehouse: Warehouse): Promise<number> {
  if (warehouse.engine === "bigquery") return 8;
  if (availableParallelism() < 2) return 1;
  const [size] = await warehouse.query<{ used: number; memory_limit: string }>(
    "select used_blocks * block_size as used, current_setting('memory_limit') as memory_limit from pragma_database_size() where database_name = current_database()",
  );
  const limit = size ? sizeInBytes(size.memory_limit) : null;
  return size && limit !== null && Number(size.used) <= limit / 2 ? 2 : 1;
}

/**
 * Runs `work` on `count` sessions, closing the ones it opened after: the warehouse itself and count − 1 more, or
 * with `separate`, count new ones (a session's bytesProcessed then counts its own jobs only: the warehouse's own
 * counter also adds up its sessions').
 */
export async function withSessions<T>(
  warehouse: Warehouse,
  count: number,
  work: (sessions: Warehouse[]) => Promise<T>,
  { separate = false }: { separate?: boolean } = {},
): Promise<T> {
  const opened: Warehouse[] = [];
  try {
    while (opened.length < (separate ? count : count - 1)) opened.push(await warehouse.connect());
    return await work(separate ? opened : [warehouse, ...opened]);
  } finally {
    for (const session of opened) await session.close();
  }
}
