// Strips outputs on `git add`: a git clean filter (the nbstripout idea) that runs scripts/notebooks/strip.ts, so
// an analyst keeps outputs in the working copy while only output-free notebooks reach the repository.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "../config.ts";

const run = promisify(execFile);

export const FILTER_NAME = "notebook-outputs";
/** Absolute paths: .git/config is per checkout, and git runs a filter from wherever it is invoked. */
export const FILTER_COMMAND = [path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), path.join(PROJECT_ROOT, "scripts", "notebooks", "strip.ts"), "--filter"]
  .map((part) => `'${part.replace(/'/g, "'\\''")}'`)
  .join(" ");

/** The .gitattributes line that routes notebooks through the filter. */
export const ATTRIBUTES_LINE = `*.ipynb filter=${FILTER_NAME}`;

/** Registers the filter in the checkout's own git config (.git/config); says what it did or why not. */
export async function installStripFilter(repoDir: string): Promise<string> {
  if (!existsSync(path.join(repoDir, ".git"))) return "not a git checkout: no output-stripping filter installed";
  await run("git", ["config", "--local", `filter.${FILTER_NAME}.clean`, FILTER_COMMAND], { cwd: repoDir });
  await run("git", ["config", "--local", `filter.${FILTER_NAME}.required`, "true"], { cwd: repoDir });
  const attributes = await readFile(path.join(repoDir, ".gitattributes"), "utf8").catch(() => "");
  const routed = attributes.split("\n").some((l) => l.trim() === ATTRIBUTES_LINE);
  return routed
    ? `git strips notebook outputs on add (filter.${FILTER_NAME} in .git/config)`
    : `filter.${FILTER_NAME} registered in .git/config, but .gitattributes lacks "${ATTRIBUTES_LINE}": add it to strip on add`;
}
