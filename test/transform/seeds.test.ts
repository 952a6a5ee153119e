// Seeds: a reviewed CSV under models/seeds/ is a model whose SQL is its rows, built as a staging table and
// ref()'d like any model; and the project's one seed, the bilingual category names, covers every Olist category.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../pipeline/config.ts";
import { CATEGORIES } from "../../pipeline/extract/sample/catalog.ts";
import { loadProject, ProjectError, seedSql } from "../../pipeline/transform/project.ts";
import { runModels } from "../../pipeline/transform/runner.ts";
import { openAt } from "../support/warehouse.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "seeds-"));
  dirs.push(dir);
  for (const folder of ["staging", "marts", "seeds"]) mkdirSync(path.join(dir, folder));
  writeFileSync(path.join(dir, "project.yml"), "name: t\nmaterialized:\n  staging: view\n  marts: table\n");
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

describe("seeds", () => {
  it("build as a staging table that models ref(), quoted commas, accents and quotes intact, an empty cell null", async () => {
    const dir = project({
      "seeds/names.csv": 'key,label\nbeleza_saude,beleza e saúde\ncama,"cama, mesa e banho"\nquote,o\'clock\nnone,\n',
      "marts/labelled.sql": "select key, label from {{ ref('names') }}",
    });
    const p = await loadProject(dir);
    expect(p.models.find((m) => m.name === "names")).toMatchObject({ folder: "seeds", schema: "staging" });
    const w = await openAt(path.join(dir, "w.duckdb"));
    try {
      const results = await runModels(w, p, { runId: "r1" });
      expect(results.map((r) => [r.name, r.status, r.materialized])).toEqual([
        ["names", "success", "table"],
        ["labelled", "success", "table"],
      ]);
      const rows = await w.query<{ key: string; label: string | null }>("select key, label from marts.labelled order by key");
      expect(rows).toEqual([
        { key: "beleza_saude", label: "beleza e saúde" },
        { key: "cama", label: "cama, mesa e banho" },
        { key: "none", label: null },
        { key: "quote", label: "o'clock" },
      ]);
    } finally {
      await w.close();
    }
  });

  it("refuses a header that is not an identifier, a ragged line and a file without rows", () => {
    expect(() => seedSql("s", "Key,label\na,b\n")).toThrow(ProjectError);
    expect(() => seedSql("s", "key,label\na,b,c\n")).toThrow(/line 2 has 3 fields, the header 2/);
    expect(() => seedSql("s", "key,label\n")).toThrow(/no rows/);
  });
});

describe("the bilingual category names (models/seeds/category_names.csv)", () => {
  const rows = parse(readFileSync(path.join(PROJECT_ROOT, "models", "seeds", "category_names.csv"), "utf8"), { columns: true, bom: true }) as {
    category_name_pt: string;
    category_name: string;
    label_en: string;
    label_pt: string;
  }[];
  const translation = parse(readFileSync(path.join(PROJECT_ROOT, "data", "olist", "product_category_name_translation.csv"), "utf8"), {
    columns: true,
    bom: true,
  }) as { product_category_name: string; product_category_name_english: string }[];
  const byKey = new Map(rows.map((r) => [r.category_name_pt, r]));

  it("names every category of the Olist translation file under both its source keys", () => {
    expect(translation.length).toBe(71);
    for (const t of translation) {
      expect(byKey.get(t.product_category_name), t.product_category_name).toMatchObject({ category_name: t.product_category_name_english });
    }
  });

  it("names every category the sample generator sells and the two the translation file lacks", () => {
    for (const c of CATEGORIES) expect(byKey.has(c.name), c.name).toBe(true);
    for (const key of ["pc_gamer", "portateis_cozinha_e_preparadores_de_alimentos", "sem_categoria"]) expect(byKey.has(key), key).toBe(true);
  });

  it("has one row per key and distinct labels in each language, words not keys", () => {
    for (const column of ["category_name_pt", "category_name", "label_en", "label_pt"] as const) {
      expect(new Set(rows.map((r) => r[column])).size, column).toBe(rows.length);
    }
    for (const r of rows) expect(`${r.label_en} ${r.label_pt}`, r.category_name_pt).not.toMatch(/_|^\s|\s$|\s\s/);
  });

  it("writes Portuguese with its accents and English without the source's typos", () => {
    expect(byKey.get("beleza_saude")!.label_pt).toBe("beleza e saúde");
    expect(byKey.get("informatica_acessorios")!.label_pt).toBe("informática e acessórios");
    expect(byKey.get("fashion_roupa_feminina")!.label_en).toBe("fashion female clothing");
    expect(byKey.get("construcao_ferramentas_ferramentas")!.label_en).toBe("construction tools");
    const english = rows.map((r) => r.label_en).join(" | ");
    for (const typo of ["fashio ", "costruction", "confort", "craftmanship", "musicals"]) expect(english).not.toContain(typo);
    // Every Portuguese label whose key spells an accented word carries the accent.
    const accented: Record<string, string> = {
      saude: "saúde",
      informatica: "informática",
      eletronicos: "eletrônicos",
      moveis: "móveis",
      musica: "música",
      bebes: "bebês",
    };
    for (const r of rows) {
      for (const [bare, word] of Object.entries(accented)) {
        if (r.category_name_pt.split("_").includes(bare)) expect(r.label_pt, r.category_name_pt).toContain(word);
      }
    }
  });
});
