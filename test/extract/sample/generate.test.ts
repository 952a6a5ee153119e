import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OLIST_TABLES } from "../../../pipeline/extract/olistSchema.ts";
import { GENERATOR_VERSION, poolSizes, writeSampleCsv, type SampleManifest, type SampleOptions } from "../../../pipeline/extract/sample/generate.ts";
import { parseCsv, readCsv } from "./rfc4180.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const base = mkdtempSync(path.join(os.tmpdir(), "sample-generate-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const options = (orders: number, seed: number): SampleOptions => ({
  orders,
  seed,
  bcbDir: path.join(ROOT, "data/bcb"),
  translationCsv: path.join(ROOT, "data/olist/product_category_name_translation.csv"),
});
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const fileOf = (dir: string, name: string) => path.join(dir, OLIST_TABLES.find((t) => t.name === name)!.file);

describe("writeSampleCsv", () => {
  const a = path.join(base, "a");
  const b = path.join(base, "b");
  const c = path.join(base, "c");
  let manifest: SampleManifest;

  beforeAll(async () => {
    manifest = await writeSampleCsv(a, options(3000, 7));
    await writeSampleCsv(b, options(3000, 7));
    await writeSampleCsv(c, options(3000, 8));
  });

  it("writes the nine public files and a manifest describing them", () => {
    expect(manifest.version).toBe(GENERATOR_VERSION);
    expect(manifest).toMatchObject({ orders: 3000, seed: 7 });
    expect(Object.keys(manifest.files).sort()).toEqual(OLIST_TABLES.map((t) => t.name).sort());
    for (const t of OLIST_TABLES) {
      const entry = manifest.files[t.name];
      expect(entry.file).toBe(t.file);
      expect(entry.sha256).toBe(sha256(path.join(a, t.file)));
    }
    expect(JSON.parse(readFileSync(path.join(a, "manifest.json"), "utf8"))).toEqual(manifest);
  });

  it("writes byte-identical files for the same seed, and different ones for another seed", () => {
    for (const t of OLIST_TABLES) {
      expect(sha256(path.join(b, t.file)), t.file).toBe(sha256(path.join(a, t.file)));
      if (t.name !== "product_category_name_translation") {
        expect(sha256(path.join(c, t.file)), t.file).not.toBe(sha256(path.join(a, t.file)));
      }
    }
  });

  it("does not depend on the process time zone", async () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = "Asia/Tokyo";
      const tokyo = await writeSampleCsv(path.join(base, "tokyo"), options(1000, 3));
      process.env.TZ = "America/Sao_Paulo";
      const saoPaulo = await writeSampleCsv(path.join(base, "sao-paulo"), options(1000, 3));
      expect(tokyo.files).toEqual(saoPaulo.files);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it("heads every file with the public column names", () => {
    for (const t of OLIST_TABLES) {
      const [header] = parseCsv(readFileSync(path.join(a, t.file), "utf8").split(/\r?\n/, 1)[0]);
      expect(header, t.file).toEqual(t.columns.map((col) => col.name));
    }
  });

  it("copies the public translation table verbatim, BOM and all", () => {
    const copy = readFileSync(fileOf(a, "product_category_name_translation"));
    expect(copy.equals(readFileSync(options(1, 1).translationCsv))).toBe(true);
    expect(manifest.files.product_category_name_translation.rows).toBe(71);
  });

  it("counts records in the manifest as a CSV reader finds them, every record with every column", () => {
    for (const t of OLIST_TABLES) {
      const { header, rows } = readCsv(path.join(a, t.file));
      expect(header.length).toBe(t.columns.length);
      expect(rows.length, t.file).toBe(manifest.files[t.name].rows);
    }
    expect(manifest.files.customers.rows).toBe(3000);
    expect(new Set(readCsv(fileOf(a, "orders")).rows.map((r) => r.order_id)).size).toBe(3000);
  });

  it("keeps every reference resolvable: items, payments and reviews to orders, orders to customers, …", () => {
    const ids = (name: string, column: string) => new Set(readCsv(fileOf(a, name)).rows.map((r) => r[column]));
    const orders = readCsv(fileOf(a, "orders")).rows;
    const items = readCsv(fileOf(a, "order_items")).rows;
    const orderIds = new Set(orders.map((r) => r.order_id));
    const customers = ids("customers", "customer_id");
    const products = ids("products", "product_id");
    const sellers = ids("sellers", "seller_id");
    const categories = ids("product_category_name_translation", "product_category_name");
    const zips = ids("geolocation", "geolocation_zip_code_prefix");
    for (const o of orders) expect(customers.has(o.customer_id)).toBe(true);
    for (const i of items) {
      expect(orderIds.has(i.order_id)).toBe(true);
      expect(products.has(i.product_id)).toBe(true);
      expect(sellers.has(i.seller_id)).toBe(true);
    }
    for (const p of readCsv(fileOf(a, "order_payments")).rows) expect(orderIds.has(p.order_id)).toBe(true);
    for (const r of readCsv(fileOf(a, "order_reviews")).rows) expect(orderIds.has(r.order_id)).toBe(true);
    for (const p of readCsv(fileOf(a, "products")).rows) {
      if (p.product_category_name !== "") expect(categories.has(p.product_category_name)).toBe(true);
    }
    const customerZips = readCsv(fileOf(a, "customers")).rows.map((r) => r.customer_zip_code_prefix);
    expect(customerZips.filter((z) => zips.has(z)).length / customerZips.length).toBeGreaterThan(0.98);
  });

  it("writes values in Olist's formats", () => {
    const hex = /^[0-9a-f]{32}$/;
    const stamp = /^(2016|2017|2018|2019)-\d\d-\d\d \d\d:\d\d:\d\d$/;
    const orders = readCsv(fileOf(a, "orders")).rows;
    for (const o of orders) {
      expect(o.order_id).toMatch(hex);
      expect(o.order_purchase_timestamp).toMatch(stamp);
      expect(o.order_purchase_timestamp >= "2016-09-04" && o.order_purchase_timestamp < "2018-10-18").toBe(true);
      expect(o.order_estimated_delivery_date).toMatch(/ 00:00:00$/);
      for (const col of ["order_approved_at", "order_delivered_carrier_date", "order_delivered_customer_date"]) {
        if (o[col] !== "") expect(o[col]).toMatch(stamp);
      }
    }
    for (const i of readCsv(fileOf(a, "order_items")).rows) {
      expect(i.price).toMatch(/^\d+\.\d\d$/);
      expect(i.freight_value).toMatch(/^\d+\.\d\d$/);
      expect(Number(i.price)).toBeGreaterThan(0);
    }
    for (const c of readCsv(fileOf(a, "customers")).rows) {
      expect(c.customer_zip_code_prefix).toMatch(/^\d{5}$/);
      expect(c.customer_state).toMatch(/^[A-Z]{2}$/);
    }
    const raw = readFileSync(fileOf(a, "orders"), "utf8");
    expect(raw.includes('"')).toBe(false);
    expect(raw.endsWith("\n")).toBe(true);
  });

  it("removes a stale manifest first, so an interrupted run never looks complete", async () => {
    const dir = path.join(base, "stale");
    await writeSampleCsv(dir, options(1000, 1));
    await expect(writeSampleCsv(dir, { ...options(1000, 1), translationCsv: path.join(base, "missing.csv") })).rejects.toThrow(
      /Cannot read the category translation CSV .*missing\.csv/,
    );
    expect(existsSync(path.join(dir, "manifest.json"))).toBe(false);
  });

  it("rejects options it cannot honour", async () => {
    await expect(writeSampleCsv(path.join(base, "bad"), options(0, 1))).rejects.toThrow(/orders must be an integer/);
    await expect(writeSampleCsv(path.join(base, "bad"), options(10.5, 1))).rejects.toThrow(/orders/);
    await expect(writeSampleCsv(path.join(base, "bad"), options(1000, -1))).rejects.toThrow(/seed/);
  });

  it("bounds its pools however many orders are asked for", () => {
    expect(poolSizes(100_000)).toEqual({ products: 33_000, sellers: 3100, zips: 15_000 });
    expect(poolSizes(1_000_000_000)).toEqual({ products: 1_000_000, sellers: 100_000, zips: 20_000 });
    expect(poolSizes(1000).products).toBeGreaterThanOrEqual(200);
  });
});
