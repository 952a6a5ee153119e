// seed-postgres: the embedded sample, as the nine public Olist CSVs the sample generator writes (cached under
// SAMPLE_DIR, shared with the embedded path), loaded by import-olist — so a seeded database and an imported
// one are built by the same code, and the warehouse sees the same data whichever source it extracts.
import { loadConfig } from "../../config.ts";
import { ensureSample } from "../sampleSource.ts";
import { importOlist, type ImportResult } from "./importCsv.ts";

export interface SeedOptions {
  /** Orders to generate; default SAMPLE_ORDERS (100,000). */
  orders?: number;
  /** Generator seed; default SAMPLE_SEED (42). */
  seed?: number;
  /** PostgreSQL URL; default SOURCE_DATABASE_URL. */
  to?: string;
  /** Schema of the source tables; default public. */
  schema?: string;
}

export async function seedPostgres(options: SeedOptions = {}): Promise<ImportResult> {
  const config = loadConfig();
  const dir = await ensureSample({
    ...config,
    sampleOrders: options.orders ?? config.sampleOrders,
    sampleSeed: options.seed ?? config.sampleSeed,
  });
  return importOlist(dir, { to: options.to, schema: options.schema });
}
