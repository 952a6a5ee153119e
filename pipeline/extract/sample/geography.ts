// Where customers and sellers are: the 27 UFs with Olist's customer and seller mixes, their main cities, and a
// bounded pool of 5-digit CEP prefixes placed inside each state's real CEP range (capital first, as the Correios do).
import type { CsvFile } from "./csv.ts";
import type { Random } from "./random.ts";
import { AliasTable } from "./random.ts";

type City = readonly [name: string, weight: number, lat: number, lng: number];

interface State {
  uf: string;
  /** Customers per state in the public data (99,441 in all; SP ≈ 42 %). */
  customers: number;
  /** Sellers per state in the public data (3,095 in all; SP ≈ 60 %). */
  sellers: number;
  /** First and last CEP prefix of the state's main range. */
  cep: readonly [number, number];
  cities: readonly City[];
}

/** In CEP order, so a pool built state by state is sorted by prefix like the public geolocation file. */
const STATES: readonly State[] = [
  {
    uf: "SP",
    customers: 41_746,
    sellers: 1849,
    cep: [1000, 19999],
    cities: [
      ["sao paulo", 40, -23.55, -46.63],
      ["guarulhos", 5, -23.46, -46.53],
      ["osasco", 3.5, -23.53, -46.79],
      ["santo andre", 4, -23.66, -46.53],
      ["sao bernardo do campo", 4, -23.69, -46.56],
      ["barueri", 1.5, -23.51, -46.88],
      ["mogi das cruzes", 2, -23.52, -46.19],
      ["santos", 3, -23.96, -46.33],
      ["jundiai", 2, -23.19, -46.88],
      ["sao jose dos campos", 3, -23.18, -45.89],
      ["campinas", 6, -22.91, -47.06],
      ["sorocaba", 3, -23.5, -47.46],
      ["piracicaba", 1.5, -22.73, -47.65],
      ["ribeirao preto", 3, -21.18, -47.81],
      ["bauru", 1.5, -22.31, -49.06],
      ["franca", 1, -20.54, -47.4],
      ["sao jose do rio preto", 1.5, -20.82, -49.38],
    ],
  },
  {
    uf: "RJ",
    customers: 12_852,
    sellers: 171,
    cep: [20000, 28999],
    cities: [
      ["rio de janeiro", 50, -22.91, -43.17],
      ["niteroi", 8, -22.88, -43.1],
      ["sao goncalo", 6, -22.83, -43.05],
      ["duque de caxias", 5, -22.79, -43.31],
      ["nova iguacu", 5, -22.76, -43.45],
      ["petropolis", 3, -22.51, -43.18],
      ["volta redonda", 2.5, -22.52, -44.1],
      ["macae", 2, -22.37, -41.79],
      ["campos dos goytacazes", 3, -21.75, -41.32],
    ],
  },
  {
    uf: "ES",
    customers: 2033,
    sellers: 23,
    cep: [29000, 29999],
    cities: [
      ["vitoria", 8, -20.32, -40.34],
      ["vila velha", 8, -20.33, -40.29],
      ["serra", 6, -20.13, -40.31],
      ["cariacica", 4, -20.26, -40.42],
      ["cachoeiro de itapemirim", 2, -20.85, -41.11],
    ],
  },
  {
    uf: "MG",
    customers: 11_635,
    sellers: 244,
    cep: [30000, 39999],
    cities: [
      ["belo horizonte", 25, -19.92, -43.94],
      ["contagem", 5, -19.93, -44.05],
      ["betim", 3, -19.97, -44.2],
      ["divinopolis", 2, -20.14, -44.88],
      ["ipatinga", 2, -19.47, -42.54],
      ["juiz de fora", 6, -21.76, -43.35],
      ["pocos de caldas", 2, -21.79, -46.56],
      ["uberaba", 3, -19.75, -47.93],
      ["uberlandia", 6, -18.92, -48.28],
      ["montes claros", 3, -16.73, -43.86],
      ["governador valadares", 2, -18.85, -41.95],
    ],
  },
  {
    uf: "BA",
    customers: 3380,
    sellers: 19,
    cep: [40000, 48999],
    cities: [
      ["salvador", 30, -12.97, -38.5],
      ["lauro de freitas", 3, -12.89, -38.33],
      ["camacari", 3, -12.7, -38.32],
      ["feira de santana", 6, -12.27, -38.97],
      ["itabuna", 2, -14.79, -39.28],
      ["vitoria da conquista", 4, -14.86, -40.84],
    ],
  },
  {
    uf: "SE",
    customers: 350,
    sellers: 2,
    cep: [49000, 49999],
    cities: [
      ["aracaju", 20, -10.91, -37.07],
      ["nossa senhora do socorro", 3, -10.86, -37.13],
    ],
  },
  {
    uf: "PE",
    customers: 1652,
    sellers: 9,
    cep: [50000, 56999],
    cities: [
      ["recife", 20, -8.05, -34.88],
      ["olinda", 4, -8.01, -34.86],
      ["jaboatao dos guararapes", 5, -8.11, -35.01],
      ["caruaru", 3, -8.28, -35.98],
      ["petrolina", 3, -9.39, -40.5],
    ],
  },
  {
    uf: "AL",
    customers: 413,
    sellers: 0,
    cep: [57000, 57999],
    cities: [
      ["maceio", 20, -9.67, -35.74],
      ["arapiraca", 4, -9.75, -36.66],
    ],
  },
  {
    uf: "PB",
    customers: 536,
    sellers: 6,
    cep: [58000, 58999],
    cities: [
      ["joao pessoa", 20, -7.12, -34.86],
      ["campina grande", 8, -7.23, -35.88],
    ],
  },
  {
    uf: "RN",
    customers: 485,
    sellers: 5,
    cep: [59000, 59999],
    cities: [
      ["natal", 20, -5.79, -35.21],
      ["parnamirim", 4, -5.92, -35.26],
      ["mossoro", 5, -5.19, -37.34],
    ],
  },
  {
    uf: "CE",
    customers: 1336,
    sellers: 13,
    cep: [60000, 63999],
    cities: [
      ["fortaleza", 25, -3.73, -38.53],
      ["caucaia", 3, -3.74, -38.66],
      ["sobral", 2, -3.69, -40.35],
      ["juazeiro do norte", 3, -7.21, -39.32],
    ],
  },
  {
    uf: "PI",
    customers: 495,
    sellers: 1,
    cep: [64000, 64999],
    cities: [
      ["teresina", 20, -5.09, -42.8],
      ["parnaiba", 3, -2.9, -41.77],
    ],
  },
  {
    uf: "MA",
    customers: 747,
    sellers: 1,
    cep: [65000, 65999],
    cities: [
      ["sao luis", 20, -2.53, -44.3],
      ["timon", 2, -5.09, -42.84],
      ["imperatriz", 5, -5.52, -47.47],
    ],
  },
  {
    uf: "PA",
    customers: 975,
    sellers: 1,
    cep: [66000, 68899],
    cities: [
      ["belem", 20, -1.46, -48.5],
      ["ananindeua", 5, -1.37, -48.37],
      ["maraba", 3, -5.37, -49.12],
      ["santarem", 3, -2.44, -54.71],
    ],
  },
  {
    uf: "AP",
    customers: 68,
    sellers: 0,
    cep: [68900, 68999],
    cities: [
      ["macapa", 10, 0.03, -51.07],
      ["santana", 2, -0.06, -51.17],
    ],
  },
  {
    uf: "AM",
    customers: 148,
    sellers: 1,
    cep: [69000, 69299],
    cities: [
      ["manaus", 30, -3.12, -60.02],
      ["parintins", 1, -2.63, -56.74],
    ],
  },
  { uf: "RR", customers: 46, sellers: 0, cep: [69300, 69399], cities: [["boa vista", 10, 2.82, -60.67]] },
  {
    uf: "AC",
    customers: 81,
    sellers: 1,
    cep: [69900, 69999],
    cities: [
      ["rio branco", 10, -9.97, -67.81],
      ["cruzeiro do sul", 2, -7.63, -72.67],
    ],
  },
  { uf: "DF", customers: 2140, sellers: 30, cep: [70000, 72799], cities: [["brasilia", 1, -15.79, -47.88]] },
  {
    uf: "GO",
    customers: 2020,
    sellers: 40,
    cep: [74000, 76799],
    cities: [
      ["goiania", 20, -16.68, -49.25],
      ["aparecida de goiania", 5, -16.82, -49.24],
      ["anapolis", 4, -16.33, -48.95],
      ["rio verde", 2, -17.79, -50.92],
    ],
  },
  {
    uf: "RO",
    customers: 253,
    sellers: 2,
    cep: [76800, 76999],
    cities: [
      ["porto velho", 10, -8.76, -63.9],
      ["ariquemes", 2, -9.91, -63.04],
      ["ji-parana", 4, -10.88, -61.95],
    ],
  },
  {
    uf: "TO",
    customers: 280,
    sellers: 0,
    cep: [77000, 77999],
    cities: [
      ["palmas", 10, -10.18, -48.33],
      ["gurupi", 2, -11.73, -49.07],
      ["araguaina", 5, -7.19, -48.21],
    ],
  },
  {
    uf: "MT",
    customers: 907,
    sellers: 4,
    cep: [78000, 78899],
    cities: [
      ["cuiaba", 15, -15.6, -56.1],
      ["varzea grande", 5, -15.65, -56.13],
      ["rondonopolis", 3, -16.47, -54.64],
      ["sinop", 3, -11.86, -55.5],
    ],
  },
  {
    uf: "MS",
    customers: 715,
    sellers: 5,
    cep: [79000, 79999],
    cities: [
      ["campo grande", 20, -20.47, -54.62],
      ["dourados", 5, -22.22, -54.81],
      ["tres lagoas", 2, -20.79, -51.7],
    ],
  },
  {
    uf: "PR",
    customers: 5045,
    sellers: 349,
    cep: [80000, 87999],
    cities: [
      ["curitiba", 30, -25.43, -49.27],
      ["sao jose dos pinhais", 3, -25.53, -49.21],
      ["ponta grossa", 4, -25.09, -50.16],
      ["londrina", 8, -23.31, -51.16],
      ["maringa", 7, -23.42, -51.94],
      ["cascavel", 4, -24.96, -53.46],
      ["foz do iguacu", 3, -25.55, -54.59],
    ],
  },
  {
    uf: "SC",
    customers: 3637,
    sellers: 190,
    cep: [88000, 89999],
    cities: [
      ["florianopolis", 12, -27.6, -48.55],
      ["sao jose", 5, -27.61, -48.63],
      ["itajai", 4, -26.91, -48.66],
      ["balneario camboriu", 3, -26.99, -48.63],
      ["criciuma", 4, -28.68, -49.37],
      ["blumenau", 8, -26.92, -49.07],
      ["joinville", 10, -26.3, -48.85],
      ["chapeco", 4, -27.1, -52.62],
    ],
  },
  {
    uf: "RS",
    customers: 5466,
    sellers: 129,
    cep: [90000, 99999],
    cities: [
      ["porto alegre", 30, -30.03, -51.23],
      ["canoas", 5, -29.92, -51.18],
      ["novo hamburgo", 4, -29.68, -51.13],
      ["caxias do sul", 8, -29.17, -51.18],
      ["santa maria", 5, -29.69, -53.81],
      ["pelotas", 5, -31.77, -52.34],
      ["passo fundo", 3, -28.26, -52.41],
    ],
  },
];

