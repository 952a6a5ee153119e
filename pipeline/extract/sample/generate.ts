// The embedded sample source: a seeded dataset in exactly the public Olist schema, written as the nine Kaggle CSV
// files plus a manifest. Same options, same bytes; see README.md beside this file for the model and its rates.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { OLIST_TABLES, olistTable, type OlistTableName } from "../olistSchema.ts";
import { logger } from "../../log.ts";
import { readTranslation, writeProducts, writeSellers } from "./catalog.ts";
import { CsvFile } from "./csv.ts";
import { monthlyCategoryTables, readMonthlyUsd } from "./demand.ts";
import { buildZipPool, writeGeolocation } from "./geography.ts";
import { Ids } from "./ids.ts";
import { writeOrders } from "./orders.ts";
import { Random } from "./random.ts";

/** Bump whenever the bytes written for given options change: it is part of the sample cache key. */
export const GENERATOR_VERSION = "1.1.0";

export interface SampleOptions {
  /** Orders to generate: 1,000 for quick tests, 100,000 by default (Olist's size), up to 10,000,000 or more. */
  orders: number;
  seed: number;
  /** Directory of the BCB snapshot (sgs-1.json gives the monthly USD/BRL of the planted signal). */
  bcbDir: string;
  /** The public product_category_name_translation.csv, copied verbatim into the sample. */
  translationCsv: string;
}

export interface SampleManifest {
  version: string;
  orders: number;
  seed: number;
  /** Per table: the file name, its data records (header excluded) and the sha256 of its bytes. */
  files: Record<OlistTableName, { file: string; rows: number; sha256: string }>;
}

export const MANIFEST_FILE = "manifest.json";

export class SampleOptionsError extends Error {
  override name = "SampleOptionsError";
}

/** Sizes of the pools the orders draw from: proportional to the orders, as in Olist, but capped. */
export function poolSizes(orders: number): { products: number; sellers: number; zips: number } {
  const scaled = (share: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(orders * share)));
  return {
    products: scaled(0.33, 200, 1_000_000),
    sellers: scaled(0.031, 20, 100_000),
    zips: scaled(0.15, 600, 20_000),
  };
}

function validate(options: SampleOptions): void {
  const { orders, seed } = options;
  if (!Number.isSafeInteger(orders) || orders < 1 || orders > 2 ** 31) {
    throw new SampleOptionsError(`Sample orders must be an integer from 1 to 2^31, got ${orders}`);
  }
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new SampleOptionsError(`Sample seed must be a non-negative integer, got ${seed}`);
  }
}

const header = (name: OlistTableName) =>
  olistTable(name)
    .columns.map((c) => c.name)
    .join(",");

/**
 * Writes the nine Olist CSV files (public file names and header columns, same format as the Kaggle CSVs) into dir,
 * streaming in bounded memory; writes manifest.json last, so a directory without one is incomplete.
 */
export async function writeSampleCsv(dir: string, options: SampleOptions): Promise<SampleManifest> {
  validate(options);
  const log = logger("sample");
  const started = performance.now();
  await mkdir(dir, { recursive: true });
  await rm(path.join(dir, MANIFEST_FILE), { force: true });
  const [translation, usd] = await Promise.all([readTranslation(options.translationCsv), readMonthlyUsd(options.bcbDir)]);

  const file = (name: OlistTableName) => path.join(dir, olistTable(name).file);
  const open = (name: OlistTableName) => new CsvFile(file(name), header(name));
  const out = {
    orders: open("orders"),
    order_items: open("order_items"),
    customers: open("customers"),
    products: open("products"),
    order_payments: open("order_payments"),
    sellers: open("sellers"),
    order_reviews: open("order_reviews"),
    geolocation: open("geolocation"),
  };
  try {
    const { seed, orders } = options;
    const sizes = poolSizes(orders);
    log.info(`Generating ${orders.toLocaleString("en-US")} orders (seed ${seed}) into ${dir}`);
    const zips = buildZipPool(new Random(seed, 1), sizes.zips);
    const sellers = await writeSellers(new Random(seed, 2), sizes.sellers, zips, new Ids(seed, "seller"), out.sellers);
    const products = await writeProducts(new Random(seed, 3), sizes.products, sellers, new Ids(seed, "product"), out.products);
    await writeGeolocation(new Random(seed, 4), zips, out.geolocation);
    await writeOrders(
      {
        rng: new Random(seed, 5),
        seed,
        zips,
        sellers,
        products,
        categoryByMonth: monthlyCategoryTables(usd),
        out: {
          orders: out.orders,
          customers: out.customers,
          items: out.order_items,
          payments: out.order_payments,
          reviews: out.order_reviews,
        },
      },
      orders,
    );
    const summaries = Object.fromEntries(await Promise.all(Object.entries(out).map(async ([name, csv]) => [name, await csv.close()] as const)));
    const translationPath = file("product_category_name_translation");
    await writeFile(translationPath, translation.bytes);
    summaries.product_category_name_translation = {
      rows: translation.rows,
      sha256: createHash("sha256").update(translation.bytes).digest("hex"),
    };

    const manifest: SampleManifest = {
      version: GENERATOR_VERSION,
      orders,
      seed,
      files: Object.fromEntries(OLIST_TABLES.map((t) => [t.name, { file: t.file, ...summaries[t.name] }])) as SampleManifest["files"],
    };
    await writeFile(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, "utf8");
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log.info(
      `Sample written in ${seconds} s: ${summaries.order_items.rows.toLocaleString("en-US")} items, ` +
        `${summaries.order_reviews.rows.toLocaleString("en-US")} reviews`,
    );
    return manifest;
  } catch (error) {
    for (const csv of Object.values(out)) csv.destroy();
    throw error;
  }
}
