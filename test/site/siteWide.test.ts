// What holds for the whole site: at least 25 charts in one language, each with its data toggle, and no page
// of either language wider than a 390 px phone (tables scroll inside their own box).
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { siteInBrowser } from "./siteInBrowser.ts";

const site = siteInBrowser();

function pages(lang: string): string[] {
  return readdirSync(`${site.dist}/pages/${lang}`)
    .filter((f) => f.endsWith(".html"))
    .map((f) => `/pages/${lang}/${f}`)
    .sort();
}

describe("the whole site", () => {
  it("has at least 25 charts in English, each drawn and with its data toggle", async () => {
    const ids: string[] = [];
    for (const path of pages("en")) {
      const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${site.server.url}${path}`, { waitUntil: "networkidle" });
      await page.waitForTimeout(500);
      const charts = await page.$$eval("figure[data-chart]", (fs) =>
        fs.map((f) => ({ id: f.getAttribute("data-chart")!, drawn: !!f.querySelector("svg[aria-label]"), data: !!f.querySelector("details.chart-data") })),
      );
      for (const c of charts) {
        expect(c.drawn, `${path} ${c.id} drawn`).toBe(true);
        expect(c.data, `${path} ${c.id} data toggle`).toBe(true);
      }
      ids.push(...charts.map((c) => c.id));
      await page.close();
    }
    expect(new Set(ids).size, ids.join(" ")).toBe(ids.length);
    expect(ids.length, ids.join(" ")).toBeGreaterThanOrEqual(25);
  });

  for (const lang of ["en", "pt"]) {
    it(`shows every ${lang} page within a 390 px phone screen`, async () => {
      const wide: string[] = [];
      for (const path of pages(lang)) {
        const page = await site.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
        await page.goto(`${site.server.url}${path}`, { waitUntil: "networkidle" });
        await page.waitForTimeout(500);
        const width = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
        if (width > 390) wide.push(`${path}: ${width} px`);
        await page.close();
      }
      expect(wide).toEqual([]);
    });
  }
});
