// Connections to the operational PostgreSQL: one place that turns a URL into a client and any failure into an
// error that is safe to print (no password, ever — pg and Node errors can carry the whole connection string).
import pg from "pg";
import { ConfigError, loadConfig } from "../../config.ts";
import { redact, safeUrl } from "../../log.ts";

/** A failure talking to the PostgreSQL source; the message never contains the password. */
export class PostgresSourceError extends Error {
  override name = "PostgresSourceError";
  /** SQLSTATE from the server, or the Node system error code (ECONNREFUSED, …). */
  readonly code: string | undefined;

  constructor(message: string, code?: string) {
    super(message);
    this.code = code;
  }
}

/** The URL from the option, else SOURCE_DATABASE_URL; a clear error when neither is set. */
export function resolveSourceUrl(url: string | undefined, flag = "--to"): string {
  const resolved = url ?? loadConfig().sourceDatabaseUrl;
  if (!resolved) {
    throw new ConfigError(`No PostgreSQL database: pass ${flag} postgres://user@host:5432/db or set SOURCE_DATABASE_URL`);
  }
  return resolved;
}

/**
 * Every spelling of the URL's password that could end up in a message: as written, and percent-decoded.
 * The password runs to the last "@" of the authority, so an unescaped "/" or "@" in it is still found.
 */
function passwordsOf(url: string): string[] {
  const rest = /^[a-z][a-z0-9+.-]*:\/\/(\S*)/i.exec(url)?.[1] ?? "";
  const at = rest.lastIndexOf("@");
  if (at < 0) return [];
  const userinfo = rest.slice(0, at);
  const colon = userinfo.indexOf(":");
  if (colon < 0) return [];
  const written = userinfo.slice(colon + 1);
  let decoded = written;
  try {
    decoded = decodeURIComponent(written);
  } catch {
    // keep the written form only
  }
  return [...new Set([written, decoded])].filter((p) => p.length > 0);
}

/** Removes the URL's password (in any spelling) and anything URL- or key=value-shaped from a message. */
export function scrub(message: string, url: string): string {
  let clean = message;
  for (const password of passwordsOf(url)) clean = clean.split(password).join("***");
  return redact(clean);
}

/** The URL for messages, logs and the warehouse: safeUrl, and the password gone even where the URL is malformed. */
export function printableUrl(url: string): string {
  return scrub(safeUrl(url), url);
}

/**
 * Wraps any error from pg or Node into a PostgresSourceError with a scrubbed message.
 * The original is deliberately not kept as `cause`: its properties (`input` of an ERR_INVALID_URL, pg's
 * connection parameters) may hold the password, and util.inspect would print them.
 */
export function sourceError(error: unknown, url: string, doing: string): PostgresSourceError {
  if (error instanceof PostgresSourceError) return error;
  const e = error as { message?: unknown; code?: unknown; detail?: unknown; hint?: unknown };
  const parts = [typeof e?.message === "string" && e.message ? e.message : String(error)];
  if (typeof e?.detail === "string") parts.push(`detail: ${e.detail}`);
  if (typeof e?.hint === "string") parts.push(`hint: ${e.hint}`);
  const code = typeof e?.code === "string" ? e.code : undefined;
  const message = scrub(`${doing} (${printableUrl(url)}): ${parts.join("; ")}`, url);
  const wrapped = new PostgresSourceError(message, code);
  // The same settings fail the same way: a ConfigError cause (scrubbed, made here) tells the run not to retry.
  if (doing === INVALID_URL || (code !== undefined && PERMANENT_CODES.has(code))) wrapped.cause = new ConfigError(message);
  return wrapped;
}

const INVALID_URL = "Invalid PostgreSQL URL";

/**
 * Failures a retry cannot mend: wrong password or role (28P01, 28000), no such database (3D000), no privilege
 * (42501), a URL whose port Node refuses. A refused connection or a DNS failure may be transient: retried.
 */
const PERMANENT_CODES = new Set(["28P01", "28000", "3D000", "42501", "ERR_SOCKET_BAD_PORT", "ERR_INVALID_URL"]);

/** Statements every session of an extraction runs first in its transaction: the canonical text forms. */
export const SESSION_SETUP = "set local datestyle = 'ISO, YMD'; set local extra_float_digits = 1";

export interface ConnectOptions {
  /** Give up connecting after this many milliseconds (an unreachable host otherwise waits for the OS). */
  connectTimeoutMs?: number;
  applicationName?: string;
}

/** A connected client; failures to connect are PostgresSourceErrors that say where and why, without the password. */
export async function connectSource(url: string, options: ConnectOptions = {}): Promise<pg.Client> {
  let client: pg.Client;
  try {
    client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 15_000,
      application_name: options.applicationName ?? "olist-pipeline",
    });
  } catch (error) {
    throw sourceError(error, url, INVALID_URL);
  }
  // An idle client whose server goes away emits 'error'; unhandled, it would crash with the raw message.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw sourceError(error, url, "Cannot connect to PostgreSQL");
  }
  return client;
}

/** Runs `work` with a connected client and always closes it; errors come out scrubbed. */
export async function withSource<T>(url: string, work: (client: pg.Client) => Promise<T>, options: ConnectOptions = {}): Promise<T> {
  const client = await connectSource(url, options);
  try {
    return await work(client);
  } catch (error) {
    throw scrubbed(error, url);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Errors from pg or the network become PostgresSourceErrors; any other error (ours, DuckDB's) keeps its type,
 * with the password scrubbed from its message.
 */
export function scrubbed(error: unknown, url: string): Error {
  if (error instanceof PostgresSourceError) return error;
  const fromPg = typeof error === "object" && error !== null && ("severity" in error || "syscall" in error);
  if (error instanceof Error && !fromPg) {
    error.message = scrub(error.message, url);
    return error;
  }
  return sourceError(error, url, "PostgreSQL query failed");
}

/** Double-quotes an identifier for PostgreSQL. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A schema-qualified, quoted table name. */
export function qualified(schema: string, table: string): string {
  return `${ident(schema)}.${ident(table)}`;
}
