// Page weight as a reader's browser meets it: every page of the built site, in both languages, loads at most
// 160 KB of gzipped JavaScript (every script response the page requested until the network went quiet).
import { readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { siteInBrowser } from "./siteInBrowser.ts";

const site = siteInBrowser();
const BUDGET = 160 * 1024;

/** Every page's URL path, from its file under dist/. */
function pages(dist: string): string[] {
  return readdirSync(dist, { recursive: true })
    .map((f) => String(f).split("\\").join("/"))
    .filter((f) => f.endsWith(".html") && !f.startsWith("_"))
    .map((f) => `/${f}`)
    .sort();
}

describe("page weight", () => {
  it("every page loads at most 160 KB of gzipped JavaScript, the whole d3 bundle on none", async () => {
    const weights: Record<string, number> = {};
    const listed = pages(site.dist);
    expect(listed.length).toBeGreaterThan(10);
    for (const path of listed) {
      const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
      const scripts = new Set<string>();
      page.on("request", (r) => void (r.resourceType() === "script" && scripts.add(r.url())));
      await page.goto(`${site.server.url}${path}`, { waitUntil: "networkidle" });
      await page.close();
      // The bytes the server sends for each script the page asked for (a page that redirects counts what it
      // loaded on the way), gzipped as a static host would.
      const sizes = await Promise.all(
        [...scripts].map(async (url) => {
          const response = await fetch(url);
          expect(response.status, url).toBe(200);
          return gzipSync(Buffer.from(await response.arrayBuffer())).length;
        }),
      );
      expect(
        [...scripts].filter((u) => /\/_node\/d3@/.test(u)),
        `${path} loads the whole d3 bundle`,
      ).toEqual([]);
      weights[path] = sizes.reduce((a, b) => a + b, 0);
    }
    console.log(
      Object.entries(weights)
        .map(([p, w]) => `${(w / 1024).toFixed(1)} KB ${p}`)
        .join("\n"),
    );
    const over = Object.entries(weights).filter(([, w]) => w > BUDGET);
    expect(over, "pages over 160 KB of gzipped JS").toEqual([]);
    // A chart page does load Plot: a page weight of a few KB would mean the measurement saw nothing.
    expect(weights["/pages/en/economy.html"]).toBeGreaterThan(60 * 1024);
  });
});
