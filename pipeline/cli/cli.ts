// The only entry point a person types: `npm run pipeline -- <command> [options]`.
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config.ts";
import { describeError } from "../log.ts";
import { stopWithParent } from "../run/signals.ts";
import { COMMANDS, type Command } from "./commands.ts";

function usage(): string {
  return [
    "Usage: npm run pipeline -- <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    "",
    "Every command reads its settings from the environment (see the README's configuration table).",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 1;
  }
  const command: Command | undefined = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${usage()}\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nUsage: npm run pipeline -- ${command.usage}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(`Usage: npm run pipeline -- ${command.usage}\n${command.summary}\n`);
    return 0;
  }
  try {
    return (await command.run({ config: loadConfig(), values: parsed.values, positionals: parsed.positionals })) ?? 0;
  } catch (error) {
    const prefix = error instanceof ConfigError ? "Configuration error" : `${command.name} failed`;
    process.stderr.write(`${prefix}: ${describeError(error)}\n`);
    return 1;
  }
}

stopWithParent();
process.exitCode = await main(process.argv.slice(2));
