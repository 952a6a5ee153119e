// seed-postgres: the embedded sample, written as the nine public Olist CSVs by the sample generator, then
// loaded by import-olist — so a seeded database and an imported one are built by the same code path.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT, loadConfig } from "../../config.ts";
import { logger } from "../../log.ts";
import { importOlist, type ImportResult } from "./importCsv.ts";

const log = logger("seed-postgres");

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

/** The part of the generator's API seed-postgres relies on (pipeline/extract/sample/generate.ts). */
interface SampleGenerator {
  writeSampleCsv(
    dir: string,
    options: { orders: number; seed: number; bcbDir: string; translationCsv: string },
  ): Promise<unknown>;
}

// Loaded at run time so this module compiles while the generator is being written.
const GENERATOR_MODULE = "../sample/generate.ts";

export async function seedPostgres(options: SeedOptions = {}): Promise<ImportResult> {
  const config = loadConfig();
  const orders = options.orders ?? config.sampleOrders;
  const seed = options.seed ?? config.sampleSeed;
  const generator = (await import(GENERATOR_MODULE)) as SampleGenerator;
  const dir = await mkdtemp(path.join(os.tmpdir(), "olist-seed-"));
  try {
    log.info(`generating ${orders} orders (seed ${seed}) into ${dir}`);
    await generator.writeSampleCsv(dir, {
      orders,
      seed,
      bcbDir: config.bcbSnapshotDir,
      translationCsv: path.join(PROJECT_ROOT, "data/olist/product_category_name_translation.csv"),
    });
    return await importOlist(dir, { to: options.to, schema: options.schema });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
