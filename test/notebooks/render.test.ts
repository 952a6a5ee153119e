// Without Jupyter the site build goes on: renderNotebooks warns, publishes an index that says why the renderings
// are missing (with the apt packages to install), and throws nothing.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listNotebooks } from "../../pipeline/notebooks/execute.ts";
import { APT_PACKAGES } from "../../pipeline/notebooks/kernel.ts";
import { indexPage, notebookSummary, renderNotebooks } from "../../pipeline/notebooks/render.ts";

describe("renderNotebooks without Jupyter", () => {
  it("publishes an index with a note on what to install, and renders nothing", async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), "no-jupyter-")), "notebooks");
    const report = await renderNotebooks(out, {
      warehouseEnv: { WAREHOUSE_PATH: path.join(out, "unused.duckdb") },
      pythons: [path.join(out, "no-such-python3")],
    });
    expect(report.status).toBe("skipped");
    expect(report.reason).toContain("Jupyter is not installed");
    expect(readdirSync(out)).toEqual(["index.html"]);
    const index = readFileSync(path.join(out, "index.html"), "utf8");
    expect(index).toContain('role="status"');
    for (const pkg of APT_PACKAGES) expect(index).toContain(pkg);
    // Every notebook is still listed by title, without a link to a rendering that does not exist.
    for (const file of await listNotebooks()) {
      const { title } = await notebookSummary(file);
      expect(index).toContain(title.replace(/'/g, "&#39;"));
    }
    expect(index).not.toMatch(/href="[^"]+\.html"/);
    // The page says it could not execute them, in both languages, and never that it did.
    const portuguese = index.slice(index.indexOf('<section id="pt" lang="pt-BR">'));
    expect(portuguese).toMatch(/o Jupyter não está instalado/);
    for (const pkg of APT_PACKAGES) expect(portuguese).toContain(pkg);
    expect(index).not.toMatch(/executed for this build|executado para esta versão/);
  });
});

describe("the notebook index in both languages", () => {
  it("has an English and a Portuguese section, each marked with its language, and says a rendered build was executed", () => {
    const html = indexPage([{ file: "a.ipynb", title: "A", summary: "s", href: "a.html" }]);
    expect(html).toMatch(/<section id="en" lang="en">\n<h1>Notebooks<\/h1>/);
    expect(html).toMatch(/<section id="pt" lang="pt-BR">\n<h2>Cadernos<\/h2>\n<p>As análises por trás do site/);
    expect(html).toContain("executed for this build");
    expect(html).toContain("executado para esta versão do site");
    expect(html.match(/<a href="a\.html">A<\/a>/g)).toHaveLength(2);
  });
});

describe("the notebook index", () => {
  it("escapes what it shows and links only rendered notebooks", () => {
    const html = indexPage([
      { file: "a.ipynb", title: "A <b>", summary: "x & y", href: "a.html" },
      { file: "b.ipynb", title: "B", summary: "z", problem: "cell 2 failed" },
    ]);
    expect(html).toContain('<a href="a.html">A &#60;b&#62;</a>');
    expect(html).toContain("x &#38; y");
    expect(html).not.toContain("b.html");
    expect(html).toContain("cell 2 failed");
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
  });
});
