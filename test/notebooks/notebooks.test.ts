// Every notebook runs headlessly against a warehouse the pipeline built, a failing cell fails this test with the
// cell's source and error, and the rendered HTML (what the site publishes) shows the site's own numbers.
// NOTEBOOKS_DIR=<dir> runs the notebooks of another directory instead (failing.test.ts uses it).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sampleCorrelation } from "simple-statistics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeFailure, listNotebooks } from "../../pipeline/notebooks/execute.ts";
import { NOTEBOOKS_DIR } from "../../pipeline/notebooks/kernel.ts";
import { renderNotebooks, type RenderReport } from "../../pipeline/notebooks/render.ts";
import { formatter } from "../../src/components/format.ts";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../support/browser.ts";
import { referenceKpis } from "../support/reference.ts";
import {
  buildTestWarehouse,
  csvRecords,
  keyFiguresOf,
  loaderOutput,
  ORDERS,
  PLANTED,
  referenceOrdersSetAside,
  type KeyFigure,
  type TestWarehouse,
} from "./support.ts";

const dir = process.env.NOTEBOOKS_DIR ? path.resolve(process.env.NOTEBOOKS_DIR) : NOTEBOOKS_DIR;
const projectNotebooks = dir === NOTEBOOKS_DIR;
const notebooks = await listNotebooks(dir);
const en = formatter("en");

