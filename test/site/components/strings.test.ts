// The two strings tables: no label missing or left untranslated in either, and a Portuguese table that does not
// match the English one key for key does not compile.
import { describe, expect, it } from "vitest";
import { strings, type Strings } from "../../../src/components/strings.ts";
import { pt as portuguese } from "../../../src/components/strings/pt.ts";

/** Every leaf of a strings table, by its path. */
function leaves(value: unknown, at = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) for (const [p, leaf] of leaves(v, `${at}.${k}`)) out.set(p, leaf);
  } else out.set(at, value);
  return out;
}

describe("strings tables", () => {
  const en = leaves(strings("en"));
  const pt = leaves(strings("pt"));

  it("have the same labels in both languages", () => {
    expect([...pt.keys()].sort()).toEqual([...en.keys()].sort());
  });

  it("have no empty label", () => {
    for (const [key, value] of [...en, ...pt]) expect(String(value).trim(), key).not.toBe("");
  });

  it("translate every sentence (only names, codes and symbols may read the same)", () => {
    const same = [...en.keys()].filter((k) => en.get(k) === pt.get(k) && String(en.get(k)).split(" ").length > 2);
    expect(same).toEqual([]);
  });
});

describe("the Portuguese table's type", () => {
  it("refuses a missing or an extra label, nested maps included", () => {
    const { siteTitle: _, ...withoutTitle } = portuguese;
    // @ts-expect-error siteTitle is missing
    const missing: Strings = withoutTitle;
    // @ts-expect-error "running" is not a lineage layer
    const extra: Strings = { ...portuguese, lineage: { ...portuguese.lineage, layers: { ...portuguese.lineage.layers, running: "Em andamento" } } };
    // @ts-expect-error a status of the English table is missing
    const partial: Strings = { ...portuguese, pipeline: { ...portuguese.pipeline, status: { pass: "Aprovado" } } };
    expect([missing, extra, partial].every((t) => t.sections.index === "Visão geral")).toBe(true);
  });
});
