// Page weight: Framework serves Plot whole, with the whole d3 bundle it imports (~190 KB gzipped on every chart
// page). After the build, the site's Plot module (src/components/plot.ts, the marks the site uses) becomes one
// tree-shaken bundle of those marks and the d3 code they need, and the modules nothing loads any more go.
import { build } from "esbuild";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PROJECT_ROOT } from "../config.ts";

const PLOT_SOURCE = path.join(PROJECT_ROOT, "src", "components", "plot.ts");
/** Framework's copy of src/components/plot.ts in the built site: _import/components/plot.<hash>.js. */
const PLOT_OUTPUT = /^_import\/components\/plot\.[0-9a-f]{8}\.js$/;

/** The relative module paths a built file imports (static, dynamic and re-exports), resolved against it. */
export function importsOf(code: string, from: string): string[] {
  const found = new Set<string>();
  const pattern = /(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+\.js)["']/g;
  for (const match of code.matchAll(pattern)) found.add(path.posix.normalize(path.posix.join(path.posix.dirname(from), match[1]!)));
  return [...found];
}

/** Plot's marks the site names, bundled with what they import and nothing else, for the browser. */
export async function plotBundle(): Promise<string> {
  const result = await build({
    entryPoints: [PLOT_SOURCE],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["es2022", "chrome96", "firefox96", "safari16"],
    minify: true,
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

async function filesOf(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map((f) => f.split(path.sep).join("/"));
}

export interface SlimmedSite {
  /** Modules of the built site deleted because no page loads them any more. */
  removed: string[];
}

/**
 * Replaces the built site's Plot module by the tree-shaken bundle, then drops the modulepreload links of every
 * page to modules it no longer reaches and deletes the _node modules no page reaches.
 */
export async function slimPlot(dist: string): Promise<SlimmedSite> {
  const files = await filesOf(dist);
  const plotModules = files.filter((f) => PLOT_OUTPUT.test(f));
  if (plotModules.length !== 1) {
    throw new Error(`expected one built copy of src/components/plot.ts in ${dist}, found ${plotModules.length}: is plot.ts still imported?`);
  }
  await writeFile(path.join(dist, plotModules[0]!), await plotBundle());
  const codeCache = new Map<string, string>();
  const code = async (file: string) => {
    let text = codeCache.get(file);
    if (text === undefined) codeCache.set(file, (text = await readFile(path.join(dist, file), "utf8").catch(() => "")));
    return text;
  };
  const reachedFromAny = new Set<string>();
  for (const page of files.filter((f) => f.endsWith(".html"))) {
    const html = await code(page);
    const roots = importsOf(html.replace(/<link rel="modulepreload"[^>]*>/g, ""), page);
    const reached = new Set<string>();
    for (let queue = roots; queue.length;) {
      const next: string[] = [];
      for (const file of queue) {
        if (reached.has(file)) continue;
        reached.add(file);
        next.push(...importsOf(await code(file), file));
      }
      queue = next;
    }
    for (const file of reached) reachedFromAny.add(file);
    const slim = html.replace(/<link rel="modulepreload" href="([^"]+)">\n?/g, (link, href: string) =>
      reached.has(path.posix.normalize(path.posix.join(path.posix.dirname(page), href))) ? link : "",
    );
    if (slim !== html) await writeFile(path.join(dist, page), slim);
  }
  const removed = files.filter((f) => f.startsWith("_node/") && f.endsWith(".js") && !reachedFromAny.has(f));
  for (const file of removed) await rm(path.join(dist, file));
  // A package folder left empty goes too (deepest first, so @scope/ folders empty after their packages).
  const dirs = new Set(removed.flatMap((f) => [path.posix.dirname(f), path.posix.dirname(path.posix.dirname(f))]));
  for (const dir of [...dirs].filter((d) => d !== "_node").sort((a, b) => b.length - a.length)) {
    if ((await readdir(path.join(dist, dir)).catch(() => ["?"])).length === 0) await rm(path.join(dist, dir), { recursive: true });
  }
  return { removed };
}
