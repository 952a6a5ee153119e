// Which orders changed at the source since the last extraction, at any age: PostgreSQL stamps every row version
// with the transaction that wrote it (xmin). Each run records its snapshot's horizon — the oldest transaction
// still running when it read, so every row written later, or by a transaction then in progress, has an xmin at
// or past it. The next run re-fetches every order whose row, or any child row (item, payment, review), has
// such an xmin: a status change 200 days old, a price edit, an order typed with a 2081 date and corrected —
// none depends on the purchase timestamp. Deletions are found by the key buckets (keyBuckets.ts) as before.
//
// xmin is 32 bits; age(xmin) is its distance from the transaction counter, cached per transaction (PostgreSQL's
// GetStableLatestTransactionId), and INT_MAX for frozen rows (untouched for a long time: never "changed"). A run
// further than 2^31 transactions from the last one cannot tell, and does a full refresh instead.
import type pg from "pg";
import type { OlistTable } from "../olistSchema.ts";
import { qualified } from "./connect.ts";

/** The snapshot's horizon as a 64-bit transaction id (text), recorded for the next run. */
export async function snapshotHorizon(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ horizon: string }>(`select txid_snapshot_xmin(txid_current_snapshot())::text as horizon`);
  return rows[0].horizon;
}

/** The transactions since `horizon` as an age bound: rows with age(xmin) <= it were written at or after it. */
export async function ageSince(client: pg.Client, horizon: string): Promise<number | undefined> {
  // age('3') fixes the transaction's stable counter N (mod 2^32); the snapshot's xmax gives its 64-bit epoch.
  const { rows } = await client.query<{ a: number; xmax: string }>(`select age('3'::xid) as a, txid_snapshot_xmax(txid_current_snapshot())::text as xmax`);
  const xmax = BigInt(rows[0].xmax);
  const low = (BigInt(rows[0].a) + 3n) % 2n ** 32n;
  let counter = (xmax & ~(2n ** 32n - 1n)) | low;
  if (counter < xmax) counter += 2n ** 32n;
  const gap = counter - BigInt(horizon);
  if (gap < 0n || gap >= 2n ** 31n - 1n) return undefined;
  return Number(gap);
}

/** Whether every table is an ordinary (or partitioned) table, whose rows have xmin. */
export async function tablesHaveXmin(client: pg.Client, schema: string, tables: readonly OlistTable[]): Promise<boolean> {
  const { rows } = await client.query<{ relkind: string }>(
    `select c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = any($2::text[])`,
    [schema, tables.map((t) => t.name)],
  );
  return rows.length === tables.length && rows.every((r) => r.relkind === "r" || r.relkind === "p");
}

/** One scan of a window table: its rows, and the orders with a row written within `age` transactions. */
export function changedRowsSql(schema: string, table: OlistTable, age: number): string {
  return `select count(*)::text as n, coalesce(array_agg(distinct order_id::text) filter (where age(xmin) <= ${age}), '{}') as ids
    from ${qualified(schema, table.name)}`;
}
