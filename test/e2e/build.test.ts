// The README's first command, end to end: `npm run build` on the embedded sample gives a site whose KPIs equal
// numbers computed independently from the raw CSVs, in both languages, with no network and no secrets.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatter } from "../../src/components/format.ts";
import type { Lang } from "../../src/components/routes.ts";
import { launchBrowser } from "../support/browser.ts";
import { referenceKpis } from "../support/reference.ts";
import { builtSite, type BuiltSite } from "../support/site.ts";
import { serveStatic, type StaticServer } from "../support/staticServer.ts";

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

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describe("npm run build", () => {
  it("writes the Overview in English and in Portuguese with the right <html lang>", () => {
    const en = readFileSync(path.join(site.dist, "pages", "en", "index.html"), "utf8");
    const pt = readFileSync(path.join(site.dist, "pages", "pt", "index.html"), "utf8");
    expect(en).toMatch(/<html lang="en">/);
    expect(pt).toMatch(/<html lang="pt-BR">/);
  });

  it("references no CDN, web font or connection string anywhere in dist/", () => {
    for (const file of filesUnder(site.dist)) {
      const text = readFileSync(file, "utf8");
      expect(text, file).not.toMatch(/cdn\.jsdelivr|fonts\.googleapis|esm\.sh|unpkg\.com|postgres(ql)?:\/\//);
    }
  });

  for (const lang of ["en", "pt"] as Lang[]) {
    it(`shows KPIs equal to an independent computation over the raw tables (${lang})`, async () => {
      const expected = referenceKpis(site.sampleDir);
      const f = formatter(lang);
      const page = await browser.newPage();
      const external: string[] = [];
      const errors: string[] = [];
      page.on("request", (r) => void (r.url().startsWith(server.url) || r.url().startsWith("data:") || external.push(r.url())));
      page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
      await page.goto(`${server.url}/pages/${lang}/`);
      await page.waitForSelector('[data-kpi="customers"] .value');
      const shown = Object.fromEntries(
        await page.$$eval("[data-kpi]", (cards) => cards.map((c) => [c.getAttribute("data-kpi"), c.querySelector(".value")?.textContent ?? ""])),
      );
      expect(shown).toEqual({
        orders: f.integer(expected.orders),
        revenue_brl: f.brl(expected.revenue_brl),
        revenue_usd: f.usd(expected.revenue_usd),
        avg_order_value_brl: f.brl(expected.avg_order_value_brl),
        customers: f.integer(expected.customers),
      });
      expect(await page.locator("svg[aria-label]").count()).toBeGreaterThan(0);
      expect(external).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it("switches language on the same section", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/pages/en/`);
    await page.click("a.lang-switch");
    await page.waitForURL(/\/pages\/pt\/$/);
    expect(await page.locator("html").getAttribute("lang")).toBe("pt-BR");
    await page.close();
  });
});
