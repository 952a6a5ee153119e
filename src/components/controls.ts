// Small accessible form controls for the pages' filters, in plain DOM: each has a `value` and fires a bubbling
// "input" event, which is all Framework's Generators.input / view() need (Framework's Inputs would come from a
// CDN). Labels are set with textContent only: option labels can be category names from the source database.

export interface Option {
  value: string;
  label: string;
  /** More text the finder matches (a category's name in the other language). */
  keywords?: string;
}

export type Control<V> = HTMLElement & {
  value: V;
  /** The value as it goes into the page's URL, and back (filterBar keeps every view a permalink). */
  urlValue?: { get(): string; set(text: string): void };
};

let counter = 0;
const uid = (prefix: string) => `${prefix}-${++counter}`;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function withValue<V>(node: HTMLElement, get: () => V): Control<V> {
  Object.defineProperty(node, "value", { get, configurable: true });
  return node as Control<V>;
}

const announce = (node: HTMLElement) => node.dispatchEvent(new Event("input", { bubbles: true }));

function fieldset(legend: string, className: string): HTMLFieldSetElement {
  const box = el("fieldset", { class: `control ${className}` });
  box.append(el("legend", {}, legend));
  return box;
}

function select(options: Option[], selected: string, label: string): [HTMLLabelElement, HTMLSelectElement] {
  const id = uid("select");
  const wrap = el("label", { for: id });
  wrap.append(el("span", {}, label));
  const input = el("select", { id, name: id });
  for (const o of options) {
    const option = el("option", { value: o.value }, o.label);
    option.selected = o.value === selected;
    input.append(option);
  }
  wrap.append(input);
  return [wrap, input];
}

export interface MonthRange {
  from: string;
  to: string;
}

/** Two month selects (from ≤ to is kept: moving one past the other moves the other along). */
export function monthRange(
  months: Option[],
  { legend, from, to, value }: { legend: string; from: string; to: string; value?: MonthRange },
): Control<MonthRange> {
  const box = fieldset(legend, "month-range");
  const first = value?.from ?? months[0]?.value ?? "";
  const last = value?.to ?? months.at(-1)?.value ?? "";
  const [fromLabel, fromSelect] = select(months, first, from);
  const [toLabel, toSelect] = select(months, last, to);
  box.append(fromLabel, toLabel);
  // Capture phase: the pair is consistent before the event reaches the form that reads it.
  box.addEventListener(
    "input",
    (event) => {
      if (fromSelect.value <= toSelect.value) return;
      if (event.target === fromSelect) toSelect.value = fromSelect.value;
      else fromSelect.value = toSelect.value;
    },
    true,
  );
  const control = withValue(box, () => ({ from: fromSelect.value, to: toSelect.value }));
  control.urlValue = {
    get: () => `${fromSelect.value}..${toSelect.value}`,
    set(text) {
      const [a, b] = text.split("..");
      const known = new Set(months.map((m) => m.value));
      // A link from another page may name months this page has no data for: those ends stay as they are.
      if (known.has(a)) fromSelect.value = a;
      if (known.has(b)) toSelect.value = b;
      if (fromSelect.value > toSelect.value) toSelect.value = fromSelect.value;
    },
  };
  return control;
}

/** A group of checkboxes with All / None buttons, an optional finder for long lists, and a count. */
export function checkboxes(
  options: Option[],
  { legend, value, all, none, find, selectedText }: { legend: string; value?: string[]; all: string; none: string; find?: string; selectedText: string },
): Control<string[]> & { relabel(labels: string[]): void } {
  // A long list (with a finder) gets a full-width scrolling grid.
  const box = fieldset(legend, find === undefined ? "checkboxes" : "checkboxes wide");
  const chosen = new Set(value ?? options.map((o) => o.value));
  const count = el("span", { class: "count", "aria-live": "polite" });
  const tools = el("div", { class: "tools" });
  const allButton = el("button", { type: "button" }, all);
  const noneButton = el("button", { type: "button" }, none);
  tools.append(allButton, noneButton, count);
  box.append(tools);
  const list = el("div", { class: "options", role: "group", "aria-label": legend });
  const inputs: HTMLInputElement[] = [];
  const texts: HTMLSpanElement[] = [];
  for (const o of options) {
    const id = uid("check");
    const row = el("label", { for: id, class: "option" });
    const input = el("input", { type: "checkbox", id, value: o.value });
    input.checked = chosen.has(o.value);
    const text = el("span", {}, o.label);
    row.dataset.keywords = `${o.label} ${o.keywords ?? ""}`.toLowerCase();
    row.append(input, text);
    list.append(row);
    inputs.push(input);
    texts.push(text);
  }
  if (find !== undefined) {
    const id = uid("find");
    const finder = el("label", { for: id, class: "finder" });
    const search = el("input", { type: "search", id, autocomplete: "off" });
    finder.append(el("span", {}, find), search);
    // Typing in the finder only filters the list: it is not a change of the selection.
    search.addEventListener("input", (event) => {
      event.stopPropagation();
      const needle = search.value.trim().toLowerCase();
      for (const row of list.children as HTMLCollectionOf<HTMLElement>) {
        row.hidden = needle !== "" && !(row.dataset.keywords ?? "").includes(needle);
      }
    });
    box.append(finder);
  }
  box.append(list);
  const current = () => inputs.filter((i) => i.checked).map((i) => i.value);
  const recount = () => (count.textContent = `${current().length} / ${inputs.length} ${selectedText}`);
  const setAll = (checked: boolean) => {
    // With a finder in use, All / None act on the rows shown.
    for (const input of inputs) if (!(input.parentElement as HTMLElement).hidden) input.checked = checked;
    announce(list);
  };
  allButton.addEventListener("click", () => setAll(true));
  noneButton.addEventListener("click", () => setAll(false));
  box.addEventListener("input", recount, true);
  recount();
  const control = withValue(box, current) as Control<string[]> & { relabel(labels: string[]): void };
  control.urlValue = {
    get: () => current().join(","),
    set(text) {
      const wanted = new Set(text === "" ? [] : text.split(","));
      for (const input of inputs) input.checked = wanted.has(input.value);
      recount();
    },
  };
  /** New labels for the options, in their order (the reader switched the language of category names). */
  control.relabel = (labels) => labels.forEach((label, i) => texts[i] && (texts[i].textContent = label));
  return control;
}

