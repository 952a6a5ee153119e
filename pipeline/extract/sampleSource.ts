// The embedded default source: the seeded sample generator's CSVs, generated once per (version, seed, size)
// and cached under SAMPLE_DIR.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { PROJECT_ROOT, type Config } from "../config.ts";
import { hashFiles, hashOf } from "../fingerprint.ts";
import { logger } from "../log.ts";
import { GENERATOR_VERSION, writeSampleCsv, type SampleManifest } from "./sample/generate.ts";

const log = logger("sample");

export const TRANSLATION_CSV = path.join(PROJECT_ROOT, "data", "olist", "product_category_name_translation.csv");

export function sampleDirFor(config: Config): string {
  return path.join(config.sampleDir, `v${GENERATOR_VERSION}-seed${config.sampleSeed}-orders${config.sampleOrders}`);
}

async function readManifest(dir: string): Promise<SampleManifest | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as SampleManifest;
  } catch {
    return undefined;
  }
}

/** The sample's CSV directory, generating it when missing or incomplete. */
export async function ensureSample(config: Config): Promise<string> {
  const dir = sampleDirFor(config);
  if (await readManifest(dir)) return dir;
  await rm(dir, { recursive: true, force: true });
  const started = performance.now();
  log.info(`generating ${config.sampleOrders.toLocaleString("en-US")} orders (seed ${config.sampleSeed}) into ${path.relative(PROJECT_ROOT, dir)}`);
  await writeSampleCsv(dir, {
    orders: config.sampleOrders,
    seed: config.sampleSeed,
    bcbDir: config.bcbSnapshotDir,
    translationCsv: TRANSLATION_CSV,
  });
  log.info(`generated in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return dir;
}

/**
 * Identifies the sample's content without generating it: the generator is deterministic, so its version, seed,
 * size and input files determine every byte it writes.
 */
export async function sampleFingerprint(config: Config): Promise<string> {
  const inputs = await hashFiles([TRANSLATION_CSV, path.join(config.bcbSnapshotDir, "sgs-1.json")]);
  return hashOf(GENERATOR_VERSION, String(config.sampleSeed), String(config.sampleOrders), inputs);
}
