// What is for sale and who sells it: the 71 Olist categories with their volume, price and weight profiles, and the
// bounded product and seller pools drawn from them (typed arrays, ids computed from indexes, never stored).
import { readFile } from "node:fs/promises";
import type { CsvFile } from "./csv.ts";
import type { ZipPool } from "./geography.ts";
import type { Ids } from "./ids.ts";
import { Random } from "./random.ts";

export interface Category {
  /** Portuguese name, as in products.product_category_name. */
  name: string;
  /** Items sold in the public data (approximately): the base demand weight w_c. */
  items: number;
  /** Median item price in BRL; product prices are lognormal around it and never drift over time. */
  medianPrice: number;
  priceSigma: number;
  /** Median product weight in grams. */
  medianWeight: number;
}

type Row = readonly [name: string, items: number, medianPrice: number, priceSigma: number, medianWeight: number];

// Volumes are the order-item counts per category of the public data, rounded; prices and weights are typical of
// each category there. The order follows the public translation file.
const ROWS: readonly Row[] = [
  ["beleza_saude", 9670, 80, 0.9, 400],
  ["informatica_acessorios", 7827, 70, 1.0, 500],
  ["automotivo", 4235, 75, 0.9, 800],
  ["cama_mesa_banho", 11_115, 80, 0.7, 1500],
  ["moveis_decoracao", 8334, 70, 0.9, 2500],
  ["esporte_lazer", 8641, 75, 0.9, 800],
  ["perfumaria", 3419, 80, 0.8, 300],
  ["utilidades_domesticas", 6964, 55, 0.9, 1000],
  ["telefonia", 4545, 35, 1.0, 200],
  ["relogios_presentes", 5991, 130, 0.9, 300],
  ["alimentos_bebidas", 278, 35, 0.8, 800],
  ["bebes", 3065, 80, 0.9, 1000],
  ["papelaria", 2517, 60, 0.9, 300],
  ["tablets_impressao_imagem", 83, 60, 0.9, 400],
  ["brinquedos", 4117, 65, 0.9, 700],
  ["telefonia_fixa", 264, 130, 0.9, 500],
  ["ferramentas_jardim", 4347, 60, 0.9, 1500],
  ["fashion_bolsas_e_acessorios", 2031, 40, 0.8, 300],
  ["eletroportateis", 679, 150, 1.0, 2000],
  ["consoles_games", 1137, 80, 1.0, 500],
  ["audio", 364, 90, 0.9, 400],
  ["fashion_calcados", 262, 90, 0.7, 700],
  ["cool_stuff", 3796, 110, 0.9, 1500],
  ["malas_acessorios", 1092, 120, 0.8, 3000],
  ["climatizacao", 297, 100, 1.0, 3000],
  ["construcao_ferramentas_construcao", 929, 90, 0.9, 1500],
  ["moveis_cozinha_area_de_servico_jantar_e_jardim", 281, 120, 0.9, 5000],
  ["construcao_ferramentas_jardim", 238, 80, 0.9, 1500],
  ["fashion_roupa_masculina", 132, 70, 0.7, 300],
  ["pet_shop", 1947, 70, 0.9, 1000],
  ["moveis_escritorio", 1691, 130, 0.7, 8000],
  ["market_place", 311, 70, 0.9, 800],
  ["eletronicos", 2767, 35, 1.0, 250],
  ["eletrodomesticos", 771, 50, 1.0, 1000],
  ["artigos_de_festas", 43, 50, 0.8, 300],
  ["casa_conforto", 434, 60, 0.8, 1500],
  ["construcao_ferramentas_ferramentas", 103, 60, 0.9, 1000],
  ["agro_industria_e_comercio", 212, 200, 1.0, 2000],
  ["moveis_colchao_e_estofado", 38, 100, 0.8, 5000],
  ["livros_tecnicos", 267, 60, 0.7, 500],
  ["casa_construcao", 604, 80, 0.9, 2000],
  ["instrumentos_musicais", 680, 150, 1.0, 2000],
  ["moveis_sala", 503, 120, 0.8, 5000],
  ["construcao_ferramentas_iluminacao", 304, 70, 0.9, 800],
  ["industria_comercio_e_negocios", 268, 100, 1.0, 2000],
  ["alimentos", 510, 40, 0.8, 700],
  ["artes", 209, 70, 0.9, 800],
  ["moveis_quarto", 109, 100, 0.8, 5000],
  ["livros_interesse_geral", 553, 50, 0.7, 500],
  ["construcao_ferramentas_seguranca", 194, 100, 0.9, 1000],
  ["fashion_underwear_e_moda_praia", 131, 50, 0.7, 200],
  ["fashion_esporte", 30, 40, 0.7, 300],
  ["sinalizacao_e_seguranca", 199, 60, 0.9, 1000],
  ["pcs", 203, 1000, 0.7, 5000],
  ["artigos_de_natal", 153, 40, 0.8, 500],
  ["fashion_roupa_feminina", 48, 50, 0.7, 300],
  ["eletrodomesticos_2", 238, 400, 0.8, 8000],
  ["livros_importados", 60, 60, 0.7, 500],
  ["bebidas", 379, 40, 0.8, 1000],
  ["cine_foto", 72, 50, 0.9, 400],
  ["la_cuisine", 14, 100, 0.9, 1500],
  ["musica", 38, 80, 0.9, 800],
  ["casa_conforto_2", 30, 30, 0.7, 1000],
  ["portateis_casa_forno_e_cafe", 76, 400, 0.8, 3000],
  ["cds_dvds_musicais", 14, 50, 0.6, 200],
  ["dvds_blu_ray", 64, 40, 0.8, 200],
  ["flores", 33, 30, 0.7, 500],
  ["artes_e_artesanato", 24, 40, 0.8, 500],
  ["fraldas_higiene", 39, 40, 0.8, 1500],
  ["fashion_roupa_infanto_juvenil", 8, 50, 0.7, 300],
  ["seguros_e_servicos", 2, 150, 0.6, 200],
];

