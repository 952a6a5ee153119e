// The PostgreSQL source step: extraction of the Olist tables from SOURCE_DATABASE_URL into the raw schema.
import type { StepContext, StepOutcome } from "../steps.ts";

export async function extractFromPostgres(_ctx: StepContext): Promise<StepOutcome> {
  throw new Error("PostgreSQL extraction is not wired yet");
}
