// Clicking a chart filters the page: a state on the map or a category's bar keeps only that one in the filters
// (the URL says so, every chart redraws), and a second click brings them all back.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CHARTS, chartFacts, pagePath, waitForCharts } from "./pages.ts";
import { siteInBrowser } from "./siteInBrowser.ts";

const site = siteInBrowser();

async function clickAt(page: Page, selector: string) {
  const target = page.locator(selector).first();
  await target.scrollIntoViewIfNeeded();
  const box = (await target.boundingBox())!;
  // Off the mark first: the chart redrawn under a still pointer only knows the mark once the pointer moves.
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 60);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
  await page.waitForTimeout(100);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** The values ticked in the page's long list (the states, or the categories). */
const checked = (page: Page) =>
  page.locator("form.filters fieldset.checkboxes.wide input:checked").evaluateAll((is) => is.map((i) => (i as HTMLInputElement).value));

async function waitForQuery(page: Page, key: string, value: string | null) {
  await page.waitForFunction(([k, v]) => new URLSearchParams(location.search).get(k) === v, [key, value] as const, { timeout: 5000 });
}

describe("click to filter", () => {
  for (const lang of ["en", "pt"] as const) {
    it(`a state on the ${lang} map keeps only that state, in the URL too; a second click keeps all`, async () => {
      const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${site.server.url}${pagePath(lang, "geography")}`);
      await waitForCharts(page, CHARTS.geography!);
      const all = await checked(page);
      expect(all.length).toBeGreaterThan(20);
      const before = await chartFacts(page);
      await clickAt(page, 'figure[data-chart="geography-map"] svg[aria-label] g[aria-label="text"] text:text-is("MG")');
      await waitForQuery(page, "states", "MG");
      expect(await checked(page)).toEqual(["MG"]);
      // Every chart of the page redraws for the one state.
      await page.waitForTimeout(300);
      const after = await chartFacts(page);
      const delivery = (facts: typeof before) => facts.find((c) => c.id === "geography-delivery")!.svg;
      expect(delivery(after)).not.toBe(delivery(before));
      await clickAt(page, 'figure[data-chart="geography-map"] svg[aria-label] g[aria-label="text"] text:text-is("MG")');
      await waitForQuery(page, "states", null);
      expect(await checked(page)).toEqual(all);
      await page.close();
    });
  }

  it("a category's bar keeps only that category, in the URL and after a reload", async () => {
    const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.server.url}${pagePath("en", "categories")}`);
    await waitForCharts(page, CHARTS.categories!);
    const firstLabel = await page.locator('figure[data-chart="categories-top"] g[aria-label="y-axis tick label"] text').first().textContent();
    await clickAt(page, 'figure[data-chart="categories-top"] svg[aria-label] g[aria-label="bar"] rect');
    // The largest category is index 0 of dim_categories: the filter keeps "0".
    await waitForQuery(page, "categories", "0");
    expect(await checked(page)).toEqual(["0"]);
    await page.reload();
    await waitForCharts(page, CHARTS.categories!);
    expect(await checked(page)).toEqual(["0"]);
    const bars = await page.locator('figure[data-chart="categories-top"] svg[aria-label] g[aria-label="bar"] rect').count();
    expect(bars).toBe(1);
    expect(await page.locator('figure[data-chart="categories-top"] g[aria-label="y-axis tick label"] text').first().textContent()).toBe(firstLabel);
    await page.close();
  });
});