export const CATEGORIES: readonly Category[] = ROWS.map(([name, items, medianPrice, priceSigma, medianWeight]) => ({
  name,
  items,
  medianPrice,
  priceSigma,
  medianWeight,
}));

/** Expected item price of a category in BRL (the lognormal's mean), for revenue-share expectations. */
export function meanPrice(category: Category): number {
  return category.medianPrice * Math.exp((category.priceSigma * category.priceSigma) / 2);
}

export class TranslationError extends Error {
  override name = "TranslationError";
}

/**
 * Reads the public translation CSV (BOM, CRLF, no final newline) and checks it names exactly the catalogue's
 * categories, so a sample never has a category the translation table cannot join.
 */
export async function readTranslation(file: string): Promise<{ bytes: Buffer; rows: number }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new TranslationError(
      `Cannot read the category translation CSV ${file}: ${(error as Error).message}. ` +
        "It ships with the project as data/olist/product_category_name_translation.csv.",
      { cause: error },
    );
  }
  const lines = bytes
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .filter((l) => l !== "");
  const header = lines.shift();
  if (header !== "product_category_name,product_category_name_english") {
    throw new TranslationError(`${file} does not start with the header of product_category_name_translation.csv`);
  }
  const names = new Set(lines.map((l) => l.split(",")[0]));
  const missing = CATEGORIES.filter((c) => !names.has(c.name)).map((c) => c.name);
  const extra = [...names].filter((n) => !CATEGORIES.some((c) => c.name === n));
  if (missing.length > 0 || extra.length > 0 || names.size !== lines.length) {
    throw new TranslationError(
      `${file} does not list the 71 Olist categories the sample uses` +
        (missing.length ? `; missing: ${missing.join(", ")}` : "") +
        (extra.length ? `; unknown: ${extra.join(", ")}` : "") +
        (names.size !== lines.length ? "; some names repeat" : ""),
    );
  }
  return { bytes, rows: lines.length };
}

/** Share of products written without a category (the public data: 610 of 32,951, 1.85 %). */
export const PRODUCT_WITHOUT_CATEGORY_RATE = 0.0185;
/** Share of products without weight and dimensions (the public data has 2). */
export const PRODUCT_WITHOUT_SIZE_RATE = 0.0001;

