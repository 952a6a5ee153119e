// The model runner builds independent models side by side on several sessions: a model starts only once
// everything it refs is built, a failed model skips what depends on it (and nothing else), and the results, the
// log and meta.model_runs keep the dependency order, whatever finished first.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadProject } from "../../pipeline/transform/project.ts";
import { runModels } from "../../pipeline/transform/runner.ts";
import { defaultConcurrency, sizeInBytes } from "../../pipeline/transform/sessions.ts";
import { openAt } from "../support/warehouse.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// A root that takes a while (40 million rows summed), a chain under it, a broken model with a dependant, and
// models that need nothing, which other sessions can build meanwhile.
const FILES: Record<string, string> = {
  "staging/slow_root.sql": "select sum(i) as total, count(*) as n from range(40000000) t(i)",
  "marts/child.sql": "select total * 2 as doubled, n from {{ ref('slow_root') }}",
  "marts/grandchild.sql": "select doubled + n as value from {{ ref('child') }}",
  "staging/broken.sql": "select no_such_column from range(3)",
  "marts/after_broken.sql": "select * from {{ ref('broken') }}",
  "marts/independent_a.sql": "select 1 as a",
  "marts/independent_b.sql": "select 2 as b",
};

function project(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "runner-"));
  dirs.push(dir);
  for (const folder of ["staging", "marts"]) mkdirSync(path.join(dir, folder));
  writeFileSync(path.join(dir, "project.yml"), "name: t\nmaterialized:\n  staging: table\n  marts: table\n");
  for (const [file, text] of Object.entries(FILES)) writeFileSync(path.join(dir, file), text);
  return dir;
}

async function build(concurrency: number) {
  const dir = project();
  const p = await loadProject(dir);
  const w = await openAt(path.join(dir, "w.duckdb"));
  try {
    const results = await runModels(w, p, { runId: `r${concurrency}`, concurrency });
    const [value] = await w.query<{ value: number }>("select value from marts.grandchild");
    const recorded = await w.query<{ model: string; status: string }>("select model, status from meta.model_runs order by rowid");
    return { results, value: value.value, recorded };
  } finally {
    await w.close();
  }
}

describe("models side by side", () => {
  it("build what one session builds, in dependency order, a failure skipping only its dependants", async () => {
    const one = await build(1);
    const three = await build(3);
    // Σ 0..n−1 = n(n − 1)/2, doubled, plus n: computed here, not read back from the SQL.
    const n = 40_000_000;
    expect(three.value).toBe(n * (n - 1) + n);
    expect(three.value).toBe(one.value);
    const status = (rs: { name: string; status: string }[]) => Object.fromEntries(rs.map((r) => [r.name, r.status]));
    expect(status(three.results)).toEqual({
      slow_root: "success",
      child: "success",
      grandchild: "success",
      broken: "error",
      after_broken: "skipped",
      independent_a: "success",
      independent_b: "success",
    });
    expect(status(three.results)).toEqual(status(one.results));
    expect(three.results.find((r) => r.name === "after_broken")?.error).toBe("upstream broken failed");
    // Every model after all it refs, in the results and in meta.model_runs alike.
    const order = three.results.map((r) => r.name);
    for (const [model, upstream] of [
      ["child", "slow_root"],
      ["grandchild", "child"],
      ["after_broken", "broken"],
    ]) {
      expect(order.indexOf(model), `${model} after ${upstream}`).toBeGreaterThan(order.indexOf(upstream));
    }
    expect(three.recorded.map((r) => r.model)).toEqual(order);
  });
});

describe("how many sessions by default", () => {
  it("reads DuckDB's own spelling of memory_limit", async () => {
    const w = await openAt(":memory:");
    try {
      for (const [set, bytes] of [
        ["1536MiB", 1536 * 2 ** 20],
        ["3GB", 3e9],
        ["700KiB", 700 * 2 ** 10],
      ] as const) {
        await w.exec(`set memory_limit = '${set}'`);
        const [{ shown }] = await w.query<{ shown: string }>("select current_setting('memory_limit') as shown");
        // DuckDB prints one decimal, cut off (3GB shows as 2.7 GiB): within 5 % of what was set.
        expect(Math.abs(sizeInBytes(shown)! - bytes) / bytes, `${set} shown as ${shown}`).toBeLessThan(0.05);
      }
      expect(sizeInBytes("lots")).toBeNull();
    } finally {
      await w.close();
    }
  });

  it("two on DuckDB while the warehouse fits in half of memory_limit, one once it outgrows that", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sessions-"));
    dirs.push(dir);
    const w = await openAt(path.join(dir, "w.duckdb"));
    try {
      // About 40 MB of incompressible doubles, checkpointed into the file.
      await w.exec("create table raw.filler as select random() as x, random() as y from range(2500000); checkpoint");
      await w.exec("set memory_limit = '4GB'");
      expect(await defaultConcurrency(w)).toBe(2);
      // Within the limit but past half of it: the two sessions would share what one big query needs.
      await w.exec("set memory_limit = '64MB'");
      expect(await defaultConcurrency(w)).toBe(1);
      await w.exec("set memory_limit = '8MB'");
      expect(await defaultConcurrency(w)).toBe(1);
    } finally {
      await w.close();
    }
  });
});
