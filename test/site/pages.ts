// The site's sections and the charts each must render, and the browser helpers the site tests and bench/site.ts
// share: open a page watching for errors and off-host requests, wait for every chart, read what a chart shows.
import type { Browser, Page } from "playwright-core";
import type { Lang, Section } from "../../src/components/routes.ts";

export const LANGS: Lang[] = ["en", "pt"];

/** Every chart id (figure[data-chart]) a section renders, in page order. */
export const CHARTS: Partial<Record<Section, string[]>> = {
  index: ["overview-revenue", "overview-usd-brl", "overview-rhythm"],
  categories: ["categories-top", "categories-share", "categories-period", "categories-monthly"],
  geography: ["geography-map", "geography-state-category", "geography-freight", "geography-delivery", "geography-late", "geography-reviews"],
  economy: ["economy-revenue", "economy-usd-brl", "economy-ipca", "economy-selic", "economy-sales-vs-rate", "economy-payments"],
  pipeline: ["pipeline-tests", "pipeline-loads", "pipeline-models", "pipeline-runs", "pipeline-durations"],
};

export const SECTIONS_WITH_CHARTS = Object.keys(CHARTS) as Section[];

export function pagePath(lang: Lang, section: Section): string {
  return section === "index" ? `/pages/${lang}/` : `/pages/${lang}/${section}`;
}

export interface OpenedPage {
  page: Page;
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Requests to anything but the local server (data: URLs aside). */
  external: string[];
  /** alert/confirm/prompt dialogs the page opened. */
  dialogs: string[];
}

export async function openPage(browser: Browser, origin: string, path: string, viewport = { width: 1280, height: 900 }): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport });
  const opened: OpenedPage = { page, errors: [], external: [], dialogs: [] };
  page.on("console", (m) => void (m.type() === "error" && opened.errors.push(m.text())));
  page.on("pageerror", (e) => void opened.errors.push(e.message));
  page.on("request", (r) => void (r.url().startsWith(origin) || r.url().startsWith("data:") || opened.external.push(r.url())));
  page.on("dialog", (d) => {
    opened.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`${origin}${path}`);
  return opened;
}

/** Waits until each of these charts has its <svg> (a chart with no data has none and keeps the wait going). */
export async function waitForCharts(page: Page, ids: string[], timeout = 15_000): Promise<void> {
  try {
    await page.waitForFunction((wanted) => wanted.every((id) => document.querySelector(`figure[data-chart="${id}"] svg[aria-label]`)), ids, {
      timeout,
      polling: 20,
    });
  } catch (error) {
    // Say which charts never came, and what the page shows instead (an error cell, an empty state).
    const present = await page.$$eval("figure[data-chart]", (fs) =>
      fs.map((f) => `${f.getAttribute("data-chart")}${f.querySelector("svg") ? "" : " (no svg)"}`),
    );
    const problems = await page.$$eval(".observablehq--error", (es) => es.map((e) => e.textContent ?? ""));
    throw new Error(
      `charts missing on ${page.url()} after ${timeout} ms: wanted ${ids.join(", ")}; present: ${present.join(", ") || "none"}; errors shown: ${problems.join(" | ") || "none"}`,
      { cause: error },
    );
  }
}

/** Plot's aria-labels of the marks that draw data (axes, grids, rules, tips and text labels do not count). */
const DATA_MARKS = ["bar", "rect", "line", "area", "cell", "geo", "dot", "linear-regression"];

export interface ChartFacts {
  id: string;
  title: string;
  ariaLabel: string | null;
  ariaDescription: string | null;
  /** Elements drawn by the data marks. */
  markElements: number;
  /** The chart's <svg> as HTML: it changes exactly when what the chart draws changes. */
  svg: string;
}

export async function chartFacts(page: Page): Promise<ChartFacts[]> {
  return page.$$eval(
    "figure[data-chart]",
    (figures, marks) =>
      figures.map((figure) => {
        const svg = figure.querySelector("svg[aria-label]");
        const markGroups = svg ? [...svg.querySelectorAll("g[aria-label]")].filter((g) => marks.includes(g.getAttribute("aria-label")!)) : [];
        return {
          id: figure.getAttribute("data-chart")!,
          title: figure.querySelector("h2")?.textContent ?? "",
          ariaLabel: svg?.getAttribute("aria-label") ?? null,
          ariaDescription: svg?.getAttribute("aria-description") ?? null,
          markElements: markGroups.reduce((n, g) => n + g.querySelectorAll("path, rect, circle, line").length, 0),
          svg: svg?.outerHTML ?? "",
        };
      }),
    DATA_MARKS,
  );
}
