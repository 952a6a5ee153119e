// What every Framework data loader uses: read-only queries against the warehouse, JSON to stdout,
// and a clear error (on stderr, exit 1) when the warehouse is missing.
import { loadConfig } from "../config.ts";
import { describeError } from "../log.ts";
import { openWarehouse, warehouseExists, warehouseName } from "../warehouse/open.ts";
import type { Row, Warehouse } from "../warehouse/warehouse.ts";

export async function withMarts<T>(read: (warehouse: Warehouse) => Promise<T>): Promise<T> {
  const config = loadConfig();
  if (!(await warehouseExists(config))) {
    throw new Error(`No warehouse at ${warehouseName(config)}: run \`npm run pipeline -- run\` (or \`npm run build\`) first`);
  }
  const warehouse = await openWarehouse(config, { readOnly: true, threads: 1 });
  try {
    return await read(warehouse);
  } finally {
    await warehouse.close();
  }
}

/** Runs a loader: its result as JSON on stdout; failures on stderr with exit code 1. */
export function emit(produce: () => Promise<unknown>): void {
  produce().then(
    (value) => process.stdout.write(JSON.stringify(value)),
    (error) => {
      process.stderr.write(`data loader failed: ${describeError(error)}\n`);
      process.exitCode = 1;
    },
  );
}

/** Columnar JSON ({column: values[]}) is a third the size of row objects for the same table. */
export function columns(rows: Row[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  const names = rows.length > 0 ? Object.keys(rows[0]) : [];
  for (const name of names) out[name] = rows.map((r) => roundFloat(r[name]));
  return out;
}

function roundFloat(value: unknown): unknown {
  return typeof value === "number" && !Number.isInteger(value) ? Math.round(value * 1e4) / 1e4 : value;
}
