// Logging to stderr with secrets removed: nothing that looks like a connection password leaves the process.

const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*:)([^@\s/]+)(@)/gi;
// libpq key=value strings and query parameters: password=…, PGPASSWORD=…
const KEY_VALUE_PASSWORD = /\b(password|passwd|pgpassword)(=)([^\s&;,'"]+)/gi;

/** Removes passwords from connection URLs and key=value pairs. */
export function redact(text: string): string {
  return text.replace(URL_PASSWORD, "$1***$3").replace(KEY_VALUE_PASSWORD, "$1$2***");
}

/** A URL safe to print: the password is replaced by ***. */
export function safeUrl(url: string | undefined): string {
  return url === undefined ? "(unset)" : redact(url);
}

/** An error message safe to print, with the causes chained. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    // Wrapped errors usually repeat their cause's message already; add it only when it says something new.
    const cause = error.cause === undefined ? "" : describeError(error.cause);
    const message = redact(error.message);
    return cause && !message.includes(cause) ? `${message} (cause: ${cause})` : message;
  }
  return redact(String(error));
}

export type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

function threshold(): number {
  const wanted = (process.env.LOG_LEVEL ?? "info") as Level;
  return order[wanted] ?? order.info;
}

/** LOG_FORMAT=json: one JSON object a line ({time, level, scope, message}), for journald, Loki, CloudWatch… */
export const LOG_FORMATS = ["text", "json"] as const;

function write(level: Level, scope: string, message: string): void {
  if (order[level] < threshold()) return;
  if (process.env.LOG_FORMAT === "json") {
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, scope, message: redact(message) })}\n`);
    return;
  }
  const time = new Date().toISOString().slice(11, 19);
  const tag = level === "info" ? "" : `${level.toUpperCase()} `;
  process.stderr.write(`${time} ${tag}[${scope}] ${redact(message)}\n`);
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function logger(scope: string): Logger {
  return {
    debug: (m) => write("debug", scope, m),
    info: (m) => write("info", scope, m),
    warn: (m) => write("warn", scope, m),
    error: (m) => write("error", scope, m),
  };
}
