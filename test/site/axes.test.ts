// Axes stay readable under any filter: with a two-month range or a single state, no axis of any chart shows the
// same tick label twice (rounded numbers or days within one month would otherwise repeat).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CHARTS, LANGS, pagePath, waitForCharts } from "./pages.ts";
import { siteInBrowser } from "./siteInBrowser.ts";
import type { Section } from "../../src/components/routes.ts";

const site = siteInBrowser();

/** Each axis' tick labels, by chart and axis. */
function tickLabels(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const out: Record<string, string[]> = {};
    for (const figure of document.querySelectorAll("figure[data-chart]")) {
      for (const axis of figure.querySelectorAll('svg [aria-label$="tick label"]')) {
        const key = `${figure.getAttribute("data-chart")} ${axis.getAttribute("aria-label")}`;
        out[key] = [...axis.querySelectorAll("text")].map((t) => t.textContent ?? "").filter((s) => s !== "");
      }
    }
    return out;
  });
}

/** The first and second month a page offers, from its month filter. */
async function twoMonths(page: Page): Promise<string> {
  const months = await page
    .locator(".month-range select")
    .first()
    .locator("option")
    .evaluateAll((os) => (os as HTMLOptionElement[]).map((o) => o.value));
  return `${months[10]}..${months[11]}`;
}

const duplicates = (labels: string[]) => labels.filter((l, i) => labels.indexOf(l) !== i);

describe("tick labels under narrow filters", () => {
  for (const lang of LANGS) {
    for (const section of ["economy", "geography", "categories"] as Section[]) {
      it(`repeat on no axis of ${lang}/${section} with two months${section === "geography" ? " and one state" : ""}`, async () => {
        const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(`${site.server.url}${pagePath(lang, section)}`);
        await waitForCharts(page, CHARTS[section]!);
        const query = new URLSearchParams({ months: await twoMonths(page) });
        if (section === "geography") query.set("states", "SP");
        await page.goto(`${site.server.url}${pagePath(lang, section)}?${query}`);
        await page.waitForFunction(() => document.querySelectorAll("figure[data-chart]").length > 0);
        await page.waitForTimeout(500);
        const axes = await tickLabels(page);
        expect(Object.keys(axes).length).toBeGreaterThan(2);
        const repeated = Object.fromEntries(Object.entries(axes).flatMap(([k, ls]) => (duplicates(ls).length ? [[k, ls]] : [])));
        expect(repeated).toEqual({});
        await page.close();
      });
    }
  }
});
