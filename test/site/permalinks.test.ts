// Every view is a permalink: a filter change shows in the URL, survives a reload, the language switch and the
// section links (pages sharing a filter share its state), and a default view keeps a clean URL.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { strings } from "../../src/components/strings.ts";
import { CHARTS, pagePath, waitForCharts } from "./pages.ts";
import { siteInBrowser } from "./siteInBrowser.ts";

const site = siteInBrowser();

const checkedStates = (page: Page) =>
  page.$$eval(".checkboxes.wide input[type=checkbox]", (inputs) => (inputs as HTMLInputElement[]).filter((i) => i.checked).map((i) => i.value));

describe("filters in the URL", () => {
  it("round-trips the states and months through reload, the language switch and a section link", async () => {
    const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.server.url}${pagePath("en", "geography")}`);
    await waitForCharts(page, CHARTS.geography!);
    expect(new URL(page.url()).search).toBe("");
    const allStates = await checkedStates(page);
    expect(allStates.length).toBeGreaterThan(20);

    await page.getByRole("button", { name: strings("en").filters.none, exact: true }).click();
    await page.check('input[type=checkbox][value="SP"]');
    await page.check('input[type=checkbox][value="RJ"]');
    expect(new URL(page.url()).searchParams.get("states")).toBe(
      ["SP", "RJ"]
        .filter((s) => allStates.includes(s))
        .sort((a, b) => allStates.indexOf(a) - allStates.indexOf(b))
        .join(","),
    );

    await page.reload();
    await waitForCharts(page, CHARTS.geography!);
    expect(await checkedStates(page)).toEqual(["RJ", "SP"].sort((a, b) => allStates.indexOf(a) - allStates.indexOf(b)));

    await page.click("a.lang-switch");
    await page.waitForURL((url) => url.pathname.startsWith("/pages/pt/geography"));
    await waitForCharts(page, CHARTS.geography!);
    expect(new URL(page.url()).searchParams.get("states")).not.toBeNull();
    expect((await checkedStates(page)).sort()).toEqual(["RJ", "SP"]);

    // A month range chosen here reaches the Economy page, which has the same filter.
    const fromSelect = page.locator(".month-range select").first();
    const months = await fromSelect.locator("option").evaluateAll((os) => (os as HTMLOptionElement[]).map((o) => o.value));
    await fromSelect.selectOption(months[3]);
    const range = new URL(page.url()).searchParams.get("months");
    expect(range?.startsWith(`${months[3]}..`)).toBe(true);
    await page.click(`.site-nav a[href*="economy"]`);
    await page.waitForURL((url) => url.pathname.startsWith("/pages/pt/economy"));
    await waitForCharts(page, CHARTS.economy!);
    expect(new URL(page.url()).searchParams.get("months")).toBe(range);
    expect(await page.locator(".month-range select").first().inputValue()).toBe(months[3]);
    await page.close();
  });
});
