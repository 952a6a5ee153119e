// Notebooks are committed without outputs: outputs hold data (and numbers that change with every sample), make
// diffs unreadable and go stale; the site publishes freshly executed renderings instead.
import { readFile, writeFile } from "node:fs/promises";

export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: unknown[];
  execution_count?: number | null;
  id?: string;
  [key: string]: unknown;
}

export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

// Cell metadata a run or a front end writes (timings, scroll state): noise in a diff.
const VOLATILE_CELL_METADATA = ["execution", "collapsed", "scrolled", "ExecuteTime"];
// Notebook metadata written on execution (the kernel's versions) or by widgets.
const VOLATILE_NOTEBOOK_METADATA = ["language_info", "widgets"];

function without(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !keys.includes(k)));
}

/** A copy with no outputs, no execution counts and no run metadata. */
export function stripOutputs(nb: Notebook): Notebook {
  return {
    ...nb,
    metadata: without(nb.metadata ?? {}, VOLATILE_NOTEBOOK_METADATA),
    cells: nb.cells.map((cell) => {
      const stripped: NotebookCell = { ...cell, metadata: without(cell.metadata ?? {}, VOLATILE_CELL_METADATA) };
      if (cell.cell_type === "code") {
        stripped.outputs = [];
        stripped.execution_count = null;
      }
      return stripped;
    }),
  };
}

/** What would have to be stripped, one line per cell ("cell 3: 2 outputs, execution count 5"); empty when clean. */
export function outputProblems(nb: Notebook): string[] {
  const problems: string[] = [];
  nb.cells.forEach((cell, i) => {
    const found: string[] = [];
    if (cell.outputs && cell.outputs.length > 0) found.push(`${cell.outputs.length} output(s)`);
    if (cell.execution_count !== null && cell.execution_count !== undefined) found.push(`execution count ${cell.execution_count}`);
    const volatile = VOLATILE_CELL_METADATA.filter((k) => k in (cell.metadata ?? {}));
    if (volatile.length > 0) found.push(`run metadata ${volatile.join(", ")}`);
    if (found.length > 0) found.unshift(`cell ${i + 1}:`);
    if (found.length > 0) problems.push(found.join(" "));
  });
  const meta = VOLATILE_NOTEBOOK_METADATA.filter((k) => k in (nb.metadata ?? {}));
  if (meta.length > 0) problems.push(`notebook metadata: ${meta.join(", ")}`);
  return problems;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Serialises as Jupyter does (nbformat: sorted keys, one-space indent, trailing newline), so saves diff cleanly. */
export function serializeNotebook(nb: Notebook): string {
  return `${JSON.stringify(sortKeys(nb), null, 1)}\n`;
}

export function parseNotebook(text: string, file = "notebook"): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(text) as Notebook;
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}); is it a notebook?`);
  }
  if (!Array.isArray(nb.cells) || nb.nbformat !== 4) {
    throw new Error(`${file} is not an nbformat 4 notebook (no cells array or nbformat ${nb.nbformat})`);
  }
  return nb;
}

/** Strips notebooks in place; returns the files that changed. */
export async function stripNotebookFiles(files: readonly string[]): Promise<string[]> {
  const changed: string[] = [];
  for (const file of files) {
    const text = await readFile(file, "utf8");
    const stripped = serializeNotebook(stripOutputs(parseNotebook(text, file)));
    if (stripped !== text) {
      await writeFile(file, stripped);
      changed.push(file);
    }
  }
  return changed;
}
