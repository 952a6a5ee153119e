// A BigQuery emulator of the test's own (scripts/bigquery-emulator.sh, local-bigquery) on free ports, its data in
// a temp dir, stopped with the test file. The first start installs it into .venv-bigquery (a minute or two).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./site.ts";

export interface Emulator {
  /** host:port, as BIGQUERY_EMULATOR_HOST takes it. */
  host: string;
  /** Environment that points the pipeline at it (project "test", datasets prefixed `prefix`). */
  env(prefix: string): Record<string, string>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
    (r) => r.ok,
    () => false,
  );
}

export async function startEmulator(timeoutMs = 280_000): Promise<Emulator> {
  const [port, grpcPort] = [await freePort(), await freePort()];
  const data = mkdtempSync(path.join(os.tmpdir(), "bigquery-emulator-"));
  let output = "";
  const child: ChildProcess = spawn("bash", [path.join(ROOT, "scripts", "bigquery-emulator.sh"), String(port), data], {
    cwd: ROOT,
    env: { ...process.env, BIGQUERY_EMULATOR_GRPC_PORT: String(grpcPort) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const stop = async () => {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGTERM");
    await exited;
    rmSync(data, { recursive: true, force: true });
  };
  const host = `127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(`http://${host}/bigquery/v2/projects/test/datasets`))) {
    if (child.exitCode !== null) throw new Error(`The BigQuery emulator exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The BigQuery emulator did not answer on ${host} within ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    host,
    env: (prefix) => ({ WAREHOUSE_ENGINE: "bigquery", BIGQUERY_EMULATOR_HOST: host, BIGQUERY_PROJECT: "test", BIGQUERY_DATASET_PREFIX: prefix }),
    stop,
  };
}
