// Lineage: the model graph (sources, models, ref edges) with row counts, last builds and data-test results.
import path from "node:path";
import { PROJECT_ROOT } from "../../pipeline/config.ts";
import { emit, withMarts } from "../../pipeline/site/loader.ts";
import { readLineage } from "../../pipeline/transform/lineage.ts";
import { loadProject } from "../../pipeline/transform/project.ts";

emit(() => withMarts(async (w) => readLineage(w, await loadProject(path.join(PROJECT_ROOT, "models")))));
