// The Economic impact section, across categories and states: each one's slope against an indicator (the marts'
// headline joint model: one weighted regression on the dollar, IPCA and SELIC together) with its 95 % interval,
// the findings in words with their numbers, the table of what stands out and what had too little data. The
// false-discovery verdict (survives_fdr) comes from the marts, Benjamini–Hochberg per indicator.
import * as Plot from "./plot.js";
import { chart, fitLabels } from "./chart.js";
import { el } from "./controls.js";
import { GREY, SERIES } from "./palette.js";
import { formatter } from "./format.js";
import type { Lang } from "./routes.js";
import { strings } from "./strings.js";

// The row shape is the one the loader builds (impactReport.ts); a type-only import, erased in the browser build.
import type { Indicator, Sensitivity } from "../../pipeline/analysis/impactReport.js";
import type { DollarLags, LagEstimate } from "../../pipeline/analysis/lags.js";
export type { Indicator, Sensitivity };
export type SubjectKind = "category" | "state";

type Estimated = Sensitivity & { slope: number; ci_low: number; ci_high: number; r_squared: number; p_value: number };
type Thin = Sensitivity & { status: Exclude<Sensitivity["status"], "estimated"> };

interface Options {
  lang: Lang;
  width: number;
}

/** A category in the page's language (Portuguese names as the source has them); a state is its UF code. */
export function subjectLabel(
  row: Pick<Sensitivity, "subject" | "subject_pt"> & Partial<Pick<Sensitivity, "subject_label" | "subject_label_pt">>,
  lang: Lang,
): string {
  const name = lang === "pt" ? (row.subject_label_pt ?? row.subject_pt ?? row.subject_label) : (row.subject_label ?? row.subject);
  return (name ?? row.subject).replaceAll("_", " ");
}

function estimated(rows: readonly Sensitivity[], indicator: Indicator): Estimated[] {
  return rows.filter((r): r is Estimated => r.indicator === indicator && r.status === "estimated" && r.slope !== null).sort((a, b) => a.slope - b.slope);
}

function verdict(r: Sensitivity): "fdr" | "significant" | "none" {
  return r.survives_fdr ? "fdr" : r.is_significant ? "significant" : "none";
}

/**
 * The axis: every slope, plus the intervals of the precise estimates; the few intervals wider than that (thin
 * categories) are cut at the edge rather than squeezing every other line into a few pixels.
 */
function slopeDomain(rows: readonly Estimated[]): [number, number] {
  const halves = rows.map((r) => (r.ci_high - r.ci_low) / 2).sort((a, b) => a - b);
  const typical = halves[Math.floor(halves.length / 2)] ?? 1;
  const ends = rows.flatMap((r) => ((r.ci_high - r.ci_low) / 2 <= 2 * typical ? [r.ci_low, r.ci_high] : [r.slope]));
  return [Math.min(0, ...ends), Math.max(0, ...ends)];
}

