// What a CLI command is: a name, a usage line, a summary and a function. cli.ts parses and dispatches.
import type { ParseArgsConfig } from "node:util";
import type { Config } from "../config.ts";

export interface CommandInput {
  config: Config;
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  options?: ParseArgsConfig["options"];
  run(input: CommandInput): Promise<number | void>;
}

export const help = { help: { type: "boolean" as const, short: "h" } };
