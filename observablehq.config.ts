// Observable Framework configuration: root src, bilingual pages under src/pages/{en,pt}, no network at build.
import { existsSync } from "node:fs";
import { SECTIONS, sectionPath, type Lang } from "./src/components/routes.ts";
import { strings } from "./src/components/strings.ts";

const base = process.env.SITE_BASE ?? "/";

function langOf(path: string): Lang {
  return path.startsWith("/pages/pt") ? "pt" : "en";
}

function sectionOf(path: string): (typeof SECTIONS)[number] {
  const last = path.replace(/\/$/, "").split("/").pop() ?? "";
  return (SECTIONS as readonly string[]).includes(last) ? (last as (typeof SECTIONS)[number]) : "index";
}

/** The same page in the other language (sub-pages such as lineage included), by its file name. */
function counterpart(path: string, other: Lang): string {
  const rel = path.replace(/^\//, "").replace(/(^|\/)index$/, "$1");
  if (!rel.startsWith("pages/")) return sectionPath(other, "index");
  const page = rel.replace(/^pages\/(en|pt)\//, `pages/${other}/`);
  return page.endsWith("/") || page.endsWith(".html") ? page : `${page}.html`;
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Navigation of the page's language and a switch to the same section in the other language. */
function header({ path }: { path: string }): string {
  const lang = langOf(path);
  const other: Lang = lang === "en" ? "pt" : "en";
  const section = sectionOf(path);
  const t = strings(lang);
  // Only sections that exist in this language are linked.
  const present = SECTIONS.filter((s) => existsSync(`src/pages/${lang}/${s}.md`));
  const links = present
    .map((s) => {
      const current = s === section ? ' aria-current="page"' : "";
      return `<a href="${base}${sectionPath(lang, s)}"${current}>${escape(t.sections[s])}</a>`;
    })
    .join("");
  return `<nav class="site-nav" aria-label="${escape(t.siteTitle)}">
  <a class="site-title" href="${base}${sectionPath(lang, "index")}">${escape(t.siteTitle)}</a>
  <span class="site-sections">${links}</span>
  <a class="notebooks-link" href="${base}notebooks/${lang === "pt" ? "#pt" : ""}">${escape(t.notebooks)}</a>
  <a class="lang-switch" hreflang="${other === "pt" ? "pt-BR" : "en"}" lang="${other === "pt" ? "pt-BR" : "en"}" href="${base}${counterpart(path, other)}">${escape(t.otherLanguage)}</a>
</nav>`;
}

export default {
  title: "Olist × economia",
  root: "src",
  output: process.env.SITE_OUTPUT_DIR ?? "dist",
  base,
  // Links end in .html (or a folder's /): any static server resolves them, as GitHub Pages does.
  preserveExtension: true,
  sidebar: false,
  pager: false,
  toc: false,
  search: false,
  // The default theme pulls a web font from Google: the build must not touch the network.
  globalStylesheets: [],
  style: "style.css",
  // No favicon request to 404 on.
  head: '<link rel="icon" href="data:,">',
  header,
  footer: "",
};
