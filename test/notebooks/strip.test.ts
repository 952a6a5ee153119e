// Notebooks reach the repository without outputs: the stripper removes outputs, counts and run metadata and
// writes what Jupyter writes; git's clean filter applies it on `git add`; the committed notebooks are clean.
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../pipeline/config.ts";
import { listNotebooks } from "../../pipeline/notebooks/execute.ts";
import { ATTRIBUTES_LINE, FILTER_NAME, installStripFilter } from "../../pipeline/notebooks/gitFilter.ts";
import { KERNEL_NAME } from "../../pipeline/notebooks/kernel.ts";
import { outputProblems, parseNotebook, serializeNotebook, stripOutputs, type Notebook } from "../../pipeline/notebooks/strip.ts";

const run = promisify(execFile);

/** A notebook as Jupyter leaves it after a run: outputs, counts, timings, the kernel's language_info. */
function executedNotebook(): Notebook {
  return {
    cells: [
      { cell_type: "markdown", id: "intro", metadata: {}, source: ["# Título → with ✓ and “quotes”\n", "Second line"] },
      {
        cell_type: "code",
        id: "sum",
        metadata: { execution: { "iopub.status.busy": "2026-01-01T00:00:00Z" }, scrolled: true, tags: ["keep"] },
        source: ["const x = 1 + 1;\n", "console.log(x)"],
        execution_count: 3,
        outputs: [
          { output_type: "stream", name: "stdout", text: ["2\n"] },
          { output_type: "display_data", data: { "text/html": ["<b>R$ 1.234,56</b>"] }, metadata: {} },
        ],
      },
    ],
    metadata: {
      kernelspec: { name: KERNEL_NAME, display_name: "TypeScript", language: "typescript" },
      language_info: { name: "typescript", version: "5.0.4" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

describe("stripping outputs", () => {
  it("removes outputs, execution counts and run metadata, and keeps sources, ids, tags and the kernel", () => {
    const original = executedNotebook();
    expect(outputProblems(original)).toHaveLength(2);
    const stripped = stripOutputs(original);
    expect(outputProblems(stripped)).toEqual([]);
    expect(stripped.cells[1]).toMatchObject({ outputs: [], execution_count: null, metadata: { tags: ["keep"] }, id: "sum" });
    expect(stripped.cells[1].metadata).not.toHaveProperty("execution");
    expect(stripped.cells.map((c) => c.source)).toEqual(original.cells.map((c) => c.source));
    expect(stripped.metadata).toEqual({ kernelspec: original.metadata.kernelspec });
    expect(original.cells[1].outputs).toHaveLength(2);
  });

  it("serialises byte for byte as nbformat (Jupyter's own writer) does", () => {
    const nb = executedNotebook();
    const python = spawnSync(
      "/usr/bin/python3",
      ["-c", "import sys, nbformat; nb = nbformat.reads(sys.stdin.read(), as_version=4); sys.stdout.write(nbformat.writes(nb) + '\\n')"],
      { input: JSON.stringify(nb), encoding: "utf8" },
    );
    expect(python.status, python.stderr).toBe(0);
    expect(serializeNotebook(nb)).toBe(python.stdout);
  });

  it("works as a git clean filter: stdin to stdout", async () => {
    const child = spawnSync(path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), [path.join(PROJECT_ROOT, "scripts", "notebooks", "strip.ts"), "--filter"], {
      input: serializeNotebook(executedNotebook()),
      encoding: "utf8",
      cwd: os.tmpdir(),
    });
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toBe(serializeNotebook(stripOutputs(executedNotebook())));
  });

  it("happens on `git add` once the filter is installed", async () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), "strip-filter-"));
    await run("git", ["init", "-q"], { cwd: repo });
    writeFileSync(path.join(repo, ".gitattributes"), `${ATTRIBUTES_LINE}\n`);
    mkdirSync(path.join(repo, "notebooks"));
    const file = path.join(repo, "notebooks", "x.ipynb");
    writeFileSync(file, serializeNotebook(executedNotebook()));
    expect(await installStripFilter(repo)).toMatch(/strips notebook outputs on add/);
    await run("git", ["add", "."], { cwd: repo });
    const { stdout: staged } = await run("git", ["show", ":notebooks/x.ipynb"], { cwd: repo });
    expect(outputProblems(parseNotebook(staged))).toEqual([]);
    // The working copy keeps its outputs for the analyst.
    expect(outputProblems(parseNotebook(readFileSync(file, "utf8")))).not.toEqual([]);
  });
});

/** Whether `git add` strips notebooks here: the filter is configured and .gitattributes routes notebooks to it. */
async function filterActive(): Promise<boolean> {
  const configured = await run("git", ["config", "--get", `filter.${FILTER_NAME}.clean`], { cwd: PROJECT_ROOT }).then(
    () => true,
    () => false,
  );
  const attributes = existsSync(path.join(PROJECT_ROOT, ".gitattributes")) ? readFileSync(path.join(PROJECT_ROOT, ".gitattributes"), "utf8") : "";
  return configured && attributes.split("\n").some((l) => l.trim() === ATTRIBUTES_LINE);
}

/**
 * What will be committed: with the filter active, the staged copy of a tracked notebook (the working copy may
 * keep its outputs); otherwise the working copy, which `git add` stages as it is.
 */
async function committedText(file: string): Promise<string> {
  const rel = path.relative(PROJECT_ROOT, file);
  if (existsSync(path.join(PROJECT_ROOT, ".git")) && (await filterActive())) {
    const tracked = await run("git", ["ls-files", "--error-unmatch", rel], { cwd: PROJECT_ROOT }).then(
      () => true,
      () => false,
    );
    if (tracked) return (await run("git", ["show", `:${rel}`], { cwd: PROJECT_ROOT, maxBuffer: 1 << 26 })).stdout;
  }
  return readFileSync(file, "utf8");
}

describe("the project's notebooks", async () => {
  const notebooks = await listNotebooks();

  it("are at least three", () => {
    expect(notebooks.length).toBeGreaterThanOrEqual(3);
  });

  for (const file of notebooks) {
    it(`${path.basename(file)} is committed without outputs or execution counts`, async () => {
      const text = await committedText(file);
      const nb = parseNotebook(text, file);
      expect(outputProblems(nb), `${path.basename(file)} has outputs: run \`npm run notebooks:strip\``).toEqual([]);
      expect(text, "not in Jupyter's own format: run `npm run notebooks:strip`").toBe(serializeNotebook(nb));
    });

    it(`${path.basename(file)} uses the project's kernel and opens by saying what it shows`, () => {
      const nb = parseNotebook(readFileSync(file, "utf8"), file);
      expect((nb.metadata.kernelspec as { name: string }).name).toBe(KERNEL_NAME);
      const [first] = nb.cells;
      const source = Array.isArray(first.source) ? first.source.join("") : first.source;
      expect(first.cell_type).toBe("markdown");
      expect(source).toMatch(/^# .+\n\n\S.{80,}/s);
      expect(nb.cells.some((c) => c.cell_type === "code")).toBe(true);
    });
  }
});
