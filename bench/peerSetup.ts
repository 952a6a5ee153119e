// The peers' Python environments, made by the bench itself: one venv each under .venv-peers/ (git-ignored), with
// pinned versions from PyPI, reused while the pins are the same. BENCH_PYTHON names the interpreter (default
// python3). A venv that can't be made is reported with pip's own last lines, so the peer is skipped, not faked.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../pipeline/config.ts";

export const PEER_VENVS = path.join(PROJECT_ROOT, ".venv-peers");

/**
 * The pins: dbt-core 1.10 (1.11 and later pull dbt-core-experimental-parser, whose build downloads a wheel from
 * GitHub) and the Python duckdb of the same version as @duckdb/node-api, so it opens the same files and has icu,
 * json and parquet built in (no extension download). tap-postgres in its own venv: its SQLAlchemy pins differ.
 */
export const PEERS = {
  dbt: { packages: ["dbt-core==1.10.23", "dbt-duckdb==1.10.1", "duckdb==1.5.6"], bin: "dbt" },
  tap: { packages: ["meltanolabs-tap-postgres==0.10.0"], bin: "tap-postgres" },
} as const;

export type Peer = keyof typeof PEERS;

export type PeerSetup = { ok: true; bin: string } | { ok: false; reason: string };

export function setUpPeer(peer: Peer): PeerSetup {
  const venv = path.join(PEER_VENVS, peer);
  const bin = path.join(venv, "bin", PEERS[peer].bin);
  const stamp = path.join(venv, "pins.txt");
  const pins = PEERS[peer].packages.join("\n");
  if (existsSync(bin) && existsSync(stamp) && readFileSync(stamp, "utf8") === pins) return { ok: true, bin };
  const python = process.env.BENCH_PYTHON ?? "python3";
  rmSync(venv, { recursive: true, force: true });
  const steps: [string, string[]][] = [
    [python, ["-m", "venv", venv]],
    [path.join(venv, "bin", "pip"), ["install", "--quiet", "--disable-pip-version-check", ...PEERS[peer].packages]],
  ];
  for (const [command, args] of steps) {
    console.log(`setting up ${peer}: ${path.basename(command)} ${args.join(" ")}`);
    const result = spawnSync(command, args, { encoding: "utf8", timeout: 20 * 60_000 });
    if (result.status !== 0) {
      const tail = `${result.error?.message ?? ""}${result.stderr ?? ""}`
        .split("\n")
        .filter((l) => l.trim() && !l.startsWith("WARNING: Location"))
        .slice(-3)
        .join(" / ");
      return { ok: false, reason: `${path.basename(command)} ${args.slice(0, 2).join(" ")} failed: ${tail || `exit ${result.status}`}` };
    }
  }
  writeFileSync(stamp, pins);
  return { ok: true, bin };
}
