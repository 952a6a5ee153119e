// The lineage section: the model graph as plain SVG (sources left, marts right), a summary of the last build
// and data tests, and the tests that did not pass, in either language.
import { formatter } from "./format.js";
import type { Lang } from "./routes.js";
import { labelOf, strings } from "./strings.js";

// What src/data/lineage.json holds; a type-only import, erased in the browser build.
import type { LineageGraph, LineageNode } from "../../pipeline/transform/lineage.js";
export type { LineageGraph, LineageNode };

const SVG = "http://www.w3.org/2000/svg";
const LAYER_COLOURS: Record<LineageNode["layer"], string> = {
  source: "#56B4E9",
  seed: "#CC79A7",
  base: "#E69F00",
  staging: "#009E73",
  mart: "#0072B2",
};
const STATUS_COLOURS = { pass: "#009E73", warn: "#E69F00", fail: "#D55E00" };
const BOX = { width: 168, height: 50, gapX: 32, gapY: 10, pad: 8 };
/** Below this the labels get too small to read: the chart scrolls sideways instead. */
const MIN_SCALE = 0.85;

function svg(tag: string, attrs: Record<string, string | number> = {}, text?: string): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function el(tag: string, attrs: Record<string, string> = {}, text?: string): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** "2026-11-26T18:05:23" → "26/11/2026 18:05 UTC" (the warehouse stamps runs in UTC). */
function when(iso: string, lang: Lang): string {
  return `${formatter(lang).date(iso)} ${iso.slice(11, 16)} UTC`;
}

/** Rows of each depth, ordered by the average position of their parents so edges cross less. */
export function layout(graph: LineageGraph): Map<string, { x: number; y: number }> {
  const columns = new Map<number, LineageNode[]>();
  for (const n of graph.nodes) columns.set(n.depth, [...(columns.get(n.depth) ?? []), n]);
  const position = new Map<string, { x: number; y: number }>();
  const parents = (id: string) => graph.edges.filter((e) => e.to === id).map((e) => e.from);
  for (const depth of [...columns.keys()].sort((a, b) => a - b)) {
    const nodes = columns.get(depth)!;
    const weight = (n: LineageNode) => {
      const ys = parents(n.id)
        .map((p) => position.get(p)?.y)
        .filter((y): y is number => y !== undefined);
      return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : Number.POSITIVE_INFINITY;
    };
    nodes.sort((a, b) => weight(a) - weight(b) || a.name.localeCompare(b.name));
    nodes.forEach((n, i) => position.set(n.id, { x: depth * (BOX.width + BOX.gapX), y: i * (BOX.height + BOX.gapY) }));
  }
  return position;
}

/** Long names break after an underscore or dot so they fit the box on two lines. */
export function nameLines(name: string, max = 21): string[] {
  if (name.length <= max) return [name];
  const cut = Math.max(name.lastIndexOf("_", max - 1), name.lastIndexOf(".", max - 1));
  const at = cut > 0 ? cut + 1 : max;
  const rest = name.slice(at);
  return [name.slice(0, at), rest.length > max ? `${rest.slice(0, max - 1)}…` : rest];
}

function testBadge(n: LineageNode): { text: string; colour: string } | null {
  const { passed, failed, warned } = n.tests;
  if (failed) return { text: `✗ ${failed}`, colour: STATUS_COLOURS.fail };
  if (warned) return { text: `! ${warned}`, colour: STATUS_COLOURS.warn };
  if (passed) return { text: `✓ ${passed}`, colour: STATUS_COLOURS.pass };
  return null;
}

/** The graph: one box per source or model, a curve from each input to the model that reads it. */
export function lineageChart(graph: LineageGraph, { lang, width }: { lang: Lang; width: number }): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).lineage;
  const position = layout(graph);
  const maxX = Math.max(...[...position.values()].map((p) => p.x)) + BOX.width;
  const maxY = Math.max(...[...position.values()].map((p) => p.y)) + BOX.height;
  const scale = Math.min(1, Math.max(MIN_SCALE, width / (maxX + 2)));
  const root = svg("svg", {
    width: Math.round((maxX + 2) * scale),
    height: Math.round((maxY + 2) * scale),
    viewBox: `-1 -1 ${maxX + 2} ${maxY + 2}`,
    role: "img",
    "aria-label": t.alt,
    style: "font: 11px var(--sans-serif); overflow: visible",
  });
  const edges = svg("g", { fill: "none", stroke: "currentColor", "stroke-opacity": 0.3 });
  for (const e of graph.edges) {
    const a = position.get(e.from);
    const b = position.get(e.to);
    if (!a || !b) continue;
    const [x1, y1, x2, y2] = [a.x + BOX.width, a.y + BOX.height / 2, b.x, b.y + BOX.height / 2];
    const mid = (x1 + x2) / 2;
    edges.append(svg("path", { d: `M${x1},${y1}C${mid},${y1} ${mid},${y2} ${x2},${y2}`, "data-from": e.from, "data-to": e.to }));
  }
  root.append(edges);
  for (const n of graph.nodes) {
    const p = position.get(n.id)!;
    const g = svg("g", { transform: `translate(${p.x},${p.y})`, "data-node": n.name, "data-layer": n.layer });
    const failedBuild = n.status !== null && n.status !== "success";
    g.append(
      svg("rect", {
        width: BOX.width,
        height: BOX.height,
        rx: 6,
        fill: "var(--theme-background, white)",
        stroke: failedBuild ? STATUS_COLOURS.fail : LAYER_COLOURS[n.layer],
        "stroke-width": failedBuild ? 2.5 : 1.5,
        // views are dashed: they hold no rows of their own, only a query
        "stroke-dasharray": n.materialized === "view" ? "4 3" : "none",
      }),
      svg("rect", { width: 5, height: BOX.height, rx: 2, fill: LAYER_COLOURS[n.layer] }),
    );
    const lines = nameLines(n.name);
    lines.forEach((line, i) => g.append(svg("text", { x: BOX.pad + 4, y: 15 + i * 13, "font-weight": 600 }, line)));
    g.append(
      svg(
        "text",
        { x: BOX.pad + 4, y: BOX.height - 8, fill: "currentColor", "fill-opacity": 0.7 },
        n.rows === null ? t.notBuilt : `${f.integer(n.rows)} ${t.rows}`,
      ),
    );
    const badge = testBadge(n);
    if (badge) {
      g.append(svg("text", { x: BOX.width - BOX.pad, y: BOX.height - 8, "text-anchor": "end", fill: badge.colour, "font-weight": 700 }, badge.text));
    }
    const { passed, warned, failed } = n.tests;
    const title = [
      `${n.name} (${t.layers[n.layer]}${n.materialized ? `, ${labelOf(t.materialized, n.materialized)}` : ""})`,
      n.description,
      `${passed + warned + failed} ${t.testsOf}: ${passed} ${t.passed}, ${warned} ${t.warned}, ${failed} ${t.failed}`,
      n.builtAt ? `${t.lastBuild}: ${when(n.builtAt, lang)}${n.seconds === null ? "" : `, ${f.number(n.seconds, 2)} s`}` : "",
    ].filter(Boolean);
    g.append(svg("title", {}, title.join("\n")));
    root.append(g);
  }
  const frame = el("div", { class: "lineage", style: `overflow-x: auto; max-width: ${width}px` });
  frame.append(root);
  return frame;
}

