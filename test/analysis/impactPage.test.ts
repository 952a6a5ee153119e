// The Economic impact page of the built site, in both languages: every chart labelled for screen readers, no
// error and no network, findings whose numbers equal an independent computation over fct_monthly_economics and
// fct_category_performance_economics, formatted by the page language's formatter.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatter } from "../../src/components/format.ts";
import type { Lang } from "../../src/components/routes.ts";
import { isEstimated, project, type EstimatedModel, type ScenarioModel } from "../../src/components/statistics/scenario.ts";
import { strings } from "../../src/components/strings.ts";
import { openAt } from "../support/warehouse.ts";
import { launchBrowser } from "../support/browser.ts";
import { builtSite } from "../support/site.ts";
import { serveStatic, type StaticServer } from "../support/staticServer.ts";

let server: StaticServer;
let browser: Browser;
let months: { order_month: string; order_count: number; total_revenue_brl: number; total_revenue_real_brl: number; total_revenue_usd: number }[];
let estimable: number;
let scenarioModels: EstimatedModel[];

beforeAll(async () => {
  const site = await builtSite();
  server = await serveStatic(site.dist);
  browser = await launchBrowser();
  const warehouse = await openAt(site.warehouse, { readOnly: true });
  try {
    // The documented rules, applied to the upstream marts: months with ≥ 10 % of the median month's orders;
    // categories that sold in ≥ 12 of them.
    const all = await warehouse.query<(typeof months)[number]>(`
      select order_month, order_count, total_revenue_brl, total_revenue_real_brl, total_revenue_usd
      from marts.fct_monthly_economics order by order_month`);
    const counts = all.map((m) => m.order_count).sort((a, b) => a - b);
    const median = counts.length % 2 ? counts[(counts.length - 1) / 2] : (counts[counts.length / 2 - 1] + counts[counts.length / 2]) / 2;
    months = all.filter((m) => m.order_count >= 0.1 * median);
    const inWindow = months.map((m) => `'${m.order_month}'`).join(", ");
    [{ n: estimable }] = await warehouse.query<{ n: number }>(`
      select count(*) as n from (
        select category_name from marts.fct_category_performance_economics
        where order_month in (${inWindow}) and revenue_share > 0
        group by category_name having count(*) >= 12)`);
    scenarioModels = (await warehouse.query<ScenarioModel>(`select * from marts.fct_category_scenario_model`)).filter(isEstimated);
  } finally {
    await warehouse.close();
  }
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Jan..last month of the last year against the same months a year before, summed straight from the mart. */
function growth() {
  const last = months[months.length - 1].order_month;
  const current = months.filter((m) => m.order_month.slice(0, 4) === last.slice(0, 4));
  const previous = current.map((m) => months.find((p) => p.order_month === `${Number(m.order_month.slice(0, 4)) - 1}${m.order_month.slice(4)}`)!);
  const sum = (list: typeof months, key: "total_revenue_brl" | "total_revenue_real_brl" | "total_revenue_usd") => list.reduce((s, m) => s + m[key], 0);
  const g = (key: "total_revenue_brl" | "total_revenue_real_brl" | "total_revenue_usd") => sum(current, key) / sum(previous, key) - 1;
  return {
    from: current[0].order_month,
    to: last,
    previousFrom: previous[0].order_month,
    previousTo: previous[previous.length - 1].order_month,
    nominal: g("total_revenue_brl"),
    real: g("total_revenue_real_brl"),
    usd: g("total_revenue_usd"),
  };
}

describe("the Economic impact page", () => {
  for (const lang of ["en", "pt"] as Lang[]) {
    it(`labels every chart, loads nothing from the network and states its numbers in ${lang}`, async () => {
      const f = formatter(lang);
      const t = strings(lang).impact;
      const page = await browser.newPage();
      const external: string[] = [];
      const errors: string[] = [];
      page.on("request", (r) => void (r.url().startsWith(server.url) || r.url().startsWith("data:") || external.push(r.url())));
      page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`${server.url}/pages/${lang}/impact`);
      await page.waitForSelector('[data-chart="impact-forecast"]');
      for (const id of ["impact-category-usd_brl", "impact-state-usd_brl", "impact-timing", "impact-real", "impact-forecast"]) {
        const svg = page.locator(`[data-chart="${id}"] svg[aria-label]`).last();
        expect(await svg.getAttribute("aria-description"), id).toBeTruthy();
      }
      expect(await page.locator('[data-findings="growth"]').textContent()).toBe(t.growthFinding(f, growth()));
      // The dollar's lags: a finding in words, and a table when some category's dollar effect survives FDR.
      const lags = (await page.locator('[data-findings="lags"] p').first().textContent()) ?? "";
      expect(lags.length, "lag finding").toBeGreaterThan(0);
      const summary = (await page.locator('[data-findings="category-usd_brl"] p').first().textContent()) ?? "";
      expect(summary.startsWith(`${f.integer(estimable)} `), summary).toBe(true);
      // The what-if: at the base month the table shows the model's projection there; with the dollar moved to 4.5
      // every row shows project() of the mart's row at 4.5 (the same arithmetic in node), formatted in the language.
      const sc = strings(lang).scenarios;
      await page.waitForSelector('[data-chart="impact-scenarios"] svg[aria-label]');
      const usd = page.locator("#scenario-usdBrl");
      await usd.evaluate((input: HTMLInputElement) => {
        input.value = "4.5";
        input.dispatchEvent(new Event("input", { bubbles: true }));
      });
      const shown = await page
        .locator('[data-table="scenarios"] tbody tr')
        .evaluateAll((rows) =>
          rows.map((r) => ({ category: r.getAttribute("data-category"), cells: [...r.querySelectorAll("td")].map((td) => td.textContent) })),
        );
      expect(shown.length).toBe(scenarioModels.length);
      for (const row of shown) {
        const m = scenarioModels.find((x) => x.category_name === row.category)!;
        const p = project(m, { usdBrl: 4.5, ipca: m.base_ipca_12m_pct, selic: m.base_selic_rate });
        expect(row.cells[1], row.category!).toBe(`${f.percent(p.share.value, 2)} (${f.percent(p.share.low, 2)} … ${f.percent(p.share.high, 2)})`);
        expect(row.cells[3], row.category!).toBe(`${f.brl(p.revenue.value)} (${f.brl(p.revenue.low)} … ${f.brl(p.revenue.high)})`);
      }
      // 4.5 is beyond every month the fit saw: the page says it extrapolates.
      expect(await page.locator('[data-findings="scenarios"]').textContent()).toContain(sc.outside([sc.usdBrl]));
      // Switching the indicator redraws the categories against SELIC.
      await page.getByLabel(t.indicators.selic).check();
      await page.waitForSelector('[data-chart="impact-category-selic"]');
      expect(external).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
