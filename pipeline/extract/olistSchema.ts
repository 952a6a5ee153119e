// The public Olist e-commerce schema: tables, columns (original spellings), types and keys, as one declaration
// that the sample generator, the CSV importer, the PostgreSQL extractor and the raw warehouse tables all share.

import type { ColumnType } from "../warehouse/types.ts";

/** The logical types of the Olist columns (a subset of what the warehouse writes). */
export type OlistType = Extract<ColumnType, "text" | "timestamp" | "integer" | "money" | "double">;

export interface OlistColumn {
  name: string;
  type: OlistType;
}

export interface OlistTable {
  /** Table name in PostgreSQL and in the warehouse's raw schema. */
  name: OlistTableName;
  /** File name in the public Kaggle dataset. */
  file: string;
  columns: readonly OlistColumn[];
  /** Primary key as the data allows it (reviews repeat review_id, so their key is the pair). */
  primaryKey: readonly string[];
  /** Needed by the models: extraction fails early when such a table or column is missing. */
  required: boolean;
  /**
   * A required table whose file may hold no row: reviews feed only the review figures, so an export without them
   * (a spreadsheet's empty sheet) still gives every sale. A file whose rows were all rejected is still refused.
   */
  mayBeEmpty?: boolean;
}

export type OlistTableName =
  "orders" | "order_items" | "customers" | "products" | "order_payments" | "sellers" | "order_reviews" | "geolocation" | "product_category_name_translation";

const t = (name: string) => ({ name, type: "text" as const });
const ts = (name: string) => ({ name, type: "timestamp" as const });
const int = (name: string) => ({ name, type: "integer" as const });
const money = (name: string) => ({ name, type: "money" as const });
const dbl = (name: string) => ({ name, type: "double" as const });

export const OLIST_TABLES: readonly OlistTable[] = [
  {
    name: "orders",
    file: "olist_orders_dataset.csv",
    columns: [
      t("order_id"),
      t("customer_id"),
      t("order_status"),
      ts("order_purchase_timestamp"),
      ts("order_approved_at"),
      ts("order_delivered_carrier_date"),
      ts("order_delivered_customer_date"),
      ts("order_estimated_delivery_date"),
    ],
    primaryKey: ["order_id"],
    required: true,
  },
  {
    name: "order_items",
    file: "olist_order_items_dataset.csv",
    columns: [t("order_id"), int("order_item_id"), t("product_id"), t("seller_id"), ts("shipping_limit_date"), money("price"), money("freight_value")],
    primaryKey: ["order_id", "order_item_id"],
    required: true,
  },
  {
    name: "customers",
    file: "olist_customers_dataset.csv",
    columns: [t("customer_id"), t("customer_unique_id"), t("customer_zip_code_prefix"), t("customer_city"), t("customer_state")],
    primaryKey: ["customer_id"],
    required: true,
  },
  {
    name: "products",
    file: "olist_products_dataset.csv",
    columns: [
      t("product_id"),
      t("product_category_name"),
      int("product_name_lenght"),
      int("product_description_lenght"),
      int("product_photos_qty"),
      int("product_weight_g"),
      int("product_length_cm"),
      int("product_height_cm"),
      int("product_width_cm"),
    ],
    primaryKey: ["product_id"],
    required: true,
  },
  {
    name: "order_payments",
    file: "olist_order_payments_dataset.csv",
    columns: [t("order_id"), int("payment_sequential"), t("payment_type"), int("payment_installments"), money("payment_value")],
    primaryKey: ["order_id", "payment_sequential"],
    required: true,
  },
  {
    name: "sellers",
    file: "olist_sellers_dataset.csv",
    columns: [t("seller_id"), t("seller_zip_code_prefix"), t("seller_city"), t("seller_state")],
    primaryKey: ["seller_id"],
    required: true,
  },
  {
    name: "order_reviews",
    file: "olist_order_reviews_dataset.csv",
    columns: [
      t("review_id"),
      t("order_id"),
      int("review_score"),
      t("review_comment_title"),
      t("review_comment_message"),
      ts("review_creation_date"),
      ts("review_answer_timestamp"),
    ],
    primaryKey: ["review_id", "order_id"],
    required: true,
    mayBeEmpty: true,
  },
  {
    name: "geolocation",
    file: "olist_geolocation_dataset.csv",
    columns: [t("geolocation_zip_code_prefix"), dbl("geolocation_lat"), dbl("geolocation_lng"), t("geolocation_city"), t("geolocation_state")],
    primaryKey: [],
    required: false,
  },
  {
    name: "product_category_name_translation",
    file: "product_category_name_translation.csv",
    columns: [t("product_category_name"), t("product_category_name_english")],
    primaryKey: ["product_category_name"],
    required: true,
  },
];

export function olistTable(name: OlistTableName): OlistTable {
  const table = OLIST_TABLES.find((tb) => tb.name === name);
  if (!table) throw new Error(`Unknown Olist table ${name}`);
  return table;
}

/** Type names per engine; money keeps cents exact everywhere. */
/** The source's names for the Olist types (the warehouse's come from each engine: warehouse.typeName). */
export const POSTGRES_TYPES: Record<OlistType, string> = {
  text: "text",
  timestamp: "timestamp",
  integer: "integer",
  money: "numeric(12,2)",
  double: "double precision",
};
