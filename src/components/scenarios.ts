// The Economic impact page's what-if: three controls (USD/BRL, IPCA, SELIC) and, for every category the sensitivity
// model estimated, its projected share of revenue and revenue with 95 % intervals, recomputed in the browser from
// marts.fct_category_scenario_model (statistics/scenario.ts does the arithmetic). A chart of the largest
// categories, the findings in words, and a table of all of them.
import * as Plot from "./plot.js";
import { chart, fitLabels, percentTicks } from "./chart.js";
import { el } from "./controls.js";
import { SERIES } from "./palette.js";
import { formatter, type Formatter } from "./format.js";
import type { Lang } from "./routes.js";
import {
  baseLevels,
  isEstimated,
  outsideObserved,
  project,
  type EstimatedModel,
  type Levels,
  type Projection,
  type ScenarioModel,
} from "./statistics/scenario.js";
import { strings } from "./strings.js";

export type { ScenarioModel };

/** How many categories the chart shows (the largest in the base month); the table has them all. */
const CHARTED = 15;

interface Slider {
  key: keyof Levels;
  label: string;
  min: number;
  max: number;
  step: number;
  digits: number;
}

/** A range wide enough to ask "what if the dollar went to 5?" around what the data saw, on round steps. */
function sliders(m: EstimatedModel, lang: Lang): Slider[] {
  const s = strings(lang).scenarios;
  const span = (low: number, high: number, step: number, floor = 0) => ({
    min: Math.max(floor, Math.floor((low - (high - low)) / step) * step),
    max: Math.ceil((high + (high - low)) / step) * step,
    step,
  });
  return [
    { key: "usdBrl", label: s.usdBrl, digits: 2, ...span(m.min_usd_brl, m.max_usd_brl, 0.05, 0.5) },
    { key: "ipca", label: s.ipca, digits: 1, ...span(m.min_ipca_12m_pct, m.max_ipca_12m_pct, 0.1) },
    { key: "selic", label: s.selic, digits: 2, ...span(m.min_selic_rate, m.max_selic_rate, 0.25) },
  ];
}

function label(m: Pick<ScenarioModel, "category_name" | "category_name_pt" | "category_label" | "category_label_pt">, lang: Lang): string {
  const name = lang === "pt" ? (m.category_label_pt ?? m.category_name_pt ?? m.category_label) : m.category_label;
  return (name ?? m.category_name).replaceAll("_", " ");
}

const excludesNoChange = (p: Projection) => p.changeFromBase.low > 1 || p.changeFromBase.high < 1;

/** The findings in words: how many categories move beyond their interval, the largest move, extrapolation. */
function findings(rows: { model: EstimatedModel; projection: Projection }[], levels: Levels, f: Formatter, lang: Lang): HTMLElement {
  const s = strings(lang).scenarios;
  const box = el("div", { class: "impact-findings", "data-findings": "scenarios" });
  const first = rows[0].model;
  box.append(
    el(
      "p",
      {},
      s.base(f, {
        month: first.base_month,
        usd: first.base_usd_brl,
        ipca: first.base_ipca_12m_pct,
        selic: first.base_selic_rate,
        revenue: first.base_total_revenue_brl,
      }),
    ),
  );
  const moved = rows.filter((r) => excludesNoChange(r.projection));
  const top = [...rows].sort((a, b) => Math.abs(Math.log(b.projection.changeFromBase.value)) - Math.abs(Math.log(a.projection.changeFromBase.value)))[0];
  box.append(
    el(
      "p",
      {},
      s.finding(f, {
        shown: rows.length,
        up: moved.filter((r) => r.projection.changeFromBase.low > 1).length,
        down: moved.filter((r) => r.projection.changeFromBase.high < 1).length,
        top: label(top.model, lang),
        topChange: top.projection.changeFromBase.value,
      }),
    ),
  );
  const outside = outsideObserved(first, levels);
  if (outside.length > 0) box.append(el("p", { class: "impact-warning" }, s.outside(outside.map((k) => sliders(first, lang).find((x) => x.key === k)!.label))));
  return box;
}

function scenarioChart(rows: { model: EstimatedModel; projection: Projection }[], lang: Lang, width: number): HTMLElement {
  const f = formatter(lang);
  const s = strings(lang).scenarios;
  const data = rows.slice(0, CHARTED).map((r) => ({
    label: label(r.model, lang),
    share: r.projection.share.value,
    low: r.projection.share.low,
    high: r.projection.share.high,
    observed: r.model.base_revenue_share,
  }));
  const fit = fitLabels(
    data.map((d) => d.label),
    width,
    { share: 0.4 },
  );
  return chart("impact-scenarios", { title: s.title, description: s.alt }, lang, {
    width,
    height: 70 + data.length * 18,
    marginLeft: fit.marginLeft,
    x: { grid: true, label: s.shareAxis, tickFormat: percentTicks(f), domain: [0, Math.max(...data.map((d) => Math.max(d.high, d.observed ?? 0)))] },
    y: { domain: data.map((d) => d.label), label: null, tickFormat: fit.tickFormat },
    color: { legend: true, domain: [s.projected, s.observed], range: [SERIES.forecast, SERIES.revenue] },
    marks: [
      Plot.ruleY(data, { y: "label", x1: "low", x2: "high", stroke: () => s.projected, strokeWidth: 2 }),
      Plot.dot(data, { y: "label", x: "share", fill: () => s.projected, r: 3.5 }),
      Plot.dot(
        data.filter((d) => d.observed !== null),
        { y: "label", x: "observed", stroke: () => s.observed, r: 5, strokeWidth: 1.5 },
      ),
      Plot.tip(
        data,
        Plot.pointerY({
          y: "label",
          x: "share",
          title: (d) =>
            `${d.label}\n${s.projected}: ${f.percent(d.share, 2)} (${f.percent(d.low, 2)} … ${f.percent(d.high, 2)})\n${s.observed}: ${d.observed === null ? "–" : f.percent(d.observed, 2)}`,
        }),
      ),
    ],
  });
}