/** Cards: models, sources, tests passed / warned / failed, and when the last build and test run finished. */
export function lineageSummary(graph: LineageGraph, lang: Lang): HTMLElement {
  const f = formatter(lang);
  const t = strings(lang).lineage;
  const sum = (k: "passed" | "warned" | "failed") => graph.nodes.reduce((s, n) => s + n.tests[k], 0);
  const cards: [string, string, string][] = [
    ["models", t.models, f.integer(graph.nodes.filter((n) => n.kind === "model").length)],
    ["sources", t.sources, f.integer(graph.nodes.filter((n) => n.kind === "source").length)],
    ["passed", t.testsPassed, f.integer(sum("passed"))],
    ["warned", t.testsWarned, f.integer(sum("warned"))],
    ["failed", t.testsFailed, f.integer(sum("failed"))],
  ];
  const wrap = el("div");
  const grid = el("div", { class: "kpis" });
  for (const [key, label, value] of cards) {
    const card = el("div", { class: "kpi", "data-lineage": key });
    card.append(el("h2", {}, label), el("div", { class: "value" }, value));
    grid.append(card);
  }
  wrap.append(grid);
  const stamps = [
    graph.lastModelRun ? `${t.lastBuild}: ${when(graph.lastModelRun.finishedAt, lang)}` : "",
    graph.lastTestRun ? `${t.lastTests}: ${when(graph.lastTestRun.finishedAt, lang)}` : "",
  ].filter(Boolean);
  if (stamps.length) wrap.append(el("p", { class: "as-of" }, stamps.join(" · ")));
  const legend = el("p", { class: "as-of" });
  for (const layer of ["source", "seed", "base", "staging", "mart"] as const) {
    const swatch = el("span", { style: `display:inline-block;width:10px;height:10px;margin:0 4px 0 12px;background:${LAYER_COLOURS[layer]}` });
    legend.append(swatch, document.createTextNode(t.layers[layer]));
  }
  for (const [kind, dash] of [
    ["view", "dashed"],
    ["table", "solid"],
  ] as const) {
    const box = el("span", { style: `display:inline-block;width:14px;height:9px;margin:0 4px 0 12px;border:1.5px ${dash} currentColor;border-radius:2px` });
    legend.append(box, document.createTextNode(t.materialized[kind]));
  }
  wrap.append(legend);
  return wrap;
}

/** The data tests of the last run that did not pass, errors first, with the offending example. */
export function problemsTable(graph: LineageGraph, lang: Lang): HTMLElement {
  const t = strings(lang).lineage;
  if (graph.problems.length === 0) return el("p", { "data-lineage": "all-passed" }, t.allPassed);
  const table = el("table", { "data-lineage": "problems" });
  const head = el("tr");
  for (const h of [t.problem.node, t.problem.column, t.problem.test, t.problem.severity, t.problem.message]) head.append(el("th", {}, h));
  table.append(el("thead"), el("tbody"));
  table.firstElementChild!.append(head);
  for (const p of graph.problems) {
    const row = el("tr", { "data-severity": p.severity });
    row.append(
      el("td", {}, p.node.replace(/^(model|source):/, "")),
      el("td", {}, p.column ?? "—"),
      el("td", {}, p.test),
      el("td", { style: `color:${p.severity === "error" ? STATUS_COLOURS.fail : STATUS_COLOURS.warn}` }, labelOf(t.severity, p.severity)),
      el("td", {}, p.message),
    );
    table.lastElementChild!.append(row);
  }
  // Long test messages scroll inside their own box on a phone instead of widening the page.
  const box = el("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t.problemsTitle });
  box.append(table);
  return box;
}
