// Tests reach a warehouse the way the pipeline does, through the factory: these name one by its file.
import { loadConfig } from "../../pipeline/config.ts";
import { openWarehouse, type OpenOptions, type WarehouseSettings } from "../../pipeline/warehouse/open.ts";
import type { Warehouse } from "../../pipeline/warehouse/warehouse.ts";

export type { Warehouse };

/** The settings of the embedded warehouse at `file`. */
export function at(file: string): WarehouseSettings {
  return loadConfig({ ...process.env, WAREHOUSE_ENGINE: "duckdb", WAREHOUSE_PATH: file });
}

/** Opens the embedded warehouse at `file` (":memory:" for a scratch one). */
export function openAt(file: string, options: Omit<OpenOptions, "location"> = {}): Promise<Warehouse> {
  return openWarehouse(at(file), { ...options, location: file });
}
