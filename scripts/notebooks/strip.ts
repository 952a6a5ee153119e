// Strips notebook outputs: `--filter` reads a notebook on stdin and writes it stripped to stdout (the git clean
// filter set up by `notebooks setup`); with files (default notebooks/*.ipynb) it strips them in place.
import { listNotebooks } from "../../pipeline/notebooks/execute.ts";
import { parseNotebook, serializeNotebook, stripNotebookFiles, stripOutputs } from "../../pipeline/notebooks/strip.ts";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const args = process.argv.slice(2);
if (args[0] === "--filter") {
  process.stdout.write(serializeNotebook(stripOutputs(parseNotebook(await readStdin(), "stdin"))));
} else {
  const changed = await stripNotebookFiles(args.length > 0 ? args : await listNotebooks());
  for (const file of changed) process.stderr.write(`stripped ${file}\n`);
}
