// When demand answers the dollar, as a chart: for the subjects whose dollar effect survives the false-discovery
// control, the slope of the dollar of the same month and of each of the three months before, with 95 % intervals
// (marts.fct_dollar_lags through the report). Where the dots sit away from zero is when the share moves.
import * as Plot from "./plot.js";
import { chart, fitLabels } from "./chart.js";
import { GREY, SERIES } from "./palette.js";
import { formatter } from "./format.js";
import { subjectLabel, type SubjectKind } from "./impact.js";
import type { Lang } from "./routes.js";
import { strings } from "./strings.js";

import type { Sensitivity } from "../../pipeline/analysis/impactReport.js";
import type { DollarLags } from "../../pipeline/analysis/lags.js";

const FALLBACK_SUBJECTS = 8;

/** Small multiples, one panel per lag (0–3 months) and one for the cumulative effect; a row per subject. */
export function dollarLagChart(
  lags: readonly DollarLags[],
  rows: readonly Sensitivity[],
  kind: SubjectKind,
  { lang, width }: { lang: Lang; width: number },
): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).impact;
  const s = strings(lang).scenarios;
  const strong = new Set(rows.filter((r) => r.indicator === "usd_brl" && r.survives_fdr).map((r) => r.subject));
  // When no subject's dollar effect survives the false-discovery control, the chart still shows when demand
  // answers the dollar for the few with the strongest cumulative evidence, and says so.
  const survivors = lags.filter((l) => strong.has(l.subject));
  const strongest = [...lags].sort((a, b) => Math.abs(b.cumulative.slope / b.cumulative.std_error) - Math.abs(a.cumulative.slope / a.cumulative.std_error));
  const shown = (survivors.length > 0 ? survivors : strongest.slice(0, FALLBACK_SUBJECTS)).sort((a, b) => a.cumulative.slope - b.cumulative.slope);
  const panel = (lag: number | null) => (lag === null ? s.lagCumulative : t.lagColumn(lag));
  const data = shown.flatMap((l) =>
    [...l.lags.map((k) => ({ ...k, panel: panel(k.lag) })), { ...l.cumulative, panel: panel(null) }].map((e) => ({
      ...e,
      label: subjectLabel(l, lang),
      excludes: e.ci_low > 0 || e.ci_high < 0,
    })),
  );
  const text = {
    title: kind === "category" ? s.lagChartTitle : s.lagChartTitleStates,
    subtitle: survivors.length > 0 ? undefined : s.lagChartNoSurvivors(shown.length),
    description: s.lagChartAlt,
  };
  const id = `impact-lags-${kind}`;
  if (data.length === 0) return chart(id, text, lang, null);
  const labels = shown.map((l) => subjectLabel(l, lang));
  const fit = fitLabels(labels, width, { share: 0.3 });
  return chart(id, text, lang, {
    width,
    height: 70 + labels.length * 18,
    marginLeft: fit.marginLeft,
    fx: { domain: [0, 1, 2, 3].map(panel).concat(panel(null)), label: null },
    x: { grid: true, label: s.lagAxis, tickFormat: (v: number) => f.number(v, 1), ticks: 3 },
    y: { domain: labels, label: null, tickFormat: fit.tickFormat },
    marks: [
      Plot.ruleX([0]),
      Plot.ruleY(data, { fx: "panel", y: "label", x1: "ci_low", x2: "ci_high", stroke: (d) => (d.excludes ? SERIES.usdBrl : GREY), strokeWidth: 2 }),
      Plot.dot(data, { fx: "panel", y: "label", x: "slope", fill: (d) => (d.excludes ? SERIES.usdBrl : GREY), r: 3 }),
      Plot.tip(
        data,
        Plot.pointer({
          fx: "panel",
          y: "label",
          x: "slope",
          title: (d) => `${d.label} · ${d.panel}\n${f.number(d.slope, 2)} (${f.number(d.ci_low, 2)} … ${f.number(d.ci_high, 2)})`,
        }),
      ),
    ],
  });
}
