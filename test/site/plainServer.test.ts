// The built site on the plainest static server there is, Python's http.server (a file, or a folder's
// index.html; no ".html" added): every link, stylesheet and script of every page answers 200.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtSite } from "../support/site.ts";

let dist: string;
let server: ChildProcess;
let origin: string;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`python3 -m http.server did not answer at ${url}`);
}

/** Every page's URL path, from its file under dist/. */
function pages(): string[] {
  return (readdirSync(dist, { recursive: true }) as string[]).filter((f) => f.endsWith(".html")).map((f) => `/${f.split(path.sep).join("/")}`);
}

/** The same-site URLs a page refers to: links, stylesheets, scripts, preloads, images. */
function references(file: string, pageUrl: string): string[] {
  const html = readFileSync(file, "utf8");
  const out = new Set<string>();
  for (const [, value] of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
    if (/^(?:[a-z]+:|#|\/\/)/i.test(value)) continue; // other sites, data: URLs, anchors
    const url = new URL(value.replace(/&amp;/g, "&"), `${origin}${pageUrl}`);
    url.hash = "";
    url.search = "";
    out.add(url.pathname);
  }
  return [...out];
}

beforeAll(async () => {
  dist = (await builtSite()).dist;
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", dist], { stdio: "ignore" });
  await waitUntilServing(`${origin}/`);
});

afterAll(() => {
  server?.kill();
});

describe("the site on python3 -m http.server", () => {
  it("has no dead link, stylesheet or script on any page", async () => {
    const all = pages();
    expect(all.length).toBeGreaterThan(10);
    const targets = new Map<string, string>();
    for (const page of all) for (const ref of references(path.join(dist, page), page)) if (!targets.has(ref)) targets.set(ref, page);
    const dead: string[] = [];
    for (const [target, from] of targets) {
      const response = await fetch(`${origin}${target}`);
      await response.arrayBuffer();
      if (response.status !== 200) dead.push(`${target} (${response.status}, linked from ${from})`);
    }
    // Navigation between sections is among what was checked, in both languages.
    expect([...targets.keys()]).toEqual(expect.arrayContaining(["/pages/en/economy.html", "/pages/pt/economy.html", "/pages/pt/"]));
    expect(dead).toEqual([]);
  });
});
