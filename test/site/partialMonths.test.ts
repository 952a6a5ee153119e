// Partial and thin months as a reader meets them: a band on every monthly chart that shows one, a footnote
// saying what it means, the Economy scatter's fit without them, and a freshness notice that speaks about the
// orders' period first.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/site.ts";
import { CHARTS, LANGS, pagePath, waitForCharts } from "./pages.ts";
import { siteInBrowser } from "./siteInBrowser.ts";

const site = siteInBrowser();
const SHARE = Number(YAML.parse(readFileSync(path.join(ROOT, "models", "project.yml"), "utf8")).vars.sensitivity_min_month_volume);

function loaderOutput(name: string): Record<string, Record<string, unknown[]>> {
  const dir = path.join(site.dist, "_file", "data");
  const file = readdirSync(dir).find((f) => f.startsWith(`${name}.`) && f.endsWith(".json"))!;
  return JSON.parse(readFileSync(path.join(dir, file), "utf8"));
}

/** Months under SHARE of the median month's orders, recomputed here from the orders per month. */
function thinMonths(monthly: Record<string, unknown[]>): string[] {
  const counts = monthly.order_count.map(Number);
  const sorted = [...counts].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  return monthly.order_month.filter((_, i) => counts[i] < SHARE * median).map(String);
}

/** Charts whose x axis is the months of the sales (the bands belong there). */
const MONTHLY: Record<string, string[]> = {
  index: ["overview-revenue", "overview-usd-brl"],
  economy: ["economy-revenue", "economy-usd-brl", "economy-ipca", "economy-selic", "economy-payments"],
  categories: ["categories-share", "categories-monthly"],
  geography: ["geography-late"],
};

describe("partial and thin months", () => {
  it("the sample has thin months at its edges, as the Olist data does (else this file tests nothing)", () => {
    expect(thinMonths(loaderOutput("overview").monthly).length).toBeGreaterThan(0);
  });

  for (const lang of LANGS) {
    for (const [section, ids] of Object.entries(MONTHLY)) {
      it(`are shaded, with a footnote, on every monthly chart of ${lang}/${section}`, async () => {
        const thin = thinMonths(loaderOutput("overview").monthly);
        const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(`${site.server.url}${pagePath(lang, section as "index")}`);
        await waitForCharts(page, CHARTS[section as "index"]!);
        for (const id of ids) {
          const figure = page.locator(`figure[data-chart="${id}"]`);
          const bands = await figure.locator("svg[aria-label] g.partial-months rect").count();
          expect(bands, `${id}: one band per thin month`).toBe(thin.length);
          expect(await figure.locator("[data-partial-months]").count(), `${id}: footnote`).toBe(1);
          // The bands are no data: the chart's table has no row for them.
          await figure.locator("details.chart-data summary").click();
          const header = await figure.locator(".chart-data-table th").allTextContents();
          expect(header.join("|")).not.toMatch(/x1|x2|start|end/);
        }
        await page.close();
      });
    }
  }

  it("are left out of the Economy scatter's fit: r² is the one of the full months alone", async () => {
    const { monthly } = loaderOutput("economy");
    const thin = new Set(thinMonths(monthly));
    const points = monthly.order_month
      .map((m, i) => ({ m: String(m), x: Number(monthly.avg_usd_brl_rate[i]), y: Number(monthly.total_revenue_brl[i]) }))
      .filter((p) => monthly.avg_usd_brl_rate[monthly.order_month.indexOf(p.m)] !== null);
    const r2 = (ps: { x: number; y: number }[]) => {
      const n = ps.length;
      const mx = ps.reduce((s, p) => s + p.x, 0) / n;
      const my = ps.reduce((s, p) => s + p.y, 0) / n;
      const sxy = ps.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
      const sxx = ps.reduce((s, p) => s + (p.x - mx) ** 2, 0);
      const syy = ps.reduce((s, p) => s + (p.y - my) ** 2, 0);
      return (sxy * sxy) / (sxx * syy);
    };
    const full = r2(points.filter((p) => !thin.has(p.m)));
    const all = r2(points);
    // Only a test when leaving the thin months out changes the displayed r².
    expect(full.toFixed(2)).not.toBe(all.toFixed(2));
    const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.server.url}${pagePath("en", "economy")}`);
    await waitForCharts(page, CHARTS.economy!);
    const figure = page.locator('figure[data-chart="economy-sales-vs-rate"]');
    expect(
      await figure
        .locator("h3, figcaption, p")
        .first()
        .textContent()
        .then(() => figure.textContent()),
    ).toContain(`r² = ${full.toFixed(2)}`);
    // Each thin month is crossed out on the scatter, and the footnote says why.
    expect(await figure.locator("svg[aria-label] g.partial-months path").count()).toBe([...thin].filter((m) => points.some((p) => p.m === m)).length);
    expect(await figure.locator("[data-partial-months]").count()).toBe(1);
    await page.close();
  });

  for (const lang of LANGS) {
    it(`the ${lang} freshness notice speaks about the orders' period first, newer BCB data as information only`, async () => {
      const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${site.server.url}${pagePath(lang, "index")}`);
      await waitForCharts(page, CHARTS.index!);
      const parts = await page.$$eval(".data-as-of > *", (es) =>
        es.map((e) => ({ kind: [...e.attributes].map((a) => a.name).join(" "), text: e.textContent ?? "" })),
      );
      expect(parts[0].kind).toContain("data-coverage");
      const overview = loaderOutput("overview");
      const months = overview.monthly.order_month.length;
      expect(parts[0].text).toContain(`(${months} `);
      // The sample's BCB snapshot covers the orders: no alarm, only the information line.
      expect(await page.locator(".data-as-of .notice").count()).toBe(0);
      expect(parts.map((p) => p.kind).join(" ")).toContain("data-indicators-cover");
      expect(parts.at(-1)!.kind).toContain("data-indicators-info");
      await page.close();
    });
  }
});
