// Every section of the built site in both languages, in headless Chromium: loads with no console error and no
// request leaving localhost, renders each of its charts with data marks, a title and a text alternative, keeps
// the reader's section across the language switch; screenshots of each page go to test-results/screenshots/.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { strings } from "../../src/components/strings.ts";
import { launchBrowser } from "../support/browser.ts";
import { ARTIFACTS, builtSite } from "../support/site.ts";
import { serveStatic, type StaticServer } from "../support/staticServer.ts";
import { CHARTS, chartFacts, LANGS, openPage, pagePath, SECTIONS_WITH_CHARTS, waitForCharts } from "./pages.ts";

const SCREENSHOTS = path.join(ARTIFACTS, "screenshots");
const PHONE = { width: 390, height: 844 };

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  const site = await builtSite();
  server = await serveStatic(site.dist);
  browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the analysis site", () => {
  it("has at least fifteen distinct charts across its sections", () => {
    const ids = new Set(Object.values(CHARTS).flat());
    expect(ids.size).toBeGreaterThanOrEqual(15);
  });

  for (const lang of LANGS) {
    for (const section of SECTIONS_WITH_CHARTS) {
      it(`renders ${lang}/${section} with every chart, no console error and nothing fetched off localhost`, async () => {
        const ids = CHARTS[section]!;
        const { page, errors, external } = await openPage(browser, server.url, pagePath(lang, section));
        await waitForCharts(page, ids);
        expect(await page.locator("html").getAttribute("lang")).toBe(lang === "pt" ? "pt-BR" : "en");
        const charts = await chartFacts(page);
        expect(charts.map((c) => c.id)).toEqual(ids);
        for (const chart of charts) {
          expect(chart.markElements, `${chart.id} draws data`).toBeGreaterThan(0);
          expect(chart.title, `${chart.id} has a title`).not.toBe("");
          expect(chart.ariaLabel, `${chart.id} is labelled by its title`).toBe(chart.title);
          expect(chart.ariaDescription?.length ?? 0, `${chart.id} has a text alternative`).toBeGreaterThan(40);
        }
        // The page's own navigation marks the current section.
        expect(await page.locator('.site-nav a[aria-current="page"]').textContent()).toBe(strings(lang).sections[section]);
        await page.screenshot({ path: path.join(SCREENSHOTS, `${lang}-${section}-desktop.png`), fullPage: true });
        await page.setViewportSize(PHONE);
        // Charts re-render at the new width: wait until every chart fits the phone screen.
        await page.waitForFunction(
          (max) => [...document.querySelectorAll("figure[data-chart] svg[aria-label]")].every((s) => s.getBoundingClientRect().width <= max),
          PHONE.width,
        );
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, "nothing wider than a phone screen").toBeLessThanOrEqual(0);
        await page.screenshot({ path: path.join(SCREENSHOTS, `${lang}-${section}-phone.png`), fullPage: true });
        expect(errors).toEqual([]);
        expect(external).toEqual([]);
        await page.close();
      });

      it(`switches ${lang}/${section} to the other language on the same section`, async () => {
        const other = lang === "en" ? "pt" : "en";
        const { page } = await openPage(browser, server.url, pagePath(lang, section));
        await page.click("a.lang-switch");
        await page.waitForURL((url) => url.pathname.replace(/\.html$/, "") === pagePath(other, section));
        expect(await page.locator("html").getAttribute("lang")).toBe(other === "pt" ? "pt-BR" : "en");
        await page.close();
      });
    }
  }
});
