// The map of the 27 states for the Geography page: the committed TopoJSON of data/geo (made by
// scripts/simplify-geo.ts), passed through because Framework serves only files under src/.
import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../../pipeline/config.ts";

process.stdout.write(readFileSync(path.join(PROJECT_ROOT, "data", "geo", "brazil-states.topo.json")));
