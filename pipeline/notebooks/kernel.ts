// The notebooks' Jupyter: Debian's (the Python that has nbclient and nbconvert) and the project's own tslab kernel,
// registered in <root>/.jupyter (a JUPYTER_PATH of the project's own) so nothing is installed per user or system-wide.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "../config.ts";

const run = promisify(execFile);

export const NOTEBOOKS_DIR = path.join(PROJECT_ROOT, "notebooks");
export const JUPYTER_DIR = path.join(PROJECT_ROOT, ".jupyter");
/** Distinct from a global "tslab" kernel, which would start in the notebook's folder and miss the project's modules. */
export const KERNEL_NAME = "olist-tslab";
export const KERNEL_LAUNCHER = path.join(PROJECT_ROOT, "scripts", "notebooks", "kernel.cjs");
export const APT_PACKAGES = ["jupyter-nbconvert", "python3-nbclient", "jupyter-client"] as const;

export class JupyterMissingError extends Error {
  override name = "JupyterMissingError";
}

export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
}

/** kernel.json of the project's kernel: absolute paths, so it is written per machine and never committed. */
export function kernelSpec(node: string = process.execPath): KernelSpec {
  return {
    argv: [node, KERNEL_LAUNCHER, "{connection_file}"],
    display_name: "TypeScript (tslab, olist-economics)",
    language: "typescript",
  };
}

/** Writes <root>/.jupyter/kernels/olist-tslab/kernel.json; returns its path. Idempotent. */
export async function writeKernelSpec(jupyterDir: string = JUPYTER_DIR): Promise<string> {
  const dir = path.join(jupyterDir, "kernels", KERNEL_NAME);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, "kernel.json");
  // Written aside and renamed: parallel runs rewrite it while a Jupyter may be reading it.
  const next = `${file}.${process.pid}.next`;
  await writeFile(next, `${JSON.stringify(kernelSpec(), null, 2)}\n`);
  await rename(next, file);
  return file;
}

/** The environment Jupyter and the kernel run with: the project's kernel first on JUPYTER_PATH. */
export function jupyterEnv(base: NodeJS.ProcessEnv = process.env, jupyterDir: string = JUPYTER_DIR): NodeJS.ProcessEnv {
  const rest = base.JUPYTER_PATH ? `${path.delimiter}${base.JUPYTER_PATH}` : "";
  return { ...base, JUPYTER_PATH: `${jupyterDir}${rest}` };
}

export interface Jupyter {
  /** A Python with nbformat, nbclient and nbconvert. */
  python: string;
  /** An interactive front end, when one is installed: `jupyter lab` or `jupyter notebook`. */
  frontEnd?: { command: string; args: string[] };
}

// Debian's Python first: the pyenv `python3` usually found first on PATH has no Jupyter.
export const PYTHONS: readonly string[] = ["/usr/bin/python3", "python3"];

async function hasModules(python: string): Promise<boolean> {
  try {
    await run(python, ["-c", "import nbformat, nbclient, nbconvert"], { timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).concat("/usr/bin")) {
    const file = path.join(dir, name);
    if (dir && existsSync(file)) return file;
  }
  return undefined;
}

/** Finds Jupyter among these Pythons, or says exactly what to install. */
export async function findJupyter(pythons: readonly string[] = PYTHONS): Promise<Jupyter> {
  let python: string | undefined;
  for (const candidate of pythons) {
    if (await hasModules(candidate)) {
      python = candidate;
      break;
    }
  }
  if (!python) {
    throw new JupyterMissingError(
      `Jupyter is not installed (no Python with nbformat, nbclient and nbconvert). ` +
        `Install Debian's packages: sudo apt-get install ${APT_PACKAGES.join(" ")}; then run \`npm run notebooks:setup\`.`,
    );
  }
  const lab = onPath("jupyter-lab");
  const notebook = onPath("jupyter-notebook");
  const frontEnd = lab ? { command: lab, args: [] } : notebook ? { command: notebook, args: [] } : undefined;
  return { python, frontEnd };
}
