// `notebooks setup | open | run | strip | render`: the CLI face of the tslab notebooks (the lead adds
// NOTEBOOK_COMMANDS to COMMANDS in pipeline/commands.ts).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import type { Command } from "./command.ts";
import { PROJECT_ROOT, type Config } from "../config.ts";
import { describeFailure, executeNotebooks, listNotebooks } from "../notebooks/execute.ts";
import { findJupyter, jupyterEnv, JUPYTER_DIR, KERNEL_NAME, NOTEBOOKS_DIR, writeKernelSpec } from "../notebooks/kernel.ts";
import { renderNotebooks } from "../notebooks/render.ts";
import { outputProblems, parseNotebook, stripNotebookFiles } from "../notebooks/strip.ts";
import { installStripFilter } from "../notebooks/gitFilter.ts";
import { warehouseEnv } from "../warehouse/open.ts";
import { readFile } from "node:fs/promises";

const out = (text: string) => process.stdout.write(`${text}\n`);

async function notebookFiles(positionals: string[]): Promise<string[]> {
  const files = positionals.length > 0 ? positionals.map((p) => path.resolve(p)) : await listNotebooks();
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`No such notebook: ${missing.join(", ")} (notebooks live in notebooks/*.ipynb)`);
  return files;
}

async function setup(): Promise<number> {
  const jupyter = await findJupyter();
  const spec = await writeKernelSpec();
  out(`kernel "${KERNEL_NAME}" registered: ${path.relative(PROJECT_ROOT, spec)} (Jupyter finds it through JUPYTER_PATH=${JUPYTER_DIR})`);
  out(
    `Jupyter: ${jupyter.python}${jupyter.frontEnd ? `; front end ${jupyter.frontEnd.command}` : "; no front end (sudo apt-get install jupyter-notebook for one)"}`,
  );
  const filter = await installStripFilter(PROJECT_ROOT);
  out(filter);
  return 0;
}

async function open(): Promise<number> {
  const jupyter = await findJupyter();
  await writeKernelSpec();
  if (!jupyter.frontEnd) {
    out(
      [
        "No interactive Jupyter front end is installed (only Debian's nbconvert/nbclient, which run notebooks headlessly).",
        "  Install one:        sudo apt-get install jupyter-notebook      (then: npm run notebooks)",
        "  Run them headless:  npm run pipeline -- notebooks run [notebooks/x.ipynb …]",
        `  Or point any Jupyter at the kernel: JUPYTER_PATH=${JUPYTER_DIR} jupyter notebook notebooks/`,
      ].join("\n"),
    );
    return 1;
  }
  const { command, args } = jupyter.frontEnd;
  out(`starting ${path.basename(command)} in notebooks/ with the "${KERNEL_NAME}" kernel (Ctrl-C to stop)`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: NOTEBOOKS_DIR, env: jupyterEnv(), stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => resolve(code ?? 0));
  });
}

async function runNotebooks(positionals: string[], values: Record<string, unknown>, config: Config): Promise<number> {
  const files = await notebookFiles(positionals);
  const results = await executeNotebooks(files, {
    warehouseEnv: warehouseEnv(config),
    htmlDir: values.html ? path.resolve(String(values.html)) : undefined,
    executedDir: values.executed ? path.resolve(String(values.executed)) : undefined,
  });
  for (const r of results) {
    out(`${r.status === "ok" ? "ok    " : "FAILED"} ${path.relative(PROJECT_ROOT, r.notebook)} (${r.seconds.toFixed(1)} s)`);
  }
  const failed = results.filter((r) => r.status === "error");
  for (const f of failed) process.stderr.write(`\n${describeFailure(f)}\n`);
  return failed.length === 0 ? 0 : 1;
}

async function strip(positionals: string[], check: boolean): Promise<number> {
  const files = await notebookFiles(positionals);
  if (check) {
    let dirty = 0;
    for (const file of files) {
      const problems = outputProblems(parseNotebook(await readFile(file, "utf8"), file));
      if (problems.length > 0) {
        dirty++;
        out(`${path.relative(PROJECT_ROOT, file)}: ${problems.join("; ")}`);
      }
    }
    if (dirty > 0) out(`${dirty} notebook(s) have outputs: run \`npm run notebooks:strip\``);
    return dirty === 0 ? 0 : 1;
  }
  const changed = await stripNotebookFiles(files);
  out(changed.length === 0 ? "notebooks already without outputs" : `stripped ${changed.map((f) => path.relative(PROJECT_ROOT, f)).join(", ")}`);
  return 0;
}

export const NOTEBOOK_COMMANDS: Command[] = [
  {
    name: "notebooks",
    usage: "notebooks setup | open | run [--html DIR] [--executed DIR] [FILE…] | strip [--check] [FILE…] | render [DIR]",
    summary: "tslab notebooks: register the kernel, open Jupyter, run them headlessly, strip outputs, render HTML",
    options: {
      help: { type: "boolean", short: "h" },
      html: { type: "string" },
      executed: { type: "string" },
      check: { type: "boolean" },
    },
    async run({ config, values, positionals }) {
      const [sub, ...rest] = positionals;
      switch (sub) {
        case "setup":
          return setup();
        case "open":
          return open();
        case "run":
          return runNotebooks(rest, values, config);
        case "strip":
          return strip(rest, Boolean(values.check));
        case "render": {
          const dir = path.resolve(rest[0] ?? path.join(config.siteOutput, "notebooks"));
          const report = await renderNotebooks(dir, { warehouseEnv: warehouseEnv(config) });
          out(`${report.status}: ${report.rendered.length} rendered into ${dir}${report.reason ? ` (${report.reason})` : ""}`);
          return report.failed.length === 0 ? 0 : 1;
        }
        default:
          throw new Error(`unknown notebooks subcommand "${sub ?? ""}"; try: notebooks setup | open | run | strip | render`);
      }
    },
  },
];