function scenarioTable(rows: { model: EstimatedModel; projection: Projection }[], f: Formatter, lang: Lang): HTMLElement {
  const s = strings(lang).scenarios;
  const table = el("table", { class: "results", "data-table": "scenarios", "aria-label": s.tableAlt });
  const head = el("tr");
  for (const h of [s.column.category, s.column.baseShare, s.column.share, s.column.change, s.column.revenue]) head.append(el("th", { scope: "col" }, h));
  table.append(el("thead"), el("tbody"));
  table.tHead!.append(head);
  const range = (i: { value: number; low: number; high: number }, show: (n: number) => string) => `${show(i.value)} (${show(i.low)} … ${show(i.high)})`;
  for (const { model, projection: p } of rows) {
    const row = el("tr", { "data-category": model.category_name });
    row.append(el("th", { scope: "row" }, label(model, lang)));
    row.append(el("td", { class: "num" }, model.base_revenue_share === null ? "–" : f.percent(model.base_revenue_share, 2)));
    row.append(
      el(
        "td",
        { class: "num" },
        range(p.share, (n) => f.percent(n, 2)),
      ),
    );
    row.append(
      el(
        "td",
        { class: "num" },
        range(p.changeFromBase, (n) => `× ${f.number(n, 2)}`),
      ),
    );
    row.append(
      el(
        "td",
        { class: "num" },
        range(p.revenue, (n) => f.brl(n)),
      ),
    );
    table.tBodies[0].append(row);
  }
  const wrap = el("div", { class: "table-scroll" });
  wrap.append(table);
  return wrap;
}

/**
 * The what-if block: controls that start at the base month's levels, and the chart, findings and table they
 * drive. models: the rows of marts.fct_category_scenario_model (src/data/scenarios.json.ts), largest first.
 */
export function scenarioView(models: readonly ScenarioModel[], lang: Lang): HTMLElement {
  const f = formatter(lang);
  const s = strings(lang).scenarios;
  const root = el("div", { class: "scenarios", "data-scenarios": "" });
  const estimated = models.filter(isEstimated);
  if (estimated.length === 0) {
    root.append(el("p", { class: "empty-note" }, strings(lang).noData));
    return root;
  }
  const start = baseLevels(estimated[0]);
  const levels: Levels = { ...start };
  const form = el("fieldset", { class: "scenario-controls" });
  form.append(el("legend", {}, s.legend));
  const inputs = new Map<keyof Levels, { input: HTMLInputElement; output: HTMLOutputElement; digits: number }>();
  for (const slider of sliders(estimated[0], lang)) {
    const id = `scenario-${slider.key}`;
    const line = el("div", { class: "scenario-control" });
    const input = el("input", {
      type: "range",
      id,
      name: slider.key,
      min: String(slider.min),
      max: String(slider.max),
      step: "any",
      value: String(start[slider.key]),
    });
    const output = el("output", { for: id });
    line.append(el("label", { for: id }, slider.label), input, output);
    form.append(line);
    inputs.set(slider.key, { input, output, digits: slider.digits });
  }
  const reset = el("button", { type: "button" }, s.reset);
  form.append(reset);
  const words = el("div");
  const figure = el("div");
  const table = el("div");
  root.append(form, words, figure, table);

  let width = 640;
  const render = () => {
    const rows = estimated.map((model) => ({ model, projection: project(model, levels) }));
    for (const [key, { output, digits }] of inputs) output.value = f.number(levels[key], digits);
    words.replaceChildren(findings(rows, levels, f, lang));
    figure.replaceChildren(scenarioChart(rows, lang, width));
    table.replaceChildren(scenarioTable(rows, f, lang));
  };
  for (const [key, { input }] of inputs) {
    input.addEventListener("input", () => {
      levels[key] = Number(input.value);
      render();
    });
  }
  reset.addEventListener("click", () => {
    Object.assign(levels, start);
    for (const [key, { input }] of inputs) input.value = String(start[key]);
    render();
  });
  // The chart follows the block's width without rebuilding the controls (and losing their values).
  if (typeof ResizeObserver !== "undefined") {
    new ResizeObserver((entries) => {
      const next = Math.floor(entries[0].contentRect.width);
      if (next > 0 && Math.abs(next - width) > 4) {
        width = next;
        figure.replaceChildren(
          scenarioChart(
            estimated.map((model) => ({ model, projection: project(model, levels) })),
            lang,
            width,
          ),
        );
      }
    }).observe(root);
  }
  render();
  return root;
}
