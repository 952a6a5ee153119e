// Runs notebooks headlessly (nbclient through scripts/notebooks/execute.py) against a given warehouse, each in its
// own kernel, a few at a time; a failing cell comes back with its index, source and the error it printed.
import { spawn } from "node:child_process";
import { mkdir, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "../config.ts";
import { findJupyter, jupyterEnv, KERNEL_NAME, NOTEBOOKS_DIR, writeKernelSpec } from "./kernel.ts";

const RUNNER = path.join(PROJECT_ROOT, "scripts", "notebooks", "execute.py");

export interface NotebookResult {
  notebook: string;
  status: "ok" | "error";
  seconds: number;
  /** Index of the failing cell (0-based, all cells counted), when a cell failed. */
  cell?: number | null;
  source?: string;
  error?: string;
  /** The HTML rendering, when one was asked for and the notebook ran. */
  html?: string;
  title?: string;
  executed?: string;
}

export class NotebookCellError extends Error {
  override name = "NotebookCellError";
  constructor(readonly results: NotebookResult[]) {
    super(
      results
        .filter((r) => r.status === "error")
        .map(describeFailure)
        .join("\n\n"),
    );
  }
}

/** "notebooks/x.ipynb: cell 4 failed:\n<source>\n---\n<error>" — what a person needs to fix it. */
export function describeFailure(result: NotebookResult): string {
  const where = result.cell === null || result.cell === undefined ? "the notebook did not run" : `cell ${result.cell + 1} failed`;
  const source = result.source ? `\n${indent(result.source)}\n  ---` : "";
  return `${path.relative(PROJECT_ROOT, result.notebook) || result.notebook}: ${where}:${source}\n${indent(result.error ?? "")}`;
}

const indent = (text: string) =>
  text
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");

/** The project's notebooks, in name order (their numbers say the reading order). */
export async function listNotebooks(dir: string = NOTEBOOKS_DIR): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => n.endsWith(".ipynb"))
    .sort()
    .map((n) => path.join(dir, n));
}

export interface ExecuteOptions {
  /** Environment that points the kernel at the warehouse to read (e.g. WAREHOUSE_PATH). */
  warehouseEnv: Record<string, string>;
  htmlDir?: string;
  executedDir?: string;
  /** Seconds a single cell may run. */
  cellTimeout?: number;
  /** Notebooks run at once, each with its own kernel. */
  concurrency?: number;
  env?: NodeJS.ProcessEnv;
  /** Pythons to look for Jupyter in (default Debian's, then PATH's). */
  pythons?: readonly string[];
}

function runOne(python: string, notebook: string, options: ExecuteOptions): Promise<NotebookResult> {
  const args = [RUNNER, "--cwd", PROJECT_ROOT, "--kernel", KERNEL_NAME, "--timeout", String(options.cellTimeout ?? 300)];
  if (options.htmlDir) args.push("--html-dir", options.htmlDir);
  if (options.executedDir) args.push("--executed-dir", options.executedDir);
  args.push(notebook);
  // TSLAB_NO_FILE_WATCH: see scripts/notebooks/kernel.cjs.
  const env = jupyterEnv({ ...(options.env ?? process.env), ...options.warehouseEnv, TSLAB_NO_FILE_WATCH: "1" });
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const line = stdout.trim().split("\n").filter(Boolean).at(-1);
      try {
        resolve(JSON.parse(line ?? "") as NotebookResult);
      } catch {
        resolve({ notebook, status: "error", seconds: 0, cell: null, error: `the notebook runner exited with code ${code}:\n${stderr.trim()}` });
      }
    });
  });
}

/** Executes each notebook; resolves with every result (check `status`), throws only when Jupyter is missing. */
export async function executeNotebooks(notebooks: string[], options: ExecuteOptions): Promise<NotebookResult[]> {
  const { python } = await findJupyter(options.pythons);
  await writeKernelSpec();
  for (const dir of [options.htmlDir, options.executedDir]) if (dir) await mkdir(dir, { recursive: true });
  const results: NotebookResult[] = new Array(notebooks.length);
  let next = 0;
  const worker = async () => {
    while (next < notebooks.length) {
      const i = next++;
      results[i] = await runOne(python, notebooks[i], options);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? Math.min(3, os.availableParallelism()), notebooks.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}
