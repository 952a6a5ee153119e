// Publishes the notebooks with the site: each executed against the site's warehouse and rendered to offline HTML
// in <site>/notebooks/, with an index page. Without Jupyter (the first command of the README needs no apt
// package) the index says why the renderings are missing and the build goes on with a warning.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describeError, logger } from "../log.ts";
import { describeFailure, executeNotebooks, listNotebooks, type NotebookResult } from "./execute.ts";
import { APT_PACKAGES, JupyterMissingError } from "./kernel.ts";
import { parseNotebook } from "./strip.ts";

const log = logger("notebooks");

export interface RenderOptions {
  /** Environment that points the notebooks at the warehouse to read (e.g. WAREHOUSE_PATH). */
  warehouseEnv: Record<string, string>;
  /** Default: every notebook in notebooks/. */
  notebooks?: string[];
  /** Pythons to look for Jupyter in (default Debian's, then PATH's). */
  pythons?: readonly string[];
}

export interface RenderReport {
  status: "rendered" | "partial" | "skipped";
  rendered: string[];
  failed: NotebookResult[];
  /** Why nothing was rendered, when status is skipped. */
  reason?: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The notebook's title (its first "# " heading) and opening paragraph, for the index. */
export async function notebookSummary(file: string): Promise<{ title: string; summary: string }> {
  const nb = parseNotebook(await readFile(file, "utf8"), file);
  const first = nb.cells.find((c) => c.cell_type === "markdown");
  const source = first?.source ?? "";
  const lines = (Array.isArray(source) ? source.join("") : source).split("\n");
  const heading = lines.find((l) => l.startsWith("# "));
  // The first paragraph after the heading: its lines up to the first blank one.
  const body = lines
    .slice(lines.indexOf(heading ?? "") + 1)
    .join("\n")
    .trim();
  const paragraph = body.split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, " ");
  return {
    title: heading ? heading.slice(2).trim() : path.basename(file, ".ipynb"),
    summary: paragraph.replace(/`|\*\*/g, "").trim(),
  };
}

interface IndexEntry {
  file: string;
  title: string;
  summary: string;
  href?: string;
  problem?: string;
}

export function indexPage(entries: readonly IndexEntry[], note?: string): string {
  const items = entries
    .map((e) => {
      const title = e.href ? `<a href="${escapeHtml(e.href)}">${escapeHtml(e.title)}</a>` : escapeHtml(e.title);
      const problem = e.problem ? `<p class="problem" role="status">${escapeHtml(e.problem)}</p>` : "";
      return `<li>${title}<p>${escapeHtml(e.summary)}</p>${problem}</li>`;
    })
    .join("\n");
  const notice = note ? `<div class="notice" role="status"><p>${escapeHtml(note)}</p></div>` : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Notebooks</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
  li { margin-bottom: 1rem; } li p { margin: 0.25rem 0; }
  .notice, .problem { background: #fff4e0; border-left: 4px solid #E69F00; padding: 0.5rem 1rem; }
  code { background: #f3f3f3; padding: 0 0.2em; }
</style>
</head>
<body>
<nav><a href="../pages/en/">Site (English)</a> · <a href="../pages/pt/" hreflang="pt-BR" lang="pt-BR">Site (Português)</a></nav>
<h1>Notebooks</h1>
<p>The analyses behind the site, as TypeScript notebooks (tslab) that import the site's own queries, formatters and
charts and read the same warehouse; executed for this build. Source: <code>notebooks/</code> in the repository.</p>
${notice}
<ul>
${items}
</ul>
</body>
</html>
`;
}

/** Executes and renders every notebook into outputDir (e.g. <site>/notebooks); never throws for a notebook problem. */
export async function renderNotebooks(outputDir: string, options: RenderOptions): Promise<RenderReport> {
  const notebooks = options.notebooks ?? (await listNotebooks());
  await rm(outputDir, { recursive: true, force: true });
  await mkdir(outputDir, { recursive: true });
  const entries: IndexEntry[] = await Promise.all(notebooks.map(async (file) => ({ file, ...(await notebookSummary(file)) })));
  let results: NotebookResult[];
  try {
    results = await executeNotebooks(notebooks, {
      warehouseEnv: options.warehouseEnv,
      htmlDir: outputDir,
      pythons: options.pythons,
    });
  } catch (error) {
    const reason =
      error instanceof JupyterMissingError
        ? `Notebook renderings are not part of this build: Jupyter is not installed (sudo apt-get install ${APT_PACKAGES.join(" ")}, then npm run notebooks:setup). The notebooks are in notebooks/ of the repository.`
        : `Notebook renderings are not part of this build: ${describeError(error)}`;
    log.warn(reason);
    await writeFile(path.join(outputDir, "index.html"), indexPage(entries, reason));
    return { status: "skipped", rendered: [], failed: [], reason };
  }
  const failed = results.filter((r) => r.status === "error");
  for (const entry of entries) {
    const result = results.find((r) => r.notebook === entry.file);
    if (result?.status === "ok" && result.html) {
      entry.href = path.basename(result.html);
      const html = await readFile(result.html, "utf8");
      await writeFile(result.html, html.replace(/<html>/, '<html lang="en">'));
    } else if (result) {
      entry.problem = `Not rendered: cell ${result.cell === null || result.cell === undefined ? "?" : result.cell + 1} failed in this build (${(result.error ?? "").split("\n")[0]}).`;
    }
  }
  for (const f of failed) log.warn(`notebook failed, not published:\n${describeFailure(f)}`);
  const rendered = results.filter((r) => r.status === "ok").map((r) => r.notebook);
  await writeFile(path.join(outputDir, "index.html"), indexPage(entries));
  log.info(`${rendered.length} of ${notebooks.length} notebooks rendered into ${outputDir}`);
  return { status: failed.length === 0 ? "rendered" : "partial", rendered, failed };
}
