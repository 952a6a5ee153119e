// One colour per series across the site: a legend entry keeps its colour on every chart of every page, and the
// three revenue series (nominal, constant BRL, dollars) have the same three colours wherever they are drawn.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Section } from "../../src/components/routes.ts";
import { CHARTS, LANGS, pagePath, waitForCharts } from "./pages.ts";
import { siteInBrowser } from "./siteInBrowser.ts";

const site = siteInBrowser();
const SECTIONS: Section[] = ["index", "categories", "geography", "economy", "impact", "pipeline"];

/** Every swatch legend of the page: chart id → [label, colour] in legend order. */
async function legends(page: Page): Promise<Record<string, [string, string][]>> {
  return page.$$eval("figure[data-chart]", (figures) =>
    Object.fromEntries(
      figures.map((f) => [
        f.getAttribute("data-chart")!,
        [...f.querySelectorAll("[class$='-swatch']")].map((s) => {
          const shape = s.querySelector("svg [fill]:not([fill='none']), svg rect, svg circle");
          return [(s.textContent ?? "").trim(), getComputedStyle(shape ?? s).fill || shape?.getAttribute("fill") || ""] as [string, string];
        }),
      ]),
    ),
  );
}

describe("series colours", () => {
  for (const lang of LANGS) {
    it(`give each ${lang} legend entry one colour on every page`, async () => {
      const colours = new Map<string, Map<string, string[]>>();
      const byChart: Record<string, [string, string][]> = {};
      for (const section of SECTIONS) {
        const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(`${site.server.url}${pagePath(lang, section)}`, { waitUntil: "networkidle" });
        if (CHARTS[section]) await waitForCharts(page, CHARTS[section]!);
        for (const [id, entries] of Object.entries(await legends(page))) {
          byChart[id] = entries;
          for (const [label, colour] of entries) {
            const seen = colours.get(label) ?? new Map<string, string[]>();
            seen.set(colour, [...(seen.get(colour) ?? []), id]);
            colours.set(label, seen);
          }
        }
        await page.close();
      }
      expect(colours.size, "legends found").toBeGreaterThan(10);
      const clashes = [...colours].filter(([, seen]) => seen.size > 1).map(([label, seen]) => `${label}: ${JSON.stringify(Object.fromEntries(seen))}`);
      expect(clashes).toEqual([]);
      // Nominal, constant and dollar revenue: the same colours, in the same order, on every chart that draws them.
      const revenue = ["overview-revenue", "economy-revenue", "impact-real"].map((id) => (byChart[id] ?? []).map(([, c]) => c));
      expect(revenue[0]).toHaveLength(3);
      expect(revenue[1]).toEqual(revenue[0]);
      expect(revenue[2]).toEqual(revenue[0]);
    });
  }
});