export const STATE_CODES: readonly string[] = STATES.map((s) => s.uf);

/** A bounded set of CEP prefixes with their city, state and coordinates, indexed 0..size-1 in CEP order. */
export interface ZipPool {
  size: number;
  /** 5-digit text, leading zeros kept ("01310"), as Olist's zip_code_prefix columns. */
  prefix: string[];
  city: string[];
  state: string[];
  lat: Float64Array;
  lng: Float64Array;
  /** A customer's zip, states weighted by Olist's customer mix. */
  customerZip(rng: Random): number;
  /** A seller's zip, states weighted by Olist's seller mix (mostly SP, PR, MG). */
  sellerZip(rng: Random): number;
}

/** About `target` prefixes (at least two per state, one per city), spread over each city's slice of its state's range.
 */
export function buildZipPool(rng: Random, target: number): ZipPool {
  const totalCustomers = STATES.reduce((sum, s) => sum + s.customers, 0);
  const prefix: string[] = [];
  const city: string[] = [];
  const state: string[] = [];
  const lat: number[] = [];
  const lng: number[] = [];
  const stateStart: number[] = [];
  const stateCount: number[] = [];
  for (const s of STATES) {
    stateStart.push(prefix.length);
    const wanted = Math.max(2, s.cities.length, Math.round((target * s.customers) / totalCustomers));
    const cityWeight = s.cities.reduce((sum, c) => sum + c[1], 0);
    const rangeSize = s.cep[1] - s.cep[0] + 1;
    let sliceStart = s.cep[0];
    s.cities.forEach((c, i) => {
      const sliceSize = i === s.cities.length - 1 ? s.cep[1] + 1 - sliceStart : Math.max(1, Math.floor((rangeSize * c[1]) / cityWeight));
      const n = Math.min(sliceSize, Math.max(1, Math.round((wanted * c[1]) / cityWeight)));
      // Big cities spread over a wider area than small ones.
      const spread = Math.min(0.12, 0.02 * Math.sqrt(c[1]));
      for (let k = 0; k < n; k++) {
        // Stratified: one prefix per equal part of the slice, so prefixes never repeat.
        const p = sliceStart + Math.floor(((k + rng.float()) * sliceSize) / n);
        prefix.push(String(p).padStart(5, "0"));
        city.push(c[0]);
        state.push(s.uf);
        lat.push(c[2] + spread * rng.normal());
        lng.push(c[3] + spread * rng.normal());
      }
      sliceStart += sliceSize;
    });
    stateCount.push(prefix.length - stateStart[stateStart.length - 1]);
  }
  const customerStates = new AliasTable(STATES.map((s) => s.customers));
  const sellerStates = new AliasTable(STATES.map((s) => s.sellers));
  const zipIn = (rng: Random, s: number) => stateStart[s] + rng.int(stateCount[s]);
  return {
    size: prefix.length,
    prefix,
    city,
    state,
    lat: Float64Array.from(lat),
    lng: Float64Array.from(lng),
    customerZip: (r) => zipIn(r, customerStates.sample(r)),
    sellerZip: (r) => zipIn(r, sellerStates.sample(r)),
  };
}

