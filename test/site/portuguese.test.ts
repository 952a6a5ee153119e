// A Portuguese page speaks Portuguese: the pipeline's step and job names get labels, data-test messages are
// translated (their ids, values and quoted rows stay, in code font where they stand alone), and category names
// carry their accents.
import { describe, expect, it } from "vitest";
import { CHARTS, pagePath, waitForCharts } from "./pages.ts";
import { siteInBrowser } from "./siteInBrowser.ts";

const site = siteInBrowser();
/** Words of the pipeline's English messages and labels that must not reach a Portuguese reader. */
const ENGLISH = /\b(failed|refresh the source|could not run|days old|e\.g\.|row\(s\)|load it)\b/;

describe("the Portuguese pages", () => {
  it("pipeline: step and job names in Portuguese, test messages translated, ids in code font", async () => {
    const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.server.url}${pagePath("pt", "pipeline")}`);
    await waitForCharts(page, CHARTS.pipeline!);
    const legend = await page.locator('figure[data-chart="pipeline-runs"] [class$="-swatch"]').allTextContents();
    expect(legend).toContain("extração");
    expect(legend).not.toContain("extract");
    const messages = await page.locator(".failing-tests tbody td:nth-child(5)").allTextContents();
    // The sample's BCB snapshot is old: its freshness test warns, so there is a message to read.
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(m).not.toMatch(ENGLISH);
    expect(messages.join(" ")).toMatch(/falhou/);
    const ids = await page.locator(".failing-tests tbody td:first-child code").count();
    expect(ids).toBe(messages.length);
    const jobs = await page.locator("section.jobs tbody td:first-child").allTextContents();
    expect(jobs.join(" ")).toContain("carga completa diária");
    expect(await page.locator("section.jobs tbody td:first-child code").count()).toBe(jobs.length);
    await page.close();
  });

  it("categories: names with their accents, never the source's snake_case keys", async () => {
    const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.server.url}${pagePath("pt", "categories")}`);
    await waitForCharts(page, CHARTS.categories!);
    const ticks = await page.locator('figure[data-chart="categories-top"] g[aria-label="y-axis tick label"] text').allTextContents();
    expect(ticks.join(" ")).not.toContain("_");
    expect(ticks.join(" ")).toMatch(/[áâãéêíóôõúç]/);
    const options = await page.locator("form.filters fieldset.checkboxes.wide .option span").allTextContents();
    expect(options).toContain("beleza e saúde");
    expect(options.join(" ")).not.toMatch(/beleza saude|informatica acessorios/);
    await page.close();
  });
});