export interface ProductPool {
  size: number;
  category: Uint8Array;
  priceCents: Uint32Array;
  weightGrams: Uint32Array;
  seller: Uint32Array;
  /** A product of category c, popular ones more often. */
  productOf(rng: Random, category: number): number;
}

export interface SellerPool {
  size: number;
  zip: Uint32Array;
}

/** Sellers spread over the zip pool with Olist's seller mix of states. */
export async function writeSellers(rng: Random, count: number, zips: ZipPool, sellerIds: Ids, out: CsvFile): Promise<SellerPool> {
  const zip = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const z = zips.sellerZip(rng);
    zip[i] = z;
    out.id(sellerIds, i).comma().text(zips.prefix[z]).comma().text(zips.city[z]).comma().text(zips.state[z]).end();
    const wait = out.ready();
    if (wait) await wait;
  }
  return { size: count, zip };
}

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/**
 * Products: every category gets a share of the pool matching its volume (at least one product), in shuffled order;
 * each product has a stable price, a weight, and one seller (a few sellers carry most of the catalogue).
 */
export async function writeProducts(rng: Random, count: number, sellers: SellerPool, productIds: Ids, out: CsvFile): Promise<ProductPool> {
  const totalItems = CATEGORIES.reduce((sum, c) => sum + c.items, 0);
  const perCategory = CATEGORIES.map((c) => Math.max(1, Math.round((count * c.items) / totalItems)));
  const size = perCategory.reduce((a, b) => a + b, 0);
  const category = new Uint8Array(size);
  for (let c = 0, i = 0; c < perCategory.length; c++) for (let k = 0; k < perCategory[c]; k++) category[i++] = c;
  for (let i = size - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = category[i];
    category[i] = category[j];
    category[j] = t;
  }
  // Members of each category, in index order: productOf picks from this list.
  const start = new Uint32Array(CATEGORIES.length + 1);
  for (let i = 0; i < size; i++) start[category[i] + 1]++;
  for (let c = 0; c < CATEGORIES.length; c++) start[c + 1] += start[c];
  const members = new Uint32Array(size);
  const fill = start.slice(0, CATEGORIES.length);
  for (let i = 0; i < size; i++) members[fill[category[i]]++] = i;

  const priceCents = new Uint32Array(size);
  const weightGrams = new Uint32Array(size);
  const seller = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    const c = CATEGORIES[category[i]];
    priceCents[i] = Math.round(clamp(rng.lognormal(Math.log(c.medianPrice), c.priceSigma), 0.85, 6735) * 100);
    const grams = Math.round(clamp(rng.lognormal(Math.log(c.medianWeight), 0.9), 50, 40_000));
    weightGrams[i] = grams;
    seller[i] = rng.skewed(sellers.size, 2.5);
    // Parcel sides from the volume at ~0.2 g/cm³, within the Correios limits.
    const side = Math.cbrt((grams / 0.2) * rng.lognormal(0, 0.4));
    const length = Math.round(clamp(side * rng.lognormal(0.25, 0.2), 7, 105));
    const height = Math.round(clamp(side * rng.lognormal(-0.35, 0.3), 2, 105));
    const width = Math.round(clamp(side * rng.lognormal(0.05, 0.2), 6, 118));
    out.id(productIds, i).comma();
    if (rng.chance(PRODUCT_WITHOUT_CATEGORY_RATE)) {
      out.text(",,,,"); // no category, and then no name length, description length or photos either
    } else {
      out
        .text(c.name)
        .comma()
        .int(Math.round(clamp(48 + 10 * rng.normal(), 5, 76)))
        .comma()
        .int(Math.round(clamp(rng.lognormal(Math.log(600), 0.75), 4, 3992)))
        .comma()
        .int(Math.min(20, 1 + rng.geometric(0.5)))
        .comma();
    }
    if (rng.chance(PRODUCT_WITHOUT_SIZE_RATE)) out.text(",,,");
    else out.int(grams).comma().int(length).comma().int(height).comma().int(width);
    out.end();
    const wait = out.ready();
    if (wait) await wait;
  }

  return {
    size,
    category,
    priceCents,
    weightGrams,
    seller,
    productOf(r, c) {
      return members[start[c] + r.skewed(start[c + 1] - start[c], 2)];
    },
  };
}
