// The post-build step that trades Framework's whole Plot + d3 for one tree-shaken bundle: on a small built-site
// layout made here, the page keeps what it still loads and loses the preloads and files nothing reaches.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { importsOf, slimPlot } from "../../pipeline/site/plotBundle.ts";

let dist: string;
afterEach(() => rmSync(dist, { recursive: true, force: true }));

function write(file: string, text: string) {
  mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
  writeFileSync(path.join(dist, file), text);
}

describe("slimPlot", () => {
  it("replaces the Plot module by a self-contained bundle and drops what only Plot reached", async () => {
    dist = mkdtempSync(path.join(tmpdir(), "slim-"));
    write("_node/d3@7.9.2/index.aaaaaaaa.js", 'export * from "../d3-array@3.2.5/index.bbbbbbbb.js";');
    write("_node/d3-array@3.2.5/index.bbbbbbbb.js", "export const max = (x) => Math.max(...x);");
    write("_node/@observablehq/plot@0.6.17/index.cccccccc.js", 'import {max} from "../../d3@7.9.2/index.aaaaaaaa.js"; export {max};');
    write("_node/topojson-client@3.1.0/index.dddddddd.js", "export const feature = 1;");
    write("_import/components/plot.12345678.js", 'export {plot} from "../../_node/@observablehq/plot@0.6.17/index.cccccccc.js";');
    write("_import/components/map.87654321.js", 'import "./plot.12345678.js"; import {feature} from "../../_node/topojson-client@3.1.0/index.dddddddd.js";');
    const preloads = [
      "_import/components/plot.12345678.js",
      "_import/components/map.87654321.js",
      "_node/@observablehq/plot@0.6.17/index.cccccccc.js",
      "_node/d3@7.9.2/index.aaaaaaaa.js",
      "_node/d3-array@3.2.5/index.bbbbbbbb.js",
      "_node/topojson-client@3.1.0/index.dddddddd.js",
    ];
    write(
      "pages/en/map.html",
      `<head>\n${preloads.map((p) => `<link rel="modulepreload" href="../../${p}">\n`).join("")}</head>\n<script type="module">\nconst m = await import("../../_import/components/map.87654321.js");\n</script>`,
    );
    const { removed } = await slimPlot(dist);
    expect(removed.sort()).toEqual(preloads.slice(2, 5).sort());
    for (const file of removed) expect(existsSync(path.join(dist, file)), file).toBe(false);
    expect(existsSync(path.join(dist, "_node/@observablehq")), "the emptied scope folder").toBe(false);
    const html = readFileSync(path.join(dist, "pages/en/map.html"), "utf8");
    const kept = [...html.matchAll(/modulepreload" href="\.\.\/\.\.\/([^"]+)"/g)].map((m) => m[1]);
    expect(kept.sort()).toEqual(
      ["_import/components/map.87654321.js", "_import/components/plot.12345678.js", "_node/topojson-client@3.1.0/index.dddddddd.js"].sort(),
    );
    // The bundle is the real Plot: it imports nothing and draws.
    const bundle = readFileSync(path.join(dist, "_import/components/plot.12345678.js"), "utf8");
    expect(importsOf(bundle, "_import/components/plot.12345678.js")).toEqual([]);
    const plot = await import(path.join(dist, "_import/components/plot.12345678.js"));
    expect(Object.keys(plot)).toContain("barY");
    expect(Object.keys(plot)).not.toContain("contour");
  });

  it("refuses a build with no copy of src/components/plot.ts (the step would silently do nothing)", async () => {
    dist = mkdtempSync(path.join(tmpdir(), "slim-"));
    write("pages/en/index.html", "<p>no charts</p>");
    await expect(slimPlot(dist)).rejects.toThrow(/expected one built copy of src\/components\/plot.ts/);
  });
});
