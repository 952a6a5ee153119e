// The order loop: one purchase at a time becomes a row of orders and customers, its items, payments and reviews.
// Nothing is kept between orders except a small ring of past buyers, so any number of orders runs in bounded memory.
import type { ProductPool, SellerPool } from "./catalog.ts";
import { MONTH_OF_DAY, purchaseCalendar, SECONDS_PER_DAY } from "./calendar.ts";
import type { CsvFile } from "./csv.ts";
import { distanceKm, type ZipPool } from "./geography.ts";
import { drawStatus, freightCents, fulfil, hasItems } from "./fulfilment.ts";
import { Ids } from "./ids.ts";
import { drawPaymentType, writePayments } from "./payments.ts";
import type { AliasTable, Random } from "./random.ts";
import { ReviewWriter } from "./reviews.ts";

/** Orders placed by a customer_unique_id seen before (the public data: 99,441 orders, 96,096 unique buyers). */
export const REPEAT_CUSTOMER_RATE = 0.034;
/** Order rows written twice, byte for byte. */
export const DUPLICATED_ORDER_ROW_RATE = 0.0005;
/** Items after the first that repeat the same product (several units are several rows in Olist). */
const SAME_PRODUCT_RATE = 0.6;
/** Items sold below the product's list price, and by how much at most. */
const DISCOUNT_RATE = 0.1;
const MAX_DISCOUNT = 0.15;
/** Past buyers remembered for repeat purchases. */
const RING = 4096;

export interface OrderWorld {
  rng: Random;
  seed: number;
  zips: ZipPool;
  sellers: SellerPool;
  products: ProductPool;
  /** Item-category distribution per month index (the planted USD/BRL signal). */
  categoryByMonth: readonly AliasTable[];
  out: Record<"orders" | "customers" | "items" | "payments" | "reviews", CsvFile>;
}

export async function writeOrders(world: OrderWorld, count: number): Promise<void> {
  const { rng, zips, sellers, products, categoryByMonth, out } = world;
  const orderIds = new Ids(world.seed, "order");
  const customerIds = new Ids(world.seed, "customer");
  const uniqueIds = new Ids(world.seed, "customerUnique");
  const productIds = new Ids(world.seed, "product");
  const sellerIds = new Ids(world.seed, "seller");
  const reviews = new ReviewWriter(rng, new Ids(world.seed, "review"), orderIds, out.reviews);
  const calendar = purchaseCalendar();
  const ringUnique = new Uint32Array(RING);
  const ringZip = new Uint32Array(RING);
  const files = Object.values(out);
  let buyers = 0;

  for (let i = 0; i < count; i++) {
    const purchase = calendar.sample(rng);
    const categories = categoryByMonth[MONTH_OF_DAY[Math.floor(purchase / SECONDS_PER_DAY)]];

    let unique: number;
    let zip: number;
    if (buyers > 0 && rng.chance(REPEAT_CUSTOMER_RATE)) {
      const k = rng.int(Math.min(buyers, RING));
      unique = ringUnique[k];
      zip = ringZip[k];
    } else {
      unique = buyers;
      zip = zips.customerZip(rng);
      ringUnique[buyers % RING] = unique;
      ringZip[buyers % RING] = zip;
      buyers++;
    }
    out.customers
      .id(customerIds, i)
      .comma()
      .id(uniqueIds, unique)
      .comma()
      .text(zips.prefix[zip])
      .comma()
      .text(zips.city[zip])
      .comma()
      .text(zips.state[zip])
      .end();

    const status = drawStatus(rng);
    const itemCount = hasItems(rng, status) ? (rng.chance(0.9) ? 1 : 2 + rng.geometric(0.75)) : 0;
    const paymentType = drawPaymentType(rng);
    let product = itemCount > 0 ? products.productOf(rng, categories.sample(rng)) : -1;
    const km = distanceKm(zips, product >= 0 ? sellers.zip[products.seller[product]] : zips.sellerZip(rng), zip);
    const f = fulfil(rng, purchase, status, paymentType === "boleto", km);

    let cents = 0;
    for (let k = 1; k <= itemCount; k++) {
      if (k > 1 && !rng.chance(SAME_PRODUCT_RATE)) product = products.productOf(rng, categories.sample(rng));
      const seller = products.seller[product];
      const list = products.priceCents[product];
      const price = rng.chance(DISCOUNT_RATE) ? Math.round(list * (1 - MAX_DISCOUNT * rng.float())) : list;
      const freight = freightCents(rng, distanceKm(zips, sellers.zip[seller], zip), products.weightGrams[product]);
      cents += price + freight;
      out.items
        .id(orderIds, i)
        .comma()
        .int(k)
        .comma()
        .id(productIds, product)
        .comma()
        .id(sellerIds, seller)
        .comma()
        .timestamp(f.shippingLimit)
        .comma()
        .money(price)
        .comma()
        .money(freight)
        .end();
    }
    // An order that never got items was still paid for: a basket of typical size.
    if (itemCount === 0) cents = Math.round(rng.lognormal(Math.log(105), 0.8) * 100);

    out.orders
      .id(orderIds, i)
      .comma()
      .id(customerIds, i)
      .comma()
      .text(f.status)
      .comma()
      .timestamp(purchase)
      .comma()
      .timestamp(f.approved)
      .comma()
      .timestamp(f.carrier)
      .comma()
      .timestamp(f.delivered)
      .comma()
      .midnight(f.estimated)
      .end(rng.chance(DUPLICATED_ORDER_ROW_RATE));

    writePayments(rng, orderIds, i, cents, paymentType, f.status === "canceled", out.payments);
    reviews.write({ order: i, late: f.delivered > f.estimated, delivered: f.delivered, estimated: f.estimated });

    for (const file of files) {
      const wait = file.ready();
      if (wait) await wait;
    }
  }
}
