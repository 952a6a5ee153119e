// Makes data/geo/brazil-states.topo.json, the small map the Geography page draws, from the public
// click_that_hood GeoJSON of the 27 states: quantised TopoJSON, simplified, only the properties the page uses.
// Usage: npx tsx scripts/simplify-geo.ts [source.geojson] (default: ../shared/data/geo/brazil-states.geojson)
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { topology } from "topojson-server";
import { presimplify, quantile, simplify } from "topojson-simplify";
import { quantize } from "topojson-client";
import { PROJECT_ROOT } from "../pipeline/config.ts";

const SOURCE = process.argv[2] ?? path.resolve(PROJECT_ROOT, "..", "shared", "data", "geo", "brazil-states.geojson");
const TARGET = path.join(PROJECT_ROOT, "data", "geo", "brazil-states.topo.json");
/** Keep the corners of the top 4 % of triangles by area: ~40 KB, and the small states (DF, SE, AL) stay recognisable. */
const KEEP_QUANTILE = 0.04;
const QUANTIZATION = 1e4;

interface Feature {
  type: "Feature";
  properties: Record<string, unknown>;
  geometry: unknown;
}

const source = JSON.parse(readFileSync(SOURCE, "utf8")) as { features: Feature[] };
if (source.features.length !== 27) {
  throw new Error(`${SOURCE} has ${source.features.length} features, expected the 27 states: is it the brazil-states GeoJSON?`);
}
const features = source.features.map((f) => ({
  type: "Feature" as const,
  // `sigla` is the UF code (customer_state); `name` the state's name, with its accents.
  properties: { sigla: String(f.properties.sigla), name: String(f.properties.name) },
  geometry: f.geometry,
}));
const topo = presimplify(topology({ states: { type: "FeatureCollection", features } }, QUANTIZATION));
const simplified = simplify(topo, quantile(topo, KEEP_QUANTILE));
// presimplify left absolute coordinates with a weight per point: drop the weights, then delta-encode integers again.
simplified.arcs = simplified.arcs.map((arc: number[][]) => arc.map(([x, y]) => [x, y]));
delete simplified.transform;
const json = JSON.stringify(quantize(simplified, QUANTIZATION));
const tmp = `${TARGET}.tmp`;
writeFileSync(tmp, json);
renameSync(tmp, TARGET);
process.stderr.write(`wrote ${path.relative(PROJECT_ROOT, TARGET)} (${(json.length / 1024).toFixed(1)} KB) from ${SOURCE}\n`);
