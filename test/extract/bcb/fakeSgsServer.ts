// A stand-in for api.bcb.gov.br on 127.0.0.1: it records every request and answers from a script, or else like the
// real SGS API from in-memory rows (404 for a range without data, 406 for a daily range over ten years).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseSgsDate, SERIES } from "../../../pipeline/extract/bcb/series.ts";
import type { SgsRow } from "../../../pipeline/extract/bcb/sgsRows.ts";

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering, to provoke client timeouts. */
  delayMs?: number;
}

export interface RecordedRequest {
  /** Path and query as received, e.g. /dados/serie/bcdata.sgs.433/dados?formato=json&… */
  url: string;
  path: string;
  seriesId: number | null;
  formato: string | null;
  dataInicial: string | null;
  dataFinal: string | null;
}

export interface FakeSgsServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Rows the default responder serves, per series. */
  data: Map<number, SgsRow[]>;
  /** Queues responses for the next requests (of one series, when given), used before the default responder. */
  enqueue(responses: FakeResponse | FakeResponse[], seriesId?: number): void;
  /** Requests of one series, as [dataInicial, dataFinal] pairs. */
  windowsOf(seriesId: number): [string | null, string | null][];
  close(): Promise<void>;
}

const PATH = /^\/dados\/serie\/bcdata\.sgs\.(\d+)\/dados$/;

export function jsonBody(rows: readonly SgsRow[]): string {
  return JSON.stringify(rows);
}

export async function startFakeSgsServer(data: Record<number, SgsRow[]> = {}): Promise<FakeSgsServer> {
  const rows = new Map<number, SgsRow[]>(Object.entries(data).map(([id, r]) => [Number(id), r]));
  const requests: RecordedRequest[] = [];
  const queues = new Map<number | "any", FakeResponse[]>();
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const match = PATH.exec(url.pathname);
    const recorded: RecordedRequest = {
      url: req.url ?? "",
      path: url.pathname,
      seriesId: match ? Number(match[1]) : null,
      formato: url.searchParams.get("formato"),
      dataInicial: url.searchParams.get("dataInicial"),
      dataFinal: url.searchParams.get("dataFinal"),
    };
    requests.push(recorded);
    const scripted = (recorded.seriesId !== null ? queues.get(recorded.seriesId)?.shift() : undefined) ?? queues.get("any")?.shift();
    const response = scripted ?? realisticAnswer(recorded, rows);
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(response.status ?? 200, { "content-type": "application/json", ...response.headers });
      res.end(response.body ?? "");
    };
    if (response.delayMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, response.delayMs);
      timers.add(timer);
    } else {
      send();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    data: rows,
    enqueue(responses, seriesId) {
      const key = seriesId ?? "any";
      const queue = queues.get(key) ?? [];
      queue.push(...(Array.isArray(responses) ? responses : [responses]));
      queues.set(key, queue);
    },
    windowsOf(seriesId) {
      return requests.filter((r) => r.seriesId === seriesId).map((r) => [r.dataInicial, r.dataFinal]);
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function realisticAnswer(request: RecordedRequest, data: Map<number, SgsRow[]>): FakeResponse {
  const from = request.dataInicial ? parseSgsDate(request.dataInicial) : undefined;
  const to = request.dataFinal ? parseSgsDate(request.dataFinal) : undefined;
  if (request.seriesId === null || !data.has(request.seriesId)) {
    return { status: 404, body: '{"error":"Not Found"}' };
  }
  if (!from || !to || from > to) {
    return { status: 400, body: JSON.stringify({ error: "Datas inválidas" }) };
  }
  const daily = SERIES.find((s) => s.id === request.seriesId)?.cadence === "daily";
  const tenYearsLater = `${Number(from.slice(0, 4)) + 10}${from.slice(4)}`;
  if (daily && to > tenYearsLater) {
    return {
      status: 406,
      body: JSON.stringify({
        error: "O sistema aceita uma janela de consulta de, no máximo, 10 anos em séries de periodicidade diária",
      }),
    };
  }
  const inRange = (data.get(request.seriesId) ?? []).filter((r) => {
    const iso = parseSgsDate(r.data) ?? "";
    return iso >= from && iso <= to;
  });
  if (inRange.length === 0) {
    return { status: 404, body: JSON.stringify({ error: "Value(s) not found", tag: "NOT_FOUND" }) };
  }
  return { status: 200, body: jsonBody(inRange) };
}
