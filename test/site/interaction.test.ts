// The filters in a real browser: changing one changes what every chart of the page draws, and the numbers shown
// after filtering equal numbers computed independently from the sample's CSVs and the BCB snapshot.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatter } from "../../src/components/format.ts";
import type { Lang } from "../../src/components/routes.ts";
import { strings } from "../../src/components/strings.ts";
import { launchBrowser } from "../support/browser.ts";
import { readCsvObjects } from "../support/csv.ts";
import { referenceSales, usdRateLookup } from "../support/reference.ts";
import { builtSite, ROOT, type BuiltSite } from "../support/site.ts";
import { serveStatic, type StaticServer } from "../support/staticServer.ts";
import { CHARTS, chartFacts, openPage, pagePath, waitForCharts, type ChartFacts } from "./pages.ts";

let site: BuiltSite;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  site = await builtSite();
  server = await serveStatic(site.dist);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits until every chart of `ids` draws something other than it did in `before`; returns the new facts. */
async function afterChange(page: Page, before: ChartFacts[], ids: string[]): Promise<ChartFacts[]> {
  const old = new Map(before.map((c) => [c.id, c.svg]));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const now = await chartFacts(page);
    const changed = ids.filter((id) => {
      const c = now.find((x) => x.id === id);
      return c !== undefined && c.svg !== "" && c.svg !== old.get(id);
    });
    if (changed.length === ids.length || Date.now() > deadline) return now;
    await page.waitForTimeout(50);
  }
}

const byId = (facts: ChartFacts[], id: string) => facts.find((c) => c.id === id)!;

describe("filters", () => {
  for (const section of ["categories", "geography", "economy"] as const) {
    it(`narrowing the months on ${section} changes every chart of the page`, async () => {
      const ids = CHARTS[section]!;
      const { page, errors } = await openPage(browser, server.url, pagePath("en", section));
      await waitForCharts(page, ids);
      const before = await chartFacts(page);
      const from = page.locator("form.filters .month-range select").first();
      const months = await from.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      await from.selectOption(months[Math.floor(months.length / 2)]);
      const after = await afterChange(page, before, ids);
      for (const id of ids) expect(byId(after, id).svg, `${id} redrawn`).not.toBe(byId(before, id).svg);
      for (const id of ids) expect(byId(after, id).markElements, `${id} still draws data`).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  for (const lang of ["en", "pt"] as Lang[]) {
    it(`one state and one month on the map show that state's revenue, computed from the CSVs (${lang})`, async () => {
      const sales = referenceSales(site.sampleDir).filter((s) => s.state === "SP");
      const perMonth = new Map<string, number>();
      for (const s of sales) perMonth.set(s.month, (perMonth.get(s.month) ?? 0) + s.valueCents);
      const [month, cents] = [...perMonth.entries()].sort((a, b) => b[1] - a[1])[0];
      const { page, errors } = await openPage(browser, server.url, pagePath(lang, "geography"));
      await waitForCharts(page, CHARTS.geography!);
      const t = strings(lang);
      await page.locator("form.filters .month-range select").first().selectOption(month);
      await page.locator("form.filters .month-range select").last().selectOption(month);
      await page.locator("form.filters fieldset.checkboxes").getByRole("button", { name: t.filters.none }).click();
      await page.locator('form.filters input[type="checkbox"][value="SP"]').check();
      await page.waitForFunction(() => !!document.querySelector('figure[data-chart="geography-map"] svg[aria-label]'));
      const expected = `São Paulo ${formatter(lang).brl(cents / 100)}.`;
      await expect.poll(async () => (await chartFacts(page)).find((c) => c.id === "geography-map")?.ariaDescription).toContain(expected);
      // Every chart of the page follows the state filter: the freight chart has SP's bar only.
      const facts = byId(await chartFacts(page), "geography-freight");
      expect(facts.markElements).toBe(1);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it("keeping one exchange-rate period on Economy keeps exactly that period's months in the scatter", async () => {
    const vars = YAML.parse(readFileSync(path.join(ROOT, "models", "project.yml"), "utf8")).vars;
    const rate = usdRateLookup();
    const salesMonths = new Set(referenceSales(site.sampleDir).map((s) => s.month));
    // dim_calendar ends on the last order day: the last month averages the days up to it.
    const known = new Set<string>(vars.known_statuses);
    const lastDay = readCsvObjects(path.join(site.sampleDir, "olist_orders_dataset.csv"))
      .filter((o) => known.has(o.order_status.trim().toLowerCase()) && o.order_purchase_timestamp)
      .map((o) => o.order_purchase_timestamp.slice(0, 10))
      .sort()
      .at(-1)!;
    const moderate = [...salesMonths].filter((month) => {
      const rates: number[] = [];
      for (let d = new Date(`${month}T00:00:00Z`); d.toISOString().slice(0, 7) === month.slice(0, 7); d.setUTCDate(d.getUTCDate() + 1)) {
        const day = d.toISOString().slice(0, 10);
        if (day > lastDay) break;
        rates.push(rate(day));
      }
      const avg = rates.reduce((a, b) => a + b, 0) / rates.length;
      return avg >= vars.strong_brl_below && avg <= vars.weak_brl_above;
    });
    expect(moderate.length, "the sample has months of a moderate real").toBeGreaterThan(1);
    const { page } = await openPage(browser, server.url, pagePath("en", "economy"));
    await waitForCharts(page, CHARTS.economy!);
    const before = await chartFacts(page);
    const periods = page.locator("form.filters fieldset.checkboxes");
    await periods.getByRole("button", { name: strings("en").filters.none }).click();
    await periods.locator('input[value="Moderate"]').check();
    await afterChange(page, before, ["economy-sales-vs-rate"]);
    const dots = await page.locator('figure[data-chart="economy-sales-vs-rate"] svg[aria-label] g[aria-label="dot"] circle').count();
    expect(dots).toBe(moderate.length);
    await page.close();
  });

  it("shows category names in English, Portuguese or both at the reader's choice", async () => {
    // The reviewed names of the seed, read here from the CSV itself (the site reads them through the marts).
    const names = readCsvObjects(path.join(ROOT, "models", "seeds", "category_names.csv"));
    const { page } = await openPage(browser, server.url, pagePath("en", "categories"));
    await waitForCharts(page, CHARTS.categories!);
    const ticks = () =>
      page.$$eval('figure[data-chart="categories-top"] svg[aria-label] g[aria-label="y-axis tick label"] text', (ts) => ts.map((t) => t.textContent ?? ""));
    const english = await ticks();
    const before = await chartFacts(page);
    await page.locator("form.filters").getByLabel(strings("en").filters.namesPt, { exact: true }).check();
    await afterChange(page, before, ["categories-top"]);
    const portuguese = await ticks();
    // The same categories, now by their Portuguese names (as the seed pairs them), accents included.
    const toPt = new Map(names.map((r) => [r.label_en, r.label_pt]));
    expect([...portuguese, ...english].join(" "), "labels, not keys").not.toContain("_");
    const translated = english.filter((e) => toPt.has(e));
    expect(translated.length).toBeGreaterThan(5);
    for (const e of translated) expect(portuguese).toContain(toPt.get(e));
    // The filter list follows the choice too.
    expect(await page.locator("form.filters fieldset.checkboxes.wide .option span").first().textContent()).toBe(portuguese[0]);
    await page.close();
  });
});
