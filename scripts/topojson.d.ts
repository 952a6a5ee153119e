// The two TopoJSON libraries scripts/simplify-geo.ts uses ship without type declarations.
declare module "topojson-server" {
  export function topology(objects: Record<string, unknown>, quantization?: number): any;
}
declare module "topojson-simplify" {
  export function presimplify(topology: any): any;
  export function quantile(topology: any, p: number): number;
  export function simplify(topology: any, minWeight?: number): any;
}
declare module "topojson-client" {
  export function quantize(topology: any, transform: number | object): any;
}
declare module "topojson-client" {
  /** The GeoJSON Feature or FeatureCollection of one object of a topology. */
  export function feature(topology: any, object: any): any;
  /** The mesh of shared borders of an object, as a GeoJSON MultiLineString. */
  export function mesh(topology: any, object?: any, filter?: (a: any, b: any) => boolean): any;
}
