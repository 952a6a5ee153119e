// Small Olist CSV fixtures written the way the public files are: quoted and bare ids, CRLF in some files,
// the real translation file (byte-order mark, CRLF, no final newline), multi-line quoted reviews.
import { copyFile, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "../../../pipeline/config.ts";
import { OLIST_TABLES } from "../../../pipeline/extract/olistSchema.ts";

export const TRANSLATION_CSV = path.join(PROJECT_ROOT, "data/olist/product_category_name_translation.csv");
/** Data rows of the real translation file. */
export const TRANSLATION_ROWS = 71;

const o1 = "e481f51cbdc54678b7cc49136f2d6af7";
const o2 = "53cdb2fc8bc7dce0b6741e2150273451";
const o3 = "47770eb9100c2d0c44946d9cf07ec65d";
const c1 = "9ef432eb6251297304e76186b10a928d";
const c2 = "b0830fb4747a6c6d20dea0b8c802d7ef";
const c3 = "41ce2a54c0b03bf3443c3d931a367089";
const p1 = "87285b34884572647811a353c7ac498a";
const p2 = "595fac2a385ac33a80bd5114aec74eb8";
const s1 = "3504c0cb71d7fa48d967e0e4c94d59d9";
const s2 = "289cdb325fb7e7f891c38608bf9e0962";
const r1 = "a54f0611adc9ed256b57ede6b6eb5114";

export const REVIEW_MESSAGE = 'Ótimo produto, "chegou" antes do prazo.\nRecomendo à família!';

/** Data records per file (without the header), each one CSV record as text. */
export function goodRecords(): Record<string, string[]> {
  return {
    "olist_orders_dataset.csv": [
      `"${o1}","${c1}","delivered","2017-10-02 10:56:33","2017-10-02 11:07:15","2017-10-04 19:55:00","2017-10-10 21:25:13","2017-10-18 00:00:00"`,
      `"${o2}","${c2}","delivered","2018-07-24 20:41:37","2018-07-26 03:24:27","2018-07-26 14:31:00","2018-08-07 15:27:45","2018-08-13 00:00:00"`,
      `"${o3}","${c3}","canceled","2018-08-08 08:38:49","2018-08-08 08:55:23",,,"2018-09-04 00:00:00"`,
    ],
    "olist_order_items_dataset.csv": [
      `${o1},1,${p1},${s1},2017-10-06 11:07:15,29.99,8.72`,
      `${o2},1,${p2},${s2},2018-07-30 03:24:27,118.70,22.76`,
      `${o2},2,${p2},${s2},2018-07-30 03:24:27,118.70,22.76`,
    ],
    "olist_customers_dataset.csv": [
      `"${c1}","861eff4711a542e4b93843c6dd7febb0","14409","franca","SP"`,
      `"${c2}","290c77bc529b7ac935b93aa66c333dc3","09790","sao bernardo do campo","SP"`,
      `"${c3}","060e732b5b29e8181a18229c7b0b2b5e","01151","são paulo","SP"`,
    ],
    "olist_products_dataset.csv": [`${p1},perfumaria,40,287,1,225,16,10,14`, `${p2},,,,,650,16,10,16`],
    "olist_order_payments_dataset.csv": [`${o1},1,credit_card,1,18.12`, `${o1},2,voucher,1,20.59`, `${o2},1,boleto,1,141.46`],
    "olist_sellers_dataset.csv": [`${s1},13023,campinas,SP`, `${s2},13844,mogi guacu,SP`],
    "olist_order_reviews_dataset.csv": [
      `${r1},${o1},4,,"${REVIEW_MESSAGE.replace(/"/g, '""')}",2017-10-11 00:00:00,2017-10-12 03:43:48`,
      // The same review id on another order, as in the public data.
      `${r1},${o2},5,"Recomendo",,2018-08-08 00:00:00,2018-08-08 18:37:50`,
    ],
    "olist_geolocation_dataset.csv": [
      `01037,-23.54562128115268,-46.63929204800168,sao paulo,SP`,
      `01037,-23.54562128115268,-46.63929204800168,sao paulo,SP`,
      `13023,-22.898536,-47.063125,campinas,SP`,
    ],
  };
}

/** Writes the nine files into a new directory; `records` replaces the data of any generated file. */
export async function writeOlistCsvs(
  records: Record<string, string[]> = goodRecords(),
  options: { header?: Record<string, string>; crlf?: string[]; finalNewline?: boolean } = {},
): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "olist-csv-"));
  for (const table of OLIST_TABLES) {
    const file = path.join(dir, table.file);
    if (table.file === "product_category_name_translation.csv") {
      await copyFile(TRANSLATION_CSV, file);
      continue;
    }
    const header = options.header?.[table.file] ?? table.columns.map((c) => c.name).join(",");
    const eol = options.crlf?.includes(table.file) ? "\r\n" : "\n";
    const lines = [header, ...(records[table.file] ?? [])];
    await writeFile(file, lines.join(eol) + (options.finalNewline === false ? "" : eol));
  }
  return dir;
}
