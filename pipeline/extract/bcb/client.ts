// Fetches one SGS series over a date range from the BCB API: ten-year windows, a timeout per request, and retries
// with backoff on what may pass (timeouts, network errors, 5xx, 429, HTML or truncated bodies), never on what won't.
import { describeError, logger, type Logger } from "../../log.ts";
import { addDays, addYears, parseIsoDate, toSgsDate } from "./dates.ts";
import { backoffDelay, formatDelay, parseRetryAfter, realSleep, type Backoff } from "../../backoff.ts";
import { SgsFormatError, parseSgsDate, seriesById } from "./series.ts";
import { parseSgsRows, type ParsedSgs } from "./sgsRows.ts";

/** Full jitter: clients that failed together come back spread out. */
export const DEFAULT_BACKOFF: Backoff = { baseMs: 1_000, maxMs: 30_000, jitter: "full" };

/** Inclusive range of ISO dates. */
export interface DateRange {
  from: string;
  to: string;
}

export function formatRange(range: DateRange): string {
  return `${range.from}..${range.to}`;
}

/**
 * Splits a range into inclusive, contiguous windows of at most ten years: since 2025 the API answers HTTP 406 to a
 * longer request for a daily series. Monthly series are split too; it costs a request per decade and needs no cadence.
 */
export function tenYearWindows(range: DateRange): DateRange[] {
  parseIsoDate(range.from);
  parseIsoDate(range.to);
  if (range.from > range.to) throw new RangeError(`Empty date range ${formatRange(range)}`);
  const windows: DateRange[] = [];
  let from = range.from;
  while (from <= range.to) {
    const limit = addDays(addYears(from, 10), -1);
    const to = limit < range.to ? limit : range.to;
    windows.push({ from, to });
    from = addDays(to, 1);
  }
  return windows;
}

export function sgsUrl(baseUrl: string, seriesId: number, window: DateRange): string {
  // Literal slashes in the dates, as the BCB documents them; the API also accepts %2F.
  const query = `formato=json&dataInicial=${toSgsDate(window.from)}&dataFinal=${toSgsDate(window.to)}`;
  return `${baseUrl.replace(/\/+$/, "")}/dados/serie/bcdata.sgs.${seriesId}/dados?${query}`;
}

export type FailureKind = "timeout" | "network" | "http" | "format" | "empty";

/** A request that did not yield data; the message ends with what happened next (retrying, gave up, not retried). */
export class BcbRequestError extends Error {
  override name = "BcbRequestError";
  constructor(
    message: string,
    readonly seriesId: number,
    readonly range: DateRange,
    readonly kind: FailureKind,
    readonly attempts: number,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface FetchSeriesOptions {
  baseUrl: string;
  fetchImpl?: typeof fetch;
  /** Per request, body included. */
  timeoutMs?: number;
  /** Attempts per window, the first included. */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Clock for Retry-After HTTP-dates. */
  now?: () => number;
  backoff?: Backoff;
  /** A Retry-After longer than this is not waited for: the run gives up (and the caller falls back) instead. */
  maxRetryAfterMs?: number;
  /**
   * Whether no observations at all is an answer rather than a failure. Off by default: a requested range normally
   * has data, and an empty answer is how a wrong series id or base URL shows itself. Turn it on for an incremental
   * fetch that starts after the last stored date, where "nothing new yet" is normal.
   */
  allowEmpty?: boolean;
  log?: Logger;
}

export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_ATTEMPTS = 4;
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

export interface SeriesFetch extends ParsedSgs {
  windows: DateRange[];
}

interface Failure {
  kind: FailureKind;
  message: string;
  retryable: boolean;
  /** Why it is not retried, for the message. */
  notRetried?: string;
  status?: number;
  retryAfterMs?: number;
  cause?: unknown;
}

type Outcome = { ok: true; parsed: ParsedSgs; note?: string } | { ok: false; failure: Failure };

type Settings = Required<Omit<FetchSeriesOptions, "allowEmpty">>;

/**
 * All observations of `seriesId` in `range`, window by window. A window without data (HTTP 404 or `[]`) is fine
 * inside a longer range, since a series may start after `range.from`; the whole range being empty is an error unless
 * `allowEmpty`. Throws BcbRequestError once a window has failed for good.
 */
export async function fetchSeries(seriesId: number, range: DateRange, options: FetchSeriesOptions): Promise<SeriesFetch> {
  const settings: Settings = {
    baseUrl: options.baseUrl,
    fetchImpl: options.fetchImpl ?? fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxAttempts: Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS,
    log: options.log ?? logger("bcb"),
  };
  // Validation needs the series' plausible range, so a series must be in SERIES before it can be fetched.
  seriesById(seriesId);
  const windows = tenYearWindows(range);
  const result: SeriesFetch = { observations: [], rows: [], windows };
  const notes: string[] = [];
  for (const window of windows) {
    const { parsed, note } = await fetchWindow(seriesId, window, settings);
    result.observations.push(...parsed.observations);
    result.rows.push(...parsed.rows);
    if (note) notes.push(note);
  }
  if (result.rows.length === 0 && !options.allowEmpty) {
    const detail = notes.length > 0 ? ` (${notes[0]})` : "";
    throw new BcbRequestError(
      `BCB API returned no observations for series ${seriesId} (${formatRange(range)})${detail}; not retried: ` +
        "check the series id and base URL, or whether the range ends before the series starts",
      seriesId,
      range,
      "empty",
      1,
    );
  }
  settings.log.debug(`series ${seriesId}: ${result.rows.length} observations for ${formatRange(range)} in ${windows.length} request(s)`);
  return result;
}

async function fetchWindow(seriesId: number, window: DateRange, s: Settings): Promise<{ parsed: ParsedSgs; note?: string }> {
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await attemptOnce(seriesId, window, s);
    if (outcome.ok) return outcome;
    const f = outcome.failure;
    const fail = (next: string) => new BcbRequestError(`${f.message}; ${next}`, seriesId, window, f.kind, attempt, f.status, { cause: f.cause });
    if (!f.retryable) throw fail(`not retried: ${f.notRetried ?? "retrying would not change the answer"}`);
    if (attempt >= s.maxAttempts) throw fail(`gave up after ${attempt} attempts`);
    if (f.retryAfterMs !== undefined && f.retryAfterMs > s.maxRetryAfterMs) {
      throw fail(`the API asked to wait ${formatDelay(f.retryAfterMs)}, longer than the ${formatDelay(s.maxRetryAfterMs)} this run waits; gave up`);
    }
    const delay = f.retryAfterMs ?? backoffDelay(attempt, s.backoff, s.random);
    s.log.warn(`${f.message}; retrying in ${formatDelay(delay)} (attempt ${attempt + 1} of ${s.maxAttempts})`);
    await s.sleep(delay);
  }
}

class Deadline extends Error {}

async function attemptOnce(seriesId: number, window: DateRange, s: Settings): Promise<Outcome> {
  const where = `series ${seriesId} (${formatRange(window)})`;
  const url = sgsUrl(s.baseUrl, seriesId, window);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), s.timeoutMs);
  // The race also bounds a fetchImpl that ignores the signal, and covers reading the body, not just the headers.
  const deadline = new Promise<never>((_, reject) => {
    controller.signal.addEventListener("abort", () => reject(new Deadline()), { once: true });
  });
  let answer: { status: number; body: string; retryAfter: string | null };
  try {
    answer = await Promise.race([
      (async () => {
        const response = await s.fetchImpl(url, { signal: controller.signal, headers: { accept: "application/json" } });
        return { status: response.status, body: await response.text(), retryAfter: response.headers.get("retry-after") };
      })(),
      deadline,
    ]);
  } catch (error) {
    if (error instanceof Deadline || controller.signal.aborted) {
      return {
        ok: false,
        failure: { kind: "timeout", message: `BCB API did not answer within ${formatDelay(s.timeoutMs)} for ${where}`, retryable: true },
      };
    }
    const origin = new URL(url).origin;
    return {
      ok: false,
      failure: {
        kind: "network",
        message: `Could not reach the BCB API at ${origin} for ${where}: ${describeError(error)}`,
        retryable: true,
        cause: error,
      },
    };
  } finally {
    clearTimeout(timer);
  }
  return classify(answer.status, answer.body, answer.retryAfter, seriesId, window, where, s);
}

