// A notebook with a failing cell fails loudly: the runner names the cell and shows its source and error (a thrown
// error and a type error alike), and the test command (`vitest run test/notebooks`) fails with that error.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../pipeline/config.ts";
import { describeFailure, executeNotebooks, type NotebookResult } from "../../pipeline/notebooks/execute.ts";
import { KERNEL_NAME } from "../../pipeline/notebooks/kernel.ts";
import { serializeNotebook, type Notebook } from "../../pipeline/notebooks/strip.ts";

const run = promisify(execFile);

function notebook(...cells: [kind: "markdown" | "code", source: string][]): Notebook {
  return {
    cells: cells.map(([kind, source], i) => ({
      cell_type: kind,
      id: `cell-${i}`,
      metadata: {},
      source,
      ...(kind === "code" ? { outputs: [], execution_count: null } : {}),
    })),
    metadata: { kernelspec: { name: KERNEL_NAME, display_name: "TypeScript", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

const PLANTED_ERROR = "planted failure: the answer is 41";

let dir: string;
let results: NotebookResult[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "failing-notebook-"));
  writeFileSync(
    path.join(dir, "throws.ipynb"),
    serializeNotebook(
      notebook(
        ["markdown", "# A notebook that fails on purpose"],
        ["code", 'console.log("this cell is fine")'],
        ["code", `const answer: number = 41;\nif (answer !== 42) throw new Error(\`planted failure: the answer is \${answer}\`);`],
        ["code", 'console.log("never runs")'],
      ),
    ),
  );
  writeFileSync(path.join(dir, "mistyped.ipynb"), serializeNotebook(notebook(["code", 'const count: number = "three";'])));
  results = await executeNotebooks([path.join(dir, "throws.ipynb"), path.join(dir, "mistyped.ipynb")], {
    warehouseEnv: { WAREHOUSE_PATH: path.join(dir, "no-warehouse-needed.duckdb") },
  });
}, 120_000);

describe("a failing cell", () => {
  it("is reported with its index, its source and the error it raised", () => {
    const [thrown] = results;
    expect(thrown.status).toBe("error");
    expect(thrown.cell).toBe(2);
    expect(thrown.source).toContain("throw new Error");
    expect(thrown.error).toContain(PLANTED_ERROR);
    const text = describeFailure(thrown);
    expect(text).toContain("throws.ipynb: cell 3 failed");
    expect(text).toContain(PLANTED_ERROR);
  });

  it("includes a TypeScript error, which fails before the cell runs", () => {
    const [, mistyped] = results;
    expect(mistyped.status).toBe("error");
    expect(mistyped.cell).toBe(0);
    expect(mistyped.error).toMatch(/Type 'string' is not assignable to type 'number'/);
  });

  it("makes the notebook test command fail, printing the cell's error", async () => {
    const vitest = path.join(PROJECT_ROOT, "node_modules", ".bin", "vitest");
    const outcome = await run(vitest, ["run", "test/notebooks/notebooks.test.ts"], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NOTEBOOKS_DIR: dir, NO_COLOR: "1", FORCE_COLOR: "0" },
      maxBuffer: 1 << 26,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
    );
    expect(outcome.code).not.toBe(0);
    expect(outcome.output).toContain("throws.ipynb runs every cell without an error");
    expect(outcome.output).toContain(PLANTED_ERROR);
    expect(outcome.output).toContain("if (answer !== 42)");
    expect(outcome.output).toContain("Type 'string' is not assignable to type 'number'");
  }, 170_000);
});
