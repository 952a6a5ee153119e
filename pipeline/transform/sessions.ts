// Sessions on one warehouse for work run side by side: the data tests, and the models a DAG level allows at once.
import { availableParallelism } from "node:os";
import type { Warehouse } from "../warehouse/warehouse.ts";

/**
 * Embedded: the cores, two at most (DuckDB already spreads one query over every core; a second session hides its
 * serial stretches: a sort's merge, a commit). BigQuery: remote jobs that mostly wait, so more at once.
 */
export function defaultConcurrency(warehouse: Warehouse): number {
  if (warehouse.engine === "bigquery") return 8;
  return Math.max(1, Math.min(2, availableParallelism()));
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
