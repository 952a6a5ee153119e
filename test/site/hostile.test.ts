// A hostile category name in the source database shows as text and runs nothing: the test builds its own sample,
// renames the best-selling category to markup in the products CSV and the translation table, builds the site with
// the real commands, and reads the Categories and Geography pages in both languages, listening for dialogs.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../pipeline/config.ts";
import { sampleDirFor } from "../../pipeline/extract/sampleSource.ts";
import { launchBrowser } from "../support/browser.ts";
import { readCsvObjects } from "../support/csv.ts";
import { ROOT, siteEnv } from "../support/site.ts";
import { serveStatic, type StaticServer } from "../support/staticServer.ts";
import { CHARTS, LANGS, openPage, pagePath, waitForCharts } from "./pages.ts";

const run = promisify(execFile);

/** The Portuguese name: an image whose error handler alerts. */
const HOSTILE_PT = "<img src=x onerror=alert(1)>";
/** The English name: breaks out of an attribute, then an SVG whose load handler alerts. */
const HOSTILE_EN = '"><svg onload=alert(2)>';

let work: string;
let server: StaticServer;
let browser: Browser;

/** CSV field, quoted when it must be (RFC 4180). */
const field = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "site-hostile-"));
  const env: NodeJS.ProcessEnv = { ...siteEnv(work), SAMPLE_ORDERS: "1500", LOG_LEVEL: "warn" };
  await run("npx", ["tsx", "pipeline/cli/cli.ts", "generate"], { cwd: ROOT, env });
  const dir = sampleDirFor(loadConfig(env));
  // The category with most items sold, so it is among the named ones on every chart.
  const productsCsv = path.join(dir, "olist_products_dataset.csv");
  const categoryOf = new Map(readCsvObjects(productsCsv).map((p) => [p.product_id, p.product_category_name]));
  const counts = new Map<string, number>();
  for (const i of readCsvObjects(path.join(dir, "olist_order_items_dataset.csv"))) {
    const c = categoryOf.get(i.product_id);
    if (c) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const victim = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  // product_id never holds a comma: the category is the second field of a products line.
  const products = readFileSync(productsCsv, "utf8").replace(new RegExp(`^([^,\\n]*),${victim},`, "gm"), (_, id) => `${id},${field(HOSTILE_PT)},`);
  writeFileSync(productsCsv, products);
  const translationCsv = path.join(dir, "product_category_name_translation.csv");
  const translation = readFileSync(translationCsv, "utf8").replace(new RegExp(`^${victim},[^\\r\\n]*`, "m"), `${field(HOSTILE_PT)},${field(HOSTILE_EN)}`);
  expect(translation).toContain(HOSTILE_EN.replace(/"/g, '""'));
  writeFileSync(translationCsv, translation);
  await run("npx", ["tsx", "pipeline/cli/cli.ts", "build"], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 });
  server = await serveStatic(env.SITE_OUTPUT!);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("a hostile category name", () => {
  for (const lang of LANGS) {
    for (const section of ["categories", "geography"] as const) {
      it(`shows as text and runs nothing on ${lang}/${section}`, async () => {
        const { page, dialogs, errors } = await openPage(browser, server.url, pagePath(lang, section));
        await waitForCharts(page, CHARTS[section]!);
        const injected = () => page.evaluate(() => document.querySelectorAll('img[src="x"], [onerror], [onload]').length);
        expect(await injected(), "no element made from the name").toBe(0);
        // Each name as text, in the reader's choice of language (a long axis label may be cut with "…").
        const texts = page.locator("figure[data-chart] svg[aria-label] text, form.filters label span");
        const showsAsText = (name: string) => async () =>
          (await texts.allTextContents()).some((t) => t.includes(name) || (t.endsWith("…") && t.length > 12 && name.startsWith(t.slice(0, -1))));
        for (const [choice, name] of [
          ["English", HOSTILE_EN],
          ["Português", HOSTILE_PT],
        ]) {
          await page.locator("form.filters").getByLabel(choice, { exact: true }).check();
          await expect.poll(showsAsText(name), { message: `${name} shown as text` }).toBe(true);
        }
        // Hover bars and cells, so tooltips draw the name too.
        for (const mark of (await page.locator('figure[data-chart] g[aria-label="bar"] rect, figure[data-chart] g[aria-label="cell"] rect').all()).slice(
          0,
          60,
        )) {
          await mark.hover({ force: true, timeout: 1000 }).catch(() => undefined);
        }
        expect(await injected(), "no element made from the name").toBe(0);
        expect(dialogs).toEqual([]);
        expect(errors).toEqual([]);
        await page.close();
      });
    }
  }
});