/** Dots and 95 % intervals of every estimated subject against one indicator, most negative first. */
export function sensitivityChart(rows: readonly Sensitivity[], indicator: Indicator, kind: SubjectKind, { lang, width }: Options): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).impact;
  const data = estimated(rows, indicator).map((r) => ({ ...r, label: subjectLabel(r, lang), verdict: t.verdicts[verdict(r)] }));
  const text = {
    title: kind === "category" ? t.categoriesTitle : t.statesTitle,
    subtitle: t.indicators[indicator],
    description: `${kind === "category" ? t.categoriesAlt : t.statesAlt} ${t.indicators[indicator]}.`,
  };
  const id = `impact-${kind}-${indicator}`;
  if (data.length === 0) return chart(id, text, lang, null);
  const fit = fitLabels(
    data.map((d) => d.label),
    width,
    { share: 0.4 },
  );
  const digits = indicator === "usd_brl" ? 2 : 3;
  const tip = (d: (typeof data)[number]) =>
    `${d.label}\n${t.column.slope} ${f.number(d.slope, digits)}\n${t.column.ci} ${f.number(d.ci_low, digits)} … ${f.number(d.ci_high, digits)}\n` +
    `${t.column.r2} ${f.number(d.r_squared)} · ${t.column.months} ${f.integer(d.n_months)} · ${t.column.p} ${f.number(d.p_value, 4)}`;
  return chart(id, text, lang, {
    width,
    height: 60 + data.length * 15,
    marginLeft: fit.marginLeft,
    x: { domain: slopeDomain(data), grid: true, label: t.slopeAxis[indicator], tickFormat: (v: number) => f.number(v, 1) },
    y: { domain: data.map((d) => d.label), label: null, tickFormat: fit.tickFormat },
    color: {
      legend: true,
      domain: [t.verdicts.fdr, t.verdicts.significant, t.verdicts.none],
      range: [SERIES.bad, SERIES.warn, GREY],
    },
    marks: [
      Plot.ruleX([0]),
      Plot.ruleY(data, { y: "label", x1: "ci_low", x2: "ci_high", stroke: "verdict", strokeWidth: 2, clip: true }),
      Plot.dot(data, { y: "label", x: "slope", fill: "verdict", r: 3.5, clip: true }),
      Plot.tip(data, Plot.pointerY({ y: "label", x: "slope", title: tip })),
    ],
  });
}

/** The findings in words: how many stand out against how many chance would give, and the strongest of them. */
export function sensitivityFindings(rows: readonly Sensitivity[], indicator: Indicator, kind: SubjectKind, lang: Lang): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).impact;
  const mine = rows.filter((r) => r.indicator === indicator);
  const est = estimated(rows, indicator);
  const significant = est.filter((r) => r.is_significant);
  const box = el("div", { class: "impact-findings", "data-findings": `${kind}-${indicator}` });
  box.append(
    el(
      "p",
      {},
      t.summary(f, {
        estimated: est.length,
        significant: significant.length,
        fdr: est.filter((r) => r.survives_fdr).length,
        expected: est.length * 0.05,
        thin: mine.length - est.length,
        noun: kind === "category" ? t.categoriesNoun : t.statesNoun,
      }),
    ),
  );
  // The strongest evidence first: the smallest p-values among those that survive the false-discovery control, at
  // most four. A flag that only excludes zero is in the table, not here: with 200-odd tests some are chance.
  const lead = est
    .filter((r) => r.survives_fdr)
    .sort((a, b) => a.p_value - b.p_value)
    .slice(0, 4);
  if (lead.length > 0) {
    const list = el("ul");
    for (const r of lead) {
      const s = {
        name: subjectLabel(r, lang),
        slope: r.slope,
        low: r.ci_low,
        high: r.ci_high,
        r2: r.r_squared,
        n: r.n_months,
        dollar: indicator === "usd_brl",
      };
      list.append(el("li", {}, t.strongest(f, s)));
    }
    box.append(list);
  }
  return box;
}

/** The subjects whose interval excludes zero, with slope, interval, R², months, p-value and the FDR verdict. */
export function sensitivityTable(rows: readonly Sensitivity[], indicator: Indicator, kind: SubjectKind, lang: Lang): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).impact;
  const digits = indicator === "usd_brl" ? 2 : 3;
  const flagged = estimated(rows, indicator).filter((r) => r.is_significant);
  if (flagged.length === 0) return el("p", { class: "impact-none" }, t.none);
  const table = el("table", { class: "results", "data-table": `${kind}-${indicator}` });
  const head = el("tr");
  const headers = [
    kind === "category" ? t.column.category : t.column.state,
    t.column.slope,
    t.column.ci,
    t.column.r2,
    t.column.months,
    t.column.p,
    t.column.fdr,
  ];
  for (const h of headers) head.append(el("th", { scope: "col" }, h));
  table.append(el("thead"), el("tbody"));
  table.tHead!.append(head);
  for (const r of flagged) {
    const row = el("tr");
    row.append(el("th", { scope: "row" }, subjectLabel(r, lang)));
    for (const [value, numeric] of [
      [f.number(r.slope, digits), true],
      [`${f.number(r.ci_low, digits)} … ${f.number(r.ci_high, digits)}`, true],
      [f.number(r.r_squared), true],
      [f.integer(r.n_months), true],
      [r.p_value < 0.0001 ? `< ${f.number(0.0001, 4)}` : f.number(r.p_value, 4), true],
      [r.survives_fdr ? t.yes : t.no, false],
    ] as const) {
      row.append(el("td", numeric ? { class: "num" } : {}, value));
    }
    table.tBodies[0].append(row);
  }
  const wrap = el("div", { class: "table-scroll" });
  wrap.append(table);
  return wrap;
}

