// A static file server for dist/ on 127.0.0.1, as GitHub Pages would serve it (x/ → x/index.html, x → x.html).
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".arrow": "application/vnd.apache.arrow.file",
};

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

export interface StaticServer {
  url: string;
  /** Bytes sent per request path. */
  sent: Map<string, number>;
  close(): Promise<void>;
}

export async function serveStatic(root: string): Promise<StaticServer> {
  const sent = new Map<string, number>();
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const rel = decodeURIComponent(url.pathname);
    const base = path.join(root, rel);
    if (!base.startsWith(root)) return void res.writeHead(403).end();
    const candidates = rel.endsWith("/") ? [path.join(base, "index.html")] : [base, `${base}.html`];
    for (const file of candidates) {
      if (await isFile(file)) {
        const { size } = await stat(file);
        sent.set(rel, (sent.get(rel) ?? 0) + size);
        res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "content-length": size });
        createReadStream(file).pipe(res);
        return;
      }
    }
    res.writeHead(404).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
