import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../pipeline/config.ts";
import { loadCsvDir } from "../../../pipeline/extract/csvSource.ts";
import { OLIST_TABLES } from "../../../pipeline/extract/olistSchema.ts";
import { extractPostgres } from "../../../pipeline/extract/postgres/extract.ts";
import { seedPostgres } from "../../../pipeline/extract/postgres/seed.ts";
import { sampleDirFor } from "../../../pipeline/extract/sampleSource.ts";
import type { SampleManifest } from "../../../pipeline/extract/sample/generate.ts";
import { openAt } from "../../support/warehouse.ts";
import { createTestDatabase, sql, type TestDatabase } from "./fixtures.ts";

const ORDERS = 3_000;
const SEED = 11;
let db: TestDatabase;
let sampleDir: string;

beforeAll(async () => {
  sampleDir = await mkdtemp(path.join(os.tmpdir(), "olist-seed-test-"));
  process.env.SAMPLE_DIR = sampleDir; // the generated CSVs are cached here, not in the workspace
  db = await createTestDatabase("olist_test_seed");
});
afterAll(async () => {
  await db?.drop();
  await rm(sampleDir, { recursive: true, force: true });
});

describe("seed-postgres", () => {
  it("loads the embedded sample, and extraction gives the embedded path's raw tables (byte-identical duplicate rows aside)", async () => {
    const result = await seedPostgres({ orders: ORDERS, seed: SEED, to: db.url });

    const dir = sampleDirFor({ ...loadConfig(), sampleOrders: ORDERS, sampleSeed: SEED });
    const manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as SampleManifest;
    for (const f of result.files) {
      expect(f.rowsIn, f.file).toBe(manifest.files[f.table as keyof SampleManifest["files"]].rows);
      expect(f.loaded + f.rejected, f.file).toBe(f.rowsIn);
    }
    // The generator repeats a few order rows byte for byte; the source's primary key keeps one of each.
    const reasons = await sql<{ file: string; reason: string }>(
      db.url,
      `select distinct file, regexp_replace(reason, '[0-9]+$', 'N') as reason from olist_rejects`,
    );
    expect(reasons).toEqual(result.rejected ? [{ file: "olist_orders_dataset.csv", reason: "duplicate primary key (order_id), first on line N" }] : []);

    const viaPostgres = await openAt(":memory:");
    const embedded = await openAt(":memory:");
    try {
      await extractPostgres({ warehouse: viaPostgres, from: db.url });
      await loadCsvDir(embedded, dir, "test");
      for (const table of OLIST_TABLES) {
        const distinct = `select count(*) as n, coalesce(sum(hash(t)::hugeint), 0)::varchar as h
          from (select distinct * from raw.${table.name}) t`;
        expect(await viaPostgres.query(distinct), table.name).toEqual(await embedded.query(distinct));
      }
    } finally {
      await viaPostgres.close();
      await embedded.close();
    }
  });
});
