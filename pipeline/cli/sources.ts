// Commands on the sources outside a run: generate the embedded sample, refresh the BCB snapshot.
import { refreshSnapshots } from "../extract/bcb/refresh.ts";
import { ensureSample } from "../extract/sampleSource.ts";
import { help, type Command } from "./command.ts";

export const SOURCE_COMMANDS: Command[] = [
  {
    name: "bcb",
    usage: "bcb refresh",
    summary: "Fetch BCB series 1, 433, 432 from BCB_API_URL since the last stored date; update data/bcb atomically",
    options: help,
    async run({ config, positionals }) {
      if (positionals[0] !== "refresh") throw new Error(`unknown bcb subcommand "${positionals[0] ?? ""}"; try: bcb refresh`);
      const report = await refreshSnapshots(config);
      for (const s of report.series) {
        process.stdout.write(
          `series ${s.seriesId}: ${s.error ? `kept snapshot (${s.error})` : `${s.added} added, ${s.revised} revised${s.written ? ", written" : ""}`}\n`,
        );
      }
      return report.ok ? 0 : 1;
    },
  },
  {
    name: "generate",
    usage: "generate",
    summary: "Generate the embedded sample CSVs (SAMPLE_ORDERS, SAMPLE_SEED) into SAMPLE_DIR",
    options: help,
    async run({ config }) {
      process.stdout.write(`${await ensureSample(config)}\n`);
    },
  },
];
