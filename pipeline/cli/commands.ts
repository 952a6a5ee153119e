// Every command of the CLI, in the order `--help` lists them.
import type { Command } from "./command.ts";
import { NOTEBOOK_COMMANDS } from "./notebooks.ts";
import { PIPELINE_COMMANDS } from "./pipeline.ts";
import { POSTGRES_COMMANDS } from "./postgres.ts";
import { SCHEDULE_COMMANDS } from "./schedule.ts";
import { SHOW_COMMAND } from "./show.ts";
import { SOURCE_COMMANDS } from "./sources.ts";

export type { Command, CommandInput } from "./command.ts";

export const COMMANDS: Command[] = [...PIPELINE_COMMANDS, SHOW_COMMAND, ...SOURCE_COMMANDS, ...POSTGRES_COMMANDS, ...SCHEDULE_COMMANDS, ...NOTEBOOK_COMMANDS];
