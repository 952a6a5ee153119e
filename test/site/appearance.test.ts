// How the site looks to a reader's settings: a dark system theme gets a dark page and charts drawn in light ink;
// printing drops navigation and controls and fits every page on A4.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CHARTS, pagePath, SECTIONS_WITH_CHARTS, waitForCharts } from "./pages.ts";
import { siteInBrowser } from "./siteInBrowser.ts";

const site = siteInBrowser();

/** Relative luminance (0 black … 1 white) of a CSS rgb()/rgba() colour. */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => Number(v) / 255);
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

async function colours(page: Page) {
  return page.evaluate(() => {
    const body = getComputedStyle(document.body);
    // What shows behind the text: the first opaque background from the body up, else the canvas' white.
    const opaque = [document.body, document.documentElement]
      .map((e) => getComputedStyle(e).backgroundColor)
      .find((c) => c !== "rgba(0, 0, 0, 0)" && c !== "transparent");
    const axis = document.querySelector("figure[data-chart] svg[aria-label]");
    return { background: opaque ?? "rgb(255, 255, 255)", text: body.color, axis: axis ? getComputedStyle(axis).color : null };
  });
}

describe("the colour scheme", () => {
  for (const scheme of ["light", "dark"] as const) {
    it(`follows a ${scheme} system setting, charts included`, async () => {
      const page = await site.browser.newPage({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
      await page.goto(`${site.server.url}${pagePath("en", "index")}`);
      await waitForCharts(page, CHARTS.index!);
      const c = await colours(page);
      if (scheme === "dark") {
        expect(luminance(c.background), c.background).toBeLessThan(0.05);
        expect(luminance(c.text), c.text).toBeGreaterThan(0.5);
        expect(luminance(c.axis!), `chart ink ${c.axis}`).toBeGreaterThan(0.5);
      } else {
        expect(luminance(c.background), c.background).toBeGreaterThan(0.9);
        expect(luminance(c.text), c.text).toBeLessThan(0.05);
      }
      await page.close();
    });
  }
});

describe("printing", () => {
  // A4 less 15 mm margins each side, at 96 px per inch.
  const A4_WIDTH = Math.floor(((210 - 30) / 25.4) * 96);
  for (const section of SECTIONS_WITH_CHARTS) {
    it(`prints en/${section} without navigation or controls, nothing wider than A4`, async () => {
      const page = await site.browser.newPage({ viewport: { width: A4_WIDTH, height: 1000 } });
      await page.goto(`${site.server.url}${pagePath("en", section)}`);
      await waitForCharts(page, CHARTS[section]!);
      await page.emulateMedia({ media: "print" });
      const layout = await page.evaluate(() => ({
        visible: [".site-nav", ".filters", "form", "button"].filter((s) =>
          [...document.querySelectorAll(s)].some((e) => (e as HTMLElement).offsetParent !== null),
        ),
        overflow: document.documentElement.scrollWidth - window.innerWidth,
      }));
      expect(layout.visible).toEqual([]);
      expect(layout.overflow).toBeLessThanOrEqual(0);
      await page.close();
    });
  }
});

describe("a phone", () => {
  for (const path of ["/pages/en/lineage", "/pages/pt/lineage", "/notebooks/"]) {
    it(`shows ${path} with nothing wider than its 390 px screen`, async () => {
      const page = await site.browser.newPage({ viewport: { width: 390, height: 844 } });
      await page.goto(`${site.server.url}${path}`);
      await page.waitForLoadState("networkidle");
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await page.close();
    });
  }
});
