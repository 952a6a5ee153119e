// The lineage page of the built site, in both languages: the graph has a box per source and model with the
// warehouse's row counts, the summary counts the data tests, and nothing is fetched from the network.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatter } from "../../src/components/format.ts";
import type { Lang } from "../../src/components/routes.ts";
import { strings } from "../../src/components/strings.ts";
import { openAt } from "../support/warehouse.ts";
import { launchBrowser } from "../support/browser.ts";
import { builtSite, type BuiltSite } from "../support/site.ts";
import { serveStatic, type StaticServer } from "../support/staticServer.ts";

let site: BuiltSite;
let server: StaticServer;
let browser: Browser;
let expected: { passed: number; ordersRows: number };

beforeAll(async () => {
  site = await builtSite();
  server = await serveStatic(site.dist);
  browser = await launchBrowser();
  const w = await openAt(site.warehouse, { readOnly: true });
  try {
    const [{ passed }] = await w.query<{ passed: number }>(
      `select count(*) as passed from meta.test_results
       where status = 'pass' and run_id = (select run_id from meta.test_results order by finished_at desc limit 1)`,
    );
    const [{ rows }] = await w.query<{ rows: number }>("select count(*) as rows from marts.fct_orders_with_economics");
    expected = { passed, ordersRows: rows };
  } finally {
    await w.close();
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the lineage page", () => {
  for (const lang of ["en", "pt"] as Lang[]) {
    it(`draws the model graph with row counts and test results (${lang})`, async () => {
      const f = formatter(lang);
      const t = strings(lang).lineage;
      const page = await browser.newPage();
      const external: string[] = [];
      const errors: string[] = [];
      page.on("request", (r) => void (r.url().startsWith(server.url) || r.url().startsWith("data:") || external.push(r.url())));
      page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
      page.on("pageerror", (e) => void errors.push(String(e)));
      await page.goto(`${server.url}/pages/${lang}/lineage`);
      await page.waitForSelector("svg[role=img] g[data-node]");
      expect(await page.getAttribute("svg[role=img]", "aria-label")).toBe(t.alt);
      const nodes = await page.$$eval("g[data-node]", (gs) => gs.map((g) => ({ name: g.getAttribute("data-node"), text: g.textContent ?? "" })));
      const names = nodes.map((n) => n.name);
      for (const name of ["olist.orders", "base_orders", "stg_orders", "dim_calendar", "fct_orders_with_economics", "fct_category_performance_economics"]) {
        expect(names, name).toContain(name);
      }
      const fct = nodes.find((n) => n.name === "fct_orders_with_economics")!;
      expect(fct.text).toContain(`${f.integer(expected.ordersRows)} ${t.rows}`);
      expect(await page.locator("svg[role=img] path").count()).toBeGreaterThan(names.length);
      expect(await page.textContent('[data-lineage="passed"] .value')).toBe(f.integer(expected.passed));
      expect(external).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it("is linked from the navigation in both languages", async () => {
    const en = readFileSync(path.join(site.dist, "pages", "en", "index.html"), "utf8");
    const pt = readFileSync(path.join(site.dist, "pages", "pt", "index.html"), "utf8");
    expect(en).toContain(`>${strings("en").sections.lineage}</a>`);
    expect(pt).toContain(`>${strings("pt").sections.lineage}</a>`);
  });
});
