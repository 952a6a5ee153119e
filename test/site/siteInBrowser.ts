// The set-up the browser tests of the built site share: the site (built once per test run), served on
// 127.0.0.1, and one headless Chromium, opened before the file's tests and closed after them.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser } from "../support/browser.ts";
import { builtSite } from "../support/site.ts";
import { serveStatic, type StaticServer } from "../support/staticServer.ts";

export interface SiteInBrowser {
  dist: string;
  server: StaticServer;
  browser: Browser;
}

/** Call at the top of a test file; the fields are set once its beforeAll ran. */
export function siteInBrowser(): SiteInBrowser {
  const site = {} as SiteInBrowser;
  beforeAll(async () => {
    site.dist = (await builtSite()).dist;
    site.server = await serveStatic(site.dist);
    site.browser = await launchBrowser();
  });
  afterAll(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}
