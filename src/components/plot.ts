// The parts of Plot the site draws with, named in one place: the site build bundles exactly these with the d3
// code they need (pipeline/site/plotBundle.ts), so a page loads neither the rest of Plot nor the whole d3 bundle.
export {
  areaY,
  barX,
  barY,
  cell,
  centroid,
  dot,
  geo,
  line,
  lineY,
  linearRegressionY,
  plot,
  pointer,
  pointerX,
  pointerY,
  rect,
  rectY,
  ruleX,
  ruleY,
  stackX,
  stackY,
  text,
  tip,
} from "@observablehq/plot";
export type * from "@observablehq/plot";
