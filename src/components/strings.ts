// One strings table per language (strings/en.ts, strings/pt.ts) and the lookup of labels keyed by data values.
import type { Lang } from "./routes.js";
import { en, type Strings } from "./strings/en.js";
import { pt } from "./strings/pt.js";

export type { Strings };

const TABLES: Record<Lang, Strings> = { en, pt };

export function strings(lang: Lang): Strings {
  return TABLES[lang];
}

/**
 * The label of a value the data carries (a payment type, a test status), or `fallback` — the value itself unless
 * given — when the table has none: a new value in the data shows as itself rather than as "undefined".
 */
export function labelOf<K extends string>(labels: Record<K, string>, key: string, fallback: string = key): string {
  return hasLabel(labels, key) ? labels[key] : fallback;
}

function hasLabel<K extends string>(labels: Record<K, string>, key: string): key is K {
  return Object.prototype.hasOwnProperty.call(labels, key);
}
