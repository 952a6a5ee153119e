// Starts tslab's kernel from the project root, whatever directory Jupyter launched it in: notebooks import the
// project's modules as ./pipeline/… and ./src/…, and tslab resolves (and compiles) local imports from its working
// directory. kernel.json (written by `notebooks setup`) runs this file with an absolute node path.
"use strict";
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");
const connectionFile = process.argv[2];
if (!connectionFile) {
  process.stderr.write("usage: node scripts/notebooks/kernel.cjs <connection-file> (Jupyter passes it)\n");
  process.exit(2);
}
process.chdir(root);
const tslab = (file) => require(path.join(root, "node_modules", ...file));

if (process.env.TSLAB_NO_FILE_WATCH === "1") {
  // Headless runs (tests, the site build) compile each module once. tslab's watcher, which recompiles a module
  // edited while a kernel runs, throws "Unexpected pending rebuildTimer" when a file changes between two cells.
  const ts = tslab(["@tslab", "typescript-for-tslab"]);
  const unwatched = () => ({ close() {} });
  ts.sys.watchFile = unwatched;
  ts.sys.watchDirectory = unwatched;
}

const { startKernel } = tslab(["tslab", "dist", "main.js"]);
const { getVersion } = tslab(["tslab", "dist", "util.js"]);
startKernel({ configPath: connectionFile, enableFindLocal: false, jsKernel: false, globalVersion: getVersion() });