function classify(status: number, body: string, retryAfter: string | null, seriesId: number, window: DateRange, where: string, s: Settings): Outcome {
  if (status === 404) {
    // The SGS API's way of saying "no data in this range", with a JSON or HTML error body.
    return { ok: true, parsed: { observations: [], rows: [] }, note: `HTTP 404: ${snippet(body)}` };
  }
  if (status === 429 || status >= 500) {
    const reason = status === 429 ? "HTTP 429 (too many requests)" : `HTTP ${status}`;
    return {
      ok: false,
      failure: {
        kind: "http",
        status,
        message: `BCB API answered ${reason} for ${where}`,
        retryable: true,
        retryAfterMs: parseRetryAfter(retryAfter, s.now()),
      },
    };
  }
  if (status < 200 || status >= 300) {
    return {
      ok: false,
      failure: {
        kind: "http",
        status,
        message: `BCB API answered HTTP ${status} for ${where}: ${snippet(body)}`,
        retryable: false,
        notRetried: "a client error does not change on a second try; check the series id, the base URL and the range",
      },
    };
  }
  let parsed: ParsedSgs;
  try {
    parsed = parseSgsRows(body, seriesId, formatRange(window));
  } catch (error) {
    if (!(error instanceof SgsFormatError)) throw error;
    // An HTML error page from a proxy or a truncated body is usually transient; a well-formed array with bad
    // values is the API's answer and asking again would only repeat it.
    const transient = body.trimStart().startsWith("<") || !isJson(body);
    return {
      ok: false,
      failure: {
        kind: "format",
        status,
        message: error.message,
        retryable: transient,
        notRetried: "the API sent well-formed JSON with invalid data",
        cause: error,
      },
    };
  }
  const note = parsed.rows.length === 0 ? "the API answered an empty array" : undefined;
  return { ok: true, parsed: keepInside(parsed, window, where, s.log), note };
}

/** Rows outside the requested window are not what was asked for: they are dropped rather than trusted. */
function keepInside(parsed: ParsedSgs, window: DateRange, where: string, log: Logger): ParsedSgs {
  const inside = (iso: string) => iso >= window.from && iso <= window.to;
  const observations = parsed.observations.filter((o) => inside(o.date));
  const dropped = parsed.observations.length - observations.length;
  if (dropped === 0) return parsed;
  log.warn(`BCB API returned ${dropped} observation(s) outside the requested range for ${where}; dropped them`);
  const rows = parsed.rows.filter((r) => inside(parseSgsDate(r.data) ?? ""));
  return { observations, rows };
}

function isJson(body: string): boolean {
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

/** A short, single-line hint of an error body: the API's JSON "error" field, an HTML title, or the first characters. */
function snippet(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
    const text = parsed?.error ?? parsed?.message;
    if (typeof text === "string") return clip(text);
  } catch {
    // not JSON; fall through
  }
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
  if (title !== undefined) return `HTML page "${clip(title)}"`;
  return body.trim() === "" ? "empty body" : clip(body);
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
