// The key the site build keeps notebook renderings under: the same inputs give the same key, and a change to the
// warehouse state, a notebook or the code the notebooks import gives another, so they execute again.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { notebooksKey } from "../../pipeline/site/build.ts";

describe("the notebook rendering key", () => {
  it("changes with the warehouse state, a notebook's text or the code they import, and only then", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "notebook-key-"));
    const notebook = path.join(dir, "a.ipynb");
    const code = path.join(dir, "code");
    mkdirSync(path.join(code, "sub"), { recursive: true });
    writeFileSync(notebook, '{"cells": []}');
    writeFileSync(path.join(code, "sub", "q.ts"), "export const q = 1;");
    writeFileSync(path.join(code, "notes.md"), "not code");
    const key = () => notebooksKey('{"rows":[1]}', [notebook], [code]);
    const first = await key();
    expect(await key()).toBe(first);
    writeFileSync(path.join(code, "notes.md"), "still not code");
    expect(await key()).toBe(first);
    expect(await notebooksKey('{"rows":[2]}', [notebook], [code])).not.toBe(first);
    writeFileSync(path.join(code, "sub", "q.ts"), "export const q = 2;");
    const second = await key();
    expect(second).not.toBe(first);
    writeFileSync(notebook, '{"cells": [1]}');
    expect(await key()).not.toBe(second);
  });
});
