// Reading a query into a file with psql's \copy, in the extraction's snapshot. The bytes are the server's own
// COPY output either way; what differs is the client. node-postgres hands every row to JavaScript as one
// CopyData message: at 1,000,000 orders (6.2 million rows, 645 MB of CSV) streaming them to files took
// 5.4 CPU-seconds in Node against 0.5 in psql, on a 2-core machine where the server and DuckDB need the
// same cores. So when psql is on the PATH (postgresql-client) it reads, each query in its own session that
// imports the snapshot; without it node-postgres reads, and the extraction says so once.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { logger } from "../../log.ts";
import { SESSION_SETUP, scrub } from "./connect.ts";

const log = logger("extract");

/** psql's path when it runs here, else undefined (looked up once). */
let found: string | null | undefined;
export function findPsql(): string | undefined {
  if (found === undefined) {
    const probe = spawnSync("psql", ["--version"], { encoding: "utf8" });
    found = probe.status === 0 ? "psql" : null;
    if (!found) log.info("psql is not installed: the source is read through node-postgres (install postgresql-client for faster extractions)");
  }
  return found ?? undefined;
}

/** URI parameters libpq (psql) understands; node-postgres has others (ssl=true), which psql refuses. */
const LIBPQ_PARAMETERS = new Set([
  "host",
  "hostaddr",
  "port",
  "dbname",
  "user",
  "password",
  "passfile",
  "connect_timeout",
  "client_encoding",
  "options",
  "application_name",
  "fallback_application_name",
  "keepalives",
  "keepalives_idle",
  "keepalives_interval",
  "keepalives_count",
  "tcp_user_timeout",
  "sslmode",
  "sslcompression",
  "sslcert",
  "sslkey",
  "sslpassword",
  "sslrootcert",
  "sslcrl",
  "sslcrldir",
  "sslsni",
  "requirepeer",
  "ssl_min_protocol_version",
  "ssl_max_protocol_version",
  "gssencmode",
  "krbsrvname",
  "gsslib",
  "service",
  "target_session_attrs",
  "channel_binding",
  "load_balance_hosts",
]);

/** The URL's parameters psql would refuse (none: psql can read from it). */
export function parametersPsqlRefuses(url: string): string[] {
  try {
    return [...new URL(url).searchParams.keys()].filter((k) => !LIBPQ_PARAMETERS.has(k));
  } catch {
    return [];
  }
}

/** The URL without its password, and the password for PGPASSWORD (never on a command line, where ps shows it). */
export function psqlConnection(url: string): { target: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return {
    target: parsed.toString(),
    env: {
      ...process.env,
      ...(password ? { PGPASSWORD: password } : {}),
      // Rows arrive as UTF-8 whatever the database's encoding, as with node-postgres.
      PGCLIENTENCODING: "UTF8",
      PGAPPNAME: "olist-extract",
      PGCONNECT_TIMEOUT: "15",
    },
  };
}

/** Every psql still reading, stopped if this process exits first. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGTERM");
});

/**
 * `select` into `file` as CSV, in the exported snapshot `snapshot`; the process is in `owner` while it runs
 * (for the caller to stop it).
 */
export function psqlCopyToFile(psql: string, url: string, snapshot: string, select: string, file: string, owner: Set<ChildProcess>): Promise<void> {
  const { target, env } = psqlConnection(url);
  // On standard input, not the command line: a select naming thousands of changed orders passes the kernel's
  // limit for one argument (128 KB, spawn E2BIG). \copy takes one line.
  const script = [
    `begin isolation level repeatable read, read only;`,
    `set transaction snapshot '${snapshot.replace(/'/g, "''")}';`,
    `${SESSION_SETUP};`,
    `\\copy (${select.replace(/\s+/g, " ")}) to '${file.replace(/'/g, "''")}' with (format csv)`,
    `commit;`,
    "",
  ].join("\n");
  const args = ["--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", `--dbname=${target}`, "--file=-"];
  return new Promise((resolve, reject) => {
    const child = spawn(psql, args, { env, stdio: ["pipe", "ignore", "pipe"] });
    running.add(child);
    owner.add(child);
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-4000)));
    child.stdin!.on("error", () => undefined); // an early exit is reported below
    child.stdin!.end(script);
    child.on("error", (error) => {
      running.delete(child);
      owner.delete(child);
      reject(new Error(scrub(`psql could not run: ${error.message}`, url)));
    });
    child.on("exit", (code, signal) => {
      running.delete(child);
      owner.delete(child);
      if (code === 0) resolve();
      else reject(new Error(scrub(`psql exited with ${signal ?? `code ${code}`}: ${stderr.trim().replace(/^psql:[^:]*:\d+: /gm, "")}`, url)));
    });
  });
}
