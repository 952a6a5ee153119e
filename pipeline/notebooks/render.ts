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
  /** Why this notebook has no rendering, in each language. */
  problem?: Note;
}

/** A message in both languages (a plain string is shown as it is in both). */
export type Note = string | { en: string; pt: string };

const inLang = (note: Note, lang: "en" | "pt") => (typeof note === "string" ? note : note[lang]);

/** The page's own words; notebook titles and summaries are the notebooks' (English). */
const WORDS = {
  en: {
    heading: "Notebooks",
    intro:
      "The analyses behind the site, as TypeScript notebooks (tslab) that import the site's own queries, formatters and charts and read the same warehouse.",
    executed: "Each one below was executed for this build, against the warehouse the pages show.",
    source: "Source",
    inRepository: "in the repository",
  },
  pt: {
    heading: "Cadernos",
    intro:
      "As análises por trás do site, como cadernos TypeScript (tslab) que importam as próprias consultas, formatadores e gráficos do site e leem o mesmo armazém de dados.",
    executed: "Cada um abaixo foi executado para esta versão do site, sobre o mesmo armazém que as páginas mostram.",
    source: "Código",
    inRepository: "no repositório",
  },
};

/**
 * The notebooks' index: one page in both languages (English first, then Portuguese, each marked with its
 * language, so the Portuguese site links to #pt). Only rendered notebooks are linked.
 */
export function indexPage(entries: readonly IndexEntry[], note?: Note): string {
  const section = (lang: "en" | "pt") => {
    const w = WORDS[lang];
    const items = entries
      .map((e) => {
        const title = e.href ? `<a href="${escapeHtml(e.href)}">${escapeHtml(e.title)}</a>` : escapeHtml(e.title);
        const problem = e.problem ? `<p class="problem" role="status">${escapeHtml(inLang(e.problem, lang))}</p>` : "";
        return `<li lang="en">${title}<p>${escapeHtml(e.summary)}</p>${problem}</li>`;
      })
      .join("\n");
    const notice = note ? `<div class="notice" role="status"><p>${escapeHtml(inLang(note, lang))}</p></div>` : "";
    // Only a build that executed the notebooks says so; one that could not says why instead.
    const executed = note || entries.every((e) => !e.href) ? "" : ` ${w.executed}`;
    const heading = lang === "en" ? `<h1>${w.heading}</h1>` : `<h2>${w.heading}</h2>`;
    return `<section id="${lang}" lang="${lang === "pt" ? "pt-BR" : "en"}">
${heading}
<p>${w.intro}${executed} ${w.source}: <code>notebooks/</code> ${w.inRepository}.</p>
${notice}
<ul>
${items}
</ul>
</section>`;
  };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Notebooks · Cadernos</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
  li { margin-bottom: 1rem; } li p { margin: 0.25rem 0; }
  section + section { margin-top: 3rem; border-top: 1px solid #ddd; }
  .notice, .problem { background: #fff4e0; border-left: 4px solid #E69F00; padding: 0.5rem 1rem; }
  code { background: #f3f3f3; padding: 0 0.2em; }
  @media (prefers-color-scheme: dark) {
    body { background: #161616; color: #dfdfd6; } a { color: #8ab4f8; }
    .notice, .problem { background: #3a2e16; } code { background: #2a2a2a; }
  }
</style>
</head>
<body>
<nav><a href="../pages/en/">Site (English)</a> · <a href="../pages/pt/" hreflang="pt-BR" lang="pt-BR">Site (Português)</a> · <a href="#pt" lang="pt-BR">Cadernos em português</a></nav>
${section("en")}
${section("pt")}
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
    const install = `sudo apt-get install ${APT_PACKAGES.join(" ")}, then npm run notebooks:setup`;
    const reason =
      error instanceof JupyterMissingError
        ? `Notebook renderings are not part of this build: Jupyter is not installed (${install}). The notebooks are in notebooks/ of the repository.`
        : `Notebook renderings are not part of this build: ${describeError(error)}`;
    const motivo =
      error instanceof JupyterMissingError
        ? `Esta versão do site não traz os cadernos executados: o Jupyter não está instalado (${install}). Os cadernos estão em notebooks/ no repositório.`
        : `Esta versão do site não traz os cadernos executados: ${describeError(error)}`;
    log.warn(reason);
    await writeFile(path.join(outputDir, "index.html"), indexPage(entries, { en: reason, pt: motivo }));
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
      const cell = result.cell === null || result.cell === undefined ? "?" : result.cell + 1;
      const error = (result.error ?? "").split("\n")[0];
      entry.problem = {
        en: `Not rendered: cell ${cell} failed in this build (${error}).`,
        pt: `Não publicado: a célula ${cell} falhou nesta versão (${error}).`,
      };
    }
  }
  for (const f of failed) log.warn(`notebook failed, not published:\n${describeFailure(f)}`);
  const rendered = results.filter((r) => r.status === "ok").map((r) => r.notebook);
  await writeFile(path.join(outputDir, "index.html"), indexPage(entries));
  log.info(`${rendered.length} of ${notebooks.length} notebooks rendered into ${outputDir}`);
  return { status: failed.length === 0 ? "rendered" : "partial", rendered, failed };
}