/** A radio group: one choice among a few. */
export function radios(options: Option[], { legend, value }: { legend: string; value?: string }): Control<string> {
  const box = fieldset(legend, "radios");
  const name = uid("radio");
  const inputs: HTMLInputElement[] = [];
  for (const o of options) {
    const id = uid("radio-option");
    const row = el("label", { for: id, class: "option" });
    const input = el("input", { type: "radio", id, name, value: o.value });
    input.checked = o.value === (value ?? options[0]?.value);
    row.append(input, el("span", {}, o.label));
    box.append(row);
    inputs.push(input);
  }
  const control = withValue(box, () => inputs.find((i) => i.checked)?.value ?? "");
  control.urlValue = {
    get: () => control.value,
    set(text) {
      const input = inputs.find((i) => i.value === text);
      if (input) input.checked = true;
    },
  };
  return control;
}

/**
 * The filters of a page in one form, its value an object of the controls' values: one reactive value per page,
 * so every chart below reruns on any change. A <details> lets phone readers fold the filters away.
 */
export function filterBar<T extends Record<string, unknown>>(controls: { [K in keyof T]: Control<T[K]> }, { title }: { title: string }): Control<T> {
  const form = el("form", { class: "filters", "aria-label": title });
  form.addEventListener("submit", (event) => event.preventDefault());
  const details = el("details", { open: "" });
  details.append(el("summary", {}, title));
  const body = el("div", { class: "filter-controls" });
  for (const control of Object.values(controls) as HTMLElement[]) body.append(control);
  details.append(body);
  form.append(details);
  keepInUrl(controls as Record<string, Control<unknown>>, form);
  selectFromCharts(controls as Record<string, Control<unknown>>, form);
  return withValue(form, () => {
    const out: Record<string, unknown> = {};
    for (const [key, control] of Object.entries(controls) as [string, Control<unknown>][]) out[key] = control.value;
    return out as T;
  });
}

/**
 * Every view is a permalink: the filters start from the page's query string (`?months=…&states=SP,RJ`), each
 * change rewrites it in place (no new history entry per click), and the section links and the language switch
 * carry it, so pages sharing a filter share its state. Only values that differ from the page's defaults are
 * written, so a default view has a clean URL.
 */
function keepInUrl(controls: Record<string, Control<unknown>>, form: HTMLElement): void {
  const entries = Object.entries(controls).filter(([, c]) => c.urlValue);
  const defaults = new Map(entries.map(([key, c]) => [key, c.urlValue!.get()]));
  const params = new URLSearchParams(location.search);
  for (const [key, c] of entries) {
    const text = params.get(key);
    if (text !== null) c.urlValue!.set(text);
  }
  const write = () => {
    const next = new URLSearchParams(location.search);
    for (const [key, c] of entries) {
      const text = c.urlValue!.get();
      if (text === defaults.get(key)) next.delete(key);
      else next.set(key, text);
    }
    const query = next.toString();
    history.replaceState(history.state, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
    carryQuery();
  };
  form.addEventListener("input", write);
  carryQuery();
}

/**
 * A click on a state of the map or a category's bar ("chart-select", see chart.ts selectOnClick) keeps only that
 * one in the filter of the same name; a second click on it keeps them all again. The form then reports an input,
 * as if the reader had ticked the boxes: the charts redraw and the URL follows.
 */
function selectFromCharts(controls: Record<string, Control<unknown>>, form: HTMLElement): void {
  const defaults = new Map(Object.entries(controls).map(([key, c]) => [key, c.urlValue?.get()]));
  document.addEventListener("chart-select", (event) => {
    const { key, value } = (event as CustomEvent<{ key: string; value: string }>).detail;
    const control = controls[key];
    if (!control?.urlValue) return;
    control.urlValue.set(control.urlValue.get() === value ? (defaults.get(key) ?? value) : value);
    form.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

/** The site's own navigation (sections, language switch) keeps the current query string. */
function carryQuery(): void {
  for (const link of document.querySelectorAll<HTMLAnchorElement>(".site-nav a[href]")) {
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin) continue;
    url.search = location.search;
    link.href = url.toString();
  }
}