/** What had too little data, said in words (the mart's rows with a reason), not hidden. */
export function thinData(rows: readonly Sensitivity[], lang: Lang): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).impact;
  // The same months count for every indicator; the dollar's rows speak for the subject.
  const thin = rows.filter((r): r is Thin => r.indicator === "usd_brl" && r.status !== "estimated");
  if (thin.length === 0) return el("p", { class: "impact-none" }, t.none);
  const list = el("ul", { class: "impact-thin" });
  for (const r of thin) {
    list.append(el("li", {}, `${subjectLabel(r, lang)}: ${t.status[r.status]} (${f.integer(r.n_months)} / ${f.integer(r.analysis_months)})`));
  }
  return list;
}

/**
 * When demand answers the dollar: for the categories whose dollar effect survives the false-discovery control,
 * the slope of the dollar of the same month and of 1–3 months before (one regression with IPCA and SELIC) and the
 * cumulative effect with its 95 % interval, with the finding in words.
 */
export function dollarLagTable(lags: readonly DollarLags[], rows: readonly Sensitivity[], lang: Lang, kind: SubjectKind = "category"): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).impact;
  const strong = new Set(rows.filter((r) => r.indicator === "usd_brl" && r.survives_fdr).map((r) => r.subject));
  const shown = lags.filter((l) => strong.has(l.subject)).sort((a, b) => a.cumulative.slope - b.cumulative.slope);
  const box = el("div", { class: "impact-findings", "data-findings": kind === "category" ? "lags" : "state-lags" });
  if (shown.length === 0) {
    box.append(el("p", { class: "impact-none" }, t.none));
    return box;
  }
  const excludes = (e: LagEstimate) => e.ci_low > 0 || e.ci_high < 0;
  const delayed = shown.flatMap((l) => l.lags.filter((k) => k.lag > 0));
  box.append(
    el(
      "p",
      {},
      t.lagFinding(f, {
        noun: kind === "category" ? t.categoriesNoun : t.statesNoun,
        categories: shown.length,
        cumulative: shown.filter((l) => excludes(l.cumulative)).length,
        delayed: delayed.filter(excludes).length,
        tests: delayed.length,
      }),
    ),
  );
  const table = el("table", { class: "results", "data-table": "lags", "aria-label": t.lagsAlt });
  const head = el("tr");
  for (const h of [t.column[kind], ...shown[0].lags.map((k) => t.lagColumn(k.lag)), t.cumulative]) head.append(el("th", { scope: "col" }, h));
  table.append(el("thead"), el("tbody"));
  table.tHead!.append(head);
  for (const l of shown) {
    const row = el("tr");
    row.append(el("th", { scope: "row" }, subjectLabel(l, lang)));
    for (const k of l.lags) row.append(el("td", { class: "num" }, `${f.number(k.slope, 2)}${excludes(k) ? " *" : ""}`));
    row.append(el("td", { class: "num" }, `${f.number(l.cumulative.slope, 2)} (${f.number(l.cumulative.ci_low, 2)} … ${f.number(l.cumulative.ci_high, 2)})`));
    table.tBodies[0].append(row);
  }
  const wrap = el("div", { class: "table-scroll" });
  wrap.append(table);
  box.append(wrap);
  return box;
}