let warehouse: TestWarehouse;
let report: RenderReport;
let site: string;
/** The JSON of the site's pages for the same warehouse, by loader name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the fields of its page's JSON
const pages = new Map<string, any>();

beforeAll(async () => {
  warehouse = await buildTestWarehouse();
  site = path.join(warehouse.work, "site", "notebooks");
  const loaders = projectNotebooks ? ["overview", "economy", "categories", "pipeline"] : [];
  [report] = await Promise.all([
    renderNotebooks(site, { warehouseEnv: { WAREHOUSE_PATH: warehouse.warehousePath }, notebooks }),
    ...loaders.map(async (name) => pages.set(name, await loaderOutput(name, warehouse.env))),
  ]);
}, 180_000);

describe(`the notebooks in ${path.relative(process.cwd(), dir) || dir}`, () => {
  it("exist", () => {
    expect(notebooks.length).toBeGreaterThan(0);
  });

  for (const notebook of notebooks) {
    it(`${path.basename(notebook)} runs every cell without an error`, () => {
      const failure = report.failed.find((f) => f.notebook === notebook);
      if (failure) throw new Error(describeFailure(failure));
      expect(report.rendered).toContain(notebook);
    });
  }
});

function figures(name: string): Map<string, KeyFigure> {
  return keyFiguresOf(readFileSync(path.join(site, `${name}.html`), "utf8"));
}

describe.skipIf(!projectNotebooks)("what the site publishes", () => {
  let browser: Browser;
  afterAll(async () => browser?.close());

  it("is an index linking every rendering, in English, offline", () => {
    const index = readFileSync(path.join(site, "index.html"), "utf8");
    for (const notebook of notebooks) expect(index).toContain(`href="${path.basename(notebook, ".ipynb")}.html"`);
    for (const file of readdirSync(site)) {
      const html = readFileSync(path.join(site, file), "utf8");
      expect(html, file).toMatch(/<html lang="en">/);
      expect(html, file).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:|cdn\.jsdelivr|cdnjs|unpkg\.com|mathjax/i);
    }
  });

  it("draws the charts inline and loads nothing from the network", async () => {
    browser = await launchBrowser();
    for (const notebook of notebooks) {
      const page = await browser.newPage();
      const external: string[] = [];
      page.on("request", (r) => void (/^(file|data):/.test(r.url()) || external.push(r.url())));
      await page.goto(`file://${path.join(site, `${path.basename(notebook, ".ipynb")}.html`)}`);
      expect(await page.locator(".jp-OutputArea-output svg").count(), notebook).toBeGreaterThan(1);
      expect(external, notebook).toEqual([]);
      await page.close();
    }
  });
});

describe.skipIf(!projectNotebooks)("key figures equal the site's", () => {
  it("01-orders: the Overview's KPIs, in both languages, and an independent count from the CSVs", () => {
    const overview = pages.get("overview");
    const k = figures("01-orders");
    const { kpis } = overview;
    expect(Number(k.get("orders")?.value)).toBe(kpis.orders);
    expect(k.get("orders")?.text).toBe(en.integer(kpis.orders));
    expect(Number(k.get("sales_from_statuses")?.value)).toBe(kpis.orders);
    expect(Number(k.get("revenue_brl")?.value)).toBe(kpis.revenue_brl);
    expect(k.get("revenue_brl")?.text).toBe(en.brl(kpis.revenue_brl));
    expect(k.get("revenue_brl_pt")?.text).toBe(formatter("pt").brl(kpis.revenue_brl));
    expect(k.get("avg_order_value_brl")?.text).toBe(en.brl(kpis.avg_order_value_brl));
    expect(Number(k.get("customers")?.value)).toBe(kpis.customers);
    expect(k.get("last_order_date")?.value).toBe(kpis.last_order_date);
    const reference = referenceKpis(warehouse.sampleDir);
    expect(Number(k.get("orders")?.value)).toBe(reference.orders);
    expect(k.get("revenue_brl")?.text).toBe(en.brl(reference.revenue_brl));
    expect(Number(k.get("customers")?.value)).toBe(reference.customers);
  });

  it("02-currency-sensitivity: dollar revenue, the monthly series, the Economy fit and the Categories leader", () => {
    const [overview, economy, categories] = ["overview", "economy", "categories"].map((name) => pages.get(name));
    const k = figures("02-currency-sensitivity");
    expect(Number(k.get("revenue_usd")?.value)).toBe(overview.kpis.revenue_usd);
    expect(k.get("revenue_usd")?.text).toBe(en.usd(overview.kpis.revenue_usd));
    expect(k.get("revenue_usd")?.text).toBe(en.usd(referenceKpis(warehouse.sampleDir).revenue_usd));
    const monthlyUsd: number[] = overview.monthly.total_revenue_usd;
    expect(k.get("revenue_usd_months")?.text).toBe(en.usd(monthlyUsd.reduce((a, b) => a + b, 0)));
    expect(Number(k.get("months")?.value)).toBe(monthlyUsd.length);
    // r² of monthly revenue on the month's rate over the full months, by an independent implementation, from the
    // Economy page's data
    const full = (column: number[]) => column.filter((_, i) => economy.monthly.is_full_month[i] !== false);
    const r = sampleCorrelation(full(economy.monthly.avg_usd_brl_rate), full(economy.monthly.total_revenue_brl));
    expect(k.get("sales_vs_rate_r2")?.text).toBe(en.number(r * r, 2));
    expect(Number(k.get("sales_vs_rate_r2")?.value)).toBeCloseTo(r * r, 6);
    const brl: number[] = categories.sales.brl;
    const top = brl.filter((_, i) => categories.sales.category[i] === 0).reduce((a, b) => a + b, 0);
    const total = brl.reduce((a, b) => a + b, 0);
    expect(k.get("top_category")?.value).toBe(categories.categories[0].name);
    expect(k.get("top_category_share")?.text).toBe(en.percent(top / total));
  });

  it("03-data-quality: the Pipeline page's loads and tests, and the rows the test planted", () => {
    const pipeline = pages.get("pipeline");
    const k = figures("03-data-quality");
    const csvs = readdirSync(warehouse.sampleDir).filter((f) => f.endsWith(".csv"));
    const rowsIn = csvs.reduce((n, f) => n + csvRecords(path.join(warehouse.sampleDir, f)), 0);
    expect(Number(k.get("rows_in")?.value)).toBe(rowsIn);
    expect(Number(k.get("orders_in")?.value)).toBe(ORDERS + 4);
    expect(Number(k.get("orders_rejected")?.value)).toBe(PLANTED.unreadable.length);
    const setAside = referenceOrdersSetAside(warehouse.sampleDir, PLANTED.unreadable);
    expect(setAside).toBeGreaterThanOrEqual(PLANTED.setAside);
    expect(Number(k.get("orders_set_aside")?.value)).toBe(setAside);
    expect(Number(k.get("rows_loaded")?.value) + Number(k.get("rows_rejected")?.value)).toBe(rowsIn);
    const loads = pipeline.loads as { rows_in: number; rows_rejected: number }[];
    expect(Number(k.get("rows_in")?.value)).toBe(loads.reduce((n, l) => n + l.rows_in, 0));
    expect(Number(k.get("rows_rejected")?.value)).toBe(loads.reduce((n, l) => n + l.rows_rejected, 0));
    const rejects = pipeline.rejects as { rows: number }[];
    expect(Number(k.get("staging_set_aside")?.value)).toBe(rejects.reduce((n, r) => n + r.rows, 0));
    const tests = pipeline.tests as { status: string }[];
    expect(Number(k.get("tests")?.value)).toBe(tests.length);
    expect(Number(k.get("tests_passed")?.value)).toBe(tests.filter((t) => t.status === "pass").length);
  });
});
