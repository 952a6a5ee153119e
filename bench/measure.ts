// Runs a command as a child process and measures its wall time and peak memory (GNU time's max RSS when
// /usr/bin/time exists), so every bench figure comes from the same kind of measurement.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface Measurement {
  seconds: number;
  /** Peak resident memory in MiB, or null when GNU time is not installed. */
  peakMiB: number | null;
  /** The command's standard output, when asked for. */
  stdout?: string;
}

const GNU_TIME = "/usr/bin/time";

export async function measure(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, keepStdout = false): Promise<Measurement> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-time-"));
  const out = path.join(dir, "rss");
  const timed = existsSync(GNU_TIME);
  const [cmd, argv] = timed ? [GNU_TIME, ["-f", "%M", "-o", out, command, ...args]] : [command, args];
  const started = performance.now();
  let stdout = "";
  await new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd, env, stdio: ["ignore", keepStdout ? "pipe" : "ignore", "pipe"] });
    child.stdout?.on("data", (chunk) => (stdout += chunk));
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited ${code}:\n${stderr}`))));
  });
  const seconds = (performance.now() - started) / 1000;
  const peakMiB = timed ? Number(readFileSync(out, "utf8").trim().split("\n").pop()) / 1024 : null;
  rmSync(dir, { recursive: true, force: true });
  return keepStdout ? { seconds, peakMiB, stdout } : { seconds, peakMiB };
}

/**
 * One of the project's own scripts, run as `npm run pipeline` runs the CLI: node with tsx's loader, without the
 * extra process and the start-up the tsx command adds (about 0.1 s a run, which a peer's figure would not carry).
 */
export function measureScript(args: string[], env: NodeJS.ProcessEnv, cwd: string, keepStdout = false): Promise<Measurement> {
  return measure(process.execPath, ["--import", "tsx", ...args], env, cwd, keepStdout);
}

/** The environment of a bench run on the embedded sample at `orders`, everything under `work`. */
export function sampleEnv(work: string, orders: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SAMPLE_ORDERS: String(orders),
    SAMPLE_DIR: path.join(work, "sample"),
    WAREHOUSE_PATH: path.join(work, "analytics.duckdb"),
    SITE_OUTPUT: path.join(work, "dist"),
    LOG_LEVEL: "warn",
  };
}

export function row(label: string, m: Measurement, extra = ""): string {
  const mem = m.peakMiB === null ? "n/a" : `${m.peakMiB.toFixed(0)} MiB`;
  return `${label.padEnd(34)} ${m.seconds.toFixed(2).padStart(8)} s   peak ${mem.padStart(9)}   ${extra}`;
}