/** Great-circle distance in km between two zips of the pool. */
export function distanceKm(pool: ZipPool, a: number, b: number): number {
  const toRad = Math.PI / 180;
  const dLat = (pool.lat[b] - pool.lat[a]) * toRad;
  const dLng = (pool.lng[b] - pool.lng[a]) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(pool.lat[a] * toRad) * Math.cos(pool.lat[b] * toRad) * Math.sin(dLng / 2) ** 2;
  return 12_742 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Share of pool prefixes with no geolocation rows (the public file also misses a few customer prefixes). */
export const ZIP_WITHOUT_GEOLOCATION_RATE = 0.003;
/** Share of geolocation rows written twice in a row, byte for byte (the public file is full of such repeats). */
export const GEOLOCATION_REPEAT_RATE = 0.1;

/** olist_geolocation_dataset.csv: 1 + Poisson(2) points scattered around each prefix's centre. */
export async function writeGeolocation(rng: Random, pool: ZipPool, out: CsvFile): Promise<void> {
  for (let z = 0; z < pool.size; z++) {
    if (rng.chance(ZIP_WITHOUT_GEOLOCATION_RATE)) continue;
    for (let k = 1 + rng.poisson(2); k > 0; k--) {
      out
        .text(pool.prefix[z])
        .comma()
        .text(String(pool.lat[z] + 0.004 * rng.normal()))
        .comma()
        .text(String(pool.lng[z] + 0.004 * rng.normal()))
        .comma()
        .text(pool.city[z])
        .comma()
        .text(pool.state[z])
        .end(rng.chance(GEOLOCATION_REPEAT_RATE));
    }
    const wait = out.ready();
    if (wait) await wait;
  }
}
