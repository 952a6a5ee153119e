// The site in a browser on loopback: per page, the time until every chart has rendered and the bytes transferred,
// against a bare Framework page (no charts, no data) measured in the same run; and each page's data, gzipped, at
// N orders (default 100,000) and at a small sample, to show it stays within budget and does not grow with orders.
// Usage: npx tsx bench/site.ts [orders]   (BENCH_SITE_DIST=<dist> measures an existing build instead)
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { PROJECT_ROOT } from "../pipeline/config.ts";
import { launchBrowser } from "../test/support/browser.ts";
import { serveStatic } from "../test/support/staticServer.ts";
import { CHARTS, LANGS, pagePath, SECTIONS_WITH_CHARTS } from "../test/site/pages.ts";

const orders = Number(process.argv[2] ?? process.env.BENCH_ORDERS ?? 100_000);
const SMALL = 5_000;
const RUNS = 5;
const TARGET_MS = 1000;
const BUDGET_KB = 300;
const work = mkdtempSync(path.join(os.tmpdir(), "bench-site-"));

function buildSite(n: number): string {
  const dir = path.join(work, `orders-${n}`);
  const env = {
    ...process.env,
    TZ: "UTC",
    LOG_LEVEL: "warn",
    SAMPLE_ORDERS: String(n),
    SAMPLE_DIR: path.join(dir, "sample"),
    WAREHOUSE_PATH: path.join(dir, "analytics.duckdb"),
    SITE_OUTPUT: path.join(dir, "dist"),
  };
  execFileSync(path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["pipeline/cli/cli.ts", "build"], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return env.SITE_OUTPUT;
}

/** The baseline: a Framework page with a heading and a paragraph, built by the same Framework, same theme. */
function buildBarePage(): string {
  const dir = path.join(work, "bare");
  mkdirSync(path.join(dir, "src"), { recursive: true });
  writeFileSync(path.join(dir, "src", "index.md"), "# Bare page\n\nNo charts, no data.\n");
  writeFileSync(path.join(dir, "src", "style.css"), readFileSync(path.join(PROJECT_ROOT, "src", "style.css")));
  writeFileSync(
    path.join(dir, "observablehq.config.js"),
    `export default {root: "src", output: "dist", globalStylesheets: [], style: "style.css", sidebar: false, pager: false, toc: false, search: false, head: '<link rel="icon" href="data:,">'};\n`,
  );
  const bin = path.join(PROJECT_ROOT, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
  execFileSync(process.execPath, [bin, "build"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  return path.join(dir, "dist");
}

interface Load {
  ms: number;
  bytes: number;
  gzipBytes: number;
  dataGzipBytes: number;
}

/** One cold load (fresh context, no cache): ms from navigation start until every chart has its <svg>. */
async function load(browser: Browser, dist: string, urlPath: string, charts: string[]): Promise<Load> {
  const server = await serveStatic(dist);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}${urlPath}`, { waitUntil: "commit" });
    const ms = charts.length
      ? await page
          .waitForFunction((ids) => ids.every((id) => document.querySelector(`figure[data-chart="${id}"] svg[aria-label]`)) && performance.now(), charts, {
            polling: "raf",
            timeout: 30_000,
          })
          .then((h) => h.jsonValue() as Promise<number>)
      : await page
          .waitForFunction(() => document.readyState === "complete" && performance.now(), undefined, { polling: "raf" })
          .then((h) => h.jsonValue() as Promise<number>);
    await page.waitForLoadState("load");
    let bytes = 0;
    let gzipBytes = 0;
    let dataGzipBytes = 0;
    for (const [file, size] of server.sent) {
      bytes += size;
      const gz = gzipSync(readFileSync(servedFile(dist, file))).length;
      gzipBytes += gz;
      if (file.includes("/_file/")) dataGzipBytes += gz;
    }
    return { ms, bytes, gzipBytes, dataGzipBytes };
  } finally {
    await context.close();
    await server.close();
  }
}

/** The file the static server sent for a request path (x/ → x/index.html, x → x or x.html). */
function servedFile(dist: string, file: string): string {
  const full = path.join(dist, file);
  if (file.endsWith("/")) return path.join(full, "index.html");
  return existsSync(full) ? full : `${full}.html`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

const existing = process.env.BENCH_SITE_DIST;
console.log(`\n## Site in Chromium on loopback${existing ? ` (${existing})` : ` at ${orders.toLocaleString("en-US")} orders`}, median of ${RUNS} cold loads`);
const dist = existing ?? buildSite(orders);
const small = existing ? null : buildSite(SMALL);
const bare = buildBarePage();
const browser = await launchBrowser();
try {
  const base = [];
  for (let i = 0; i < RUNS; i++) base.push(await load(browser, bare, "/", []));
  const baseMs = median(base.map((b) => b.ms));
  console.log(
    `${"baseline: bare Framework page".padEnd(28)} ${baseMs.toFixed(0).padStart(6)} ms   ${kb(base[0].bytes).padStart(8)} sent (${kb(base[0].gzipBytes)} gzipped)`,
  );
  let slow = 0;
  let over = 0;
  for (const lang of LANGS) {
    for (const section of SECTIONS_WITH_CHARTS) {
      const charts = CHARTS[section]!;
      const loads = [];
      for (let i = 0; i < RUNS; i++) loads.push(await load(browser, dist, pagePath(lang, section), charts));
      const ms = median(loads.map((l) => l.ms));
      const { bytes, gzipBytes, dataGzipBytes } = loads[0];
      const smallData = small ? (await load(browser, small, pagePath(lang, section), charts)).dataGzipBytes : null;
      slow += ms > TARGET_MS ? 1 : 0;
      over += dataGzipBytes > BUDGET_KB * 1024 ? 1 : 0;
      console.log(
        `${`${lang}/${section} (${charts.length} charts)`.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms ${`(${(ms / baseMs).toFixed(1)}× baseline)`.padEnd(17)}` +
          `${kb(bytes).padStart(8)} sent (${kb(gzipBytes)} gzipped); data ${kb(dataGzipBytes)} gzipped` +
          (smallData === null ? "" : ` (${kb(smallData)} at ${SMALL.toLocaleString("en-US")} orders)`),
      );
    }
  }
  console.log(`target: every chart within ${TARGET_MS} ms (the dashboard this replaces: 2.1 s) — ${slow === 0 ? "met" : `${slow} page(s) slower`}`);
  console.log(`budget: each page's data ≤ ${BUDGET_KB} KB gzipped — ${over === 0 ? "met" : `${over} page(s) over`}`);
  // The time target is reported; a page over the data budget fails the bench.
  process.exitCode = over ? 1 : 0;
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
