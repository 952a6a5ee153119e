// The numbers behind every chart: each chart of each page, in both languages, has a "Data" toggle with a table
// and a CSV download, and the CSV holds exactly what the chart drew (checked against the page's own data file
// and the marks in its SVG).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { strings } from "../../src/components/strings.ts";
import { parseCsv } from "../support/csv.ts";
import { CHARTS, LANGS, pagePath, SECTIONS_WITH_CHARTS, waitForCharts } from "./pages.ts";
import { siteInBrowser } from "./siteInBrowser.ts";

const site = siteInBrowser();

/** Opens a chart's data toggle and returns its download's CSV text and the table's row count. */
async function openData(page: Page, id: string): Promise<{ csv: string; rows: number; summary: string }> {
  const figure = page.locator(`figure[data-chart="${id}"]`);
  const summary = (await figure.locator("details.chart-data > summary").textContent()) ?? "";
  await figure.locator("details.chart-data > summary").click();
  const href = await figure.locator("a.csv-download").getAttribute("href");
  const csv = await page.evaluate((url) => fetch(url!).then((r) => r.text()), href);
  return { csv, rows: await figure.locator("details.chart-data tbody tr").count(), summary };
}

describe("data behind the charts", () => {
  for (const lang of LANGS) {
    it(`offers a table and a CSV under every chart of every ${lang} page`, async () => {
      const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
      for (const section of SECTIONS_WITH_CHARTS) {
        await page.goto(`${site.server.url}${pagePath(lang, section)}`);
        await waitForCharts(page, CHARTS[section]!);
        for (const id of CHARTS[section]!) {
          const { csv, rows, summary } = await openData(page, id);
          expect(summary, `${lang}/${section} ${id}`).toBe(strings(lang).chartData);
          const records = parseCsv(csv);
          expect(records.length, `${lang}/${section} ${id} has rows`).toBeGreaterThan(1);
          expect(rows, `${lang}/${section} ${id}: table and CSV agree`).toBe(records.length - 1);
        }
      }
      await page.close();
    });
  }

  it("gives, for the sales × rate scatter, one CSV row per dot with the month's own rate and revenue", async () => {
    const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.server.url}${pagePath("en", "economy")}`);
    await waitForCharts(page, CHARTS.economy!);
    const { csv } = await openData(page, "economy-sales-vs-rate");
    const [header, ...records] = parseCsv(csv);
    const dots = await page.locator('figure[data-chart="economy-sales-vs-rate"] svg[aria-label] circle').count();
    expect(records.length).toBe(dots);
    const file = readdirSync(path.join(site.dist, "_file", "data")).find((f) => f.startsWith("economy."))!;
    const monthly = JSON.parse(readFileSync(path.join(site.dist, "_file", "data", file), "utf8")).monthly as Record<string, unknown[]>;
    const expected = new Set(
      monthly.order_month.flatMap((_, i) => (monthly.avg_usd_brl_rate[i] === null ? [] : [`${monthly.avg_usd_brl_rate[i]}|${monthly.total_revenue_brl[i]}`])),
    );
    expect(header.slice(0, 2)).toEqual([strings("en").chart.usdBrl, strings("en").kpi.revenueBrl]);
    for (const r of records) expect(expected, `${r[0]} × ${r[1]}`).toContain(`${Number(r[0])}|${Number(r[1])}`);
    await page.close();
  });
});
