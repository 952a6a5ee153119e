// Shows things in a notebook the way the site shows them: the site's Plot charts (rendered to static SVG in a
// DOM from jsdom), tables whose numbers go through the site's formatters, and key figures a test can read back.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import * as tslab from "tslab";

// Plot and the site's components build DOM nodes with the global `document` and test them with `instanceof
// HTMLElement`, as in a browser; Node has neither. The DOM interfaces come from jsdom's window (not its timers,
// storage or location, which Node has or a notebook must not touch).
const DOM_GLOBALS = /^(HTML\w*|SVG\w*|Element|Node|NodeList|Text|Comment|Document|DocumentFragment|DOMParser|XMLSerializer|getComputedStyle)$/;
if (typeof globalThis.document === "undefined") {
  const { JSDOM } = require("jsdom");
  const { window } = new JSDOM("<!doctype html><html><body></body></html>");
  const dom: Record<string, unknown> = { window, document: window.document };
  for (const name of Object.getOwnPropertyNames(window)) {
    if (DOM_GLOBALS.test(name) && !(name in globalThis)) dom[name] = window[name];
  }
  Object.assign(globalThis, dom);
  paintCanvasAsSvg(window.HTMLCanvasElement.prototype);
}

/**
 * jsdom has no canvas, and Plot paints a continuous colour legend on one (fillStyle + fillRect, then toDataURL).
 * This canvas records the rectangles and hands them back as an SVG image: the legend looks the same.
 */
function paintCanvasAsSvg(canvas: { getContext: unknown; toDataURL: unknown }): void {
  const painted = new WeakMap<object, string[]>();
  canvas.getContext = function (this: HTMLCanvasElement, kind: string) {
    if (kind !== "2d") return null;
    const rects: string[] = [];
    painted.set(this, rects);
    return {
      fillStyle: "#000",
      fillRect(x: number, y: number, w: number, h: number) {
        rects.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${escapeHtml(String(this.fillStyle))}"/>`);
      },
    };
  };
  canvas.toDataURL = function (this: HTMLCanvasElement) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" shape-rendering="crispEdges">${(painted.get(this) ?? []).join("")}</svg>`;
    return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
  };
}

/** Displays a DOM node (a chart, a figure) or an HTML string as the cell's output. */
export function show(content: Element | string): void {
  tslab.display.html(typeof content === "string" ? content : content.outerHTML);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface TableColumn<T> {
  key: keyof T & string;
  label?: string;
  /** Turns the cell into text; default String(value). Use the site's formatter (src/components/format.ts). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each column's formatter takes that column's own type
  format?: (value: any, row: T) => string;
}

// Jupyter's stylesheet right-aligns every cell: text goes back to the left, numbers stay right.
const LEFT = ' style="text-align:left"';
const RIGHT = ' style="text-align:right"';

/** An HTML table of rows; numbers align right, text left (by the first row's values). */
export function table<T extends object>(rows: readonly T[], columns: readonly TableColumn<T>[], caption?: string): string {
  const numeric = (key: string) => typeof (rows[0] as Record<string, unknown> | undefined)?.[key] === "number";
  const head = columns.map((c) => `<th${numeric(c.key) ? RIGHT : LEFT}>${escapeHtml(c.label ?? c.key)}</th>`).join("");
  const body = rows
    .map((row) => {
      const cells = columns.map((c) => {
        const value = (row as Record<string, unknown>)[c.key];
        const text = c.format ? c.format(value, row) : value === null || value === undefined ? "" : String(value);
        return `<td${typeof value === "number" ? RIGHT : LEFT}>${escapeHtml(text)}</td>`;
      });
      return `<tr>${cells.join("")}</tr>`;
    })
    .join("\n");
  const title = caption ? `<caption>${escapeHtml(caption)}</caption>` : "";
  return `<table class="data-table">${title}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export interface KeyFigure {
  key: string;
  label: string;
  value: number | string;
  /** The value as a reader sees it, through the site's formatter. */
  text: string;
}

/**
 * The numbers a notebook stands behind, as a table whose rows also carry the raw value (data-key, data-value):
 * the notebook tests read them back and compare them with the site's data for the same warehouse.
 */
export function keyFigures(notebook: string, figures: readonly KeyFigure[]): void {
  const rows = figures
    .map(
      (f) =>
        `<tr data-key="${escapeHtml(f.key)}" data-value="${escapeHtml(String(f.value))}"><th${LEFT}>${escapeHtml(f.label)}</th><td${RIGHT}>${escapeHtml(f.text)}</td></tr>`,
    )
    .join("\n");
  show(`<table class="key-figures" data-notebook="${escapeHtml(notebook)}"><caption>Key figures</caption><tbody>\n${rows}\n</tbody></table>`);
}
