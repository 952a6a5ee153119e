// The site's languages and sections, and where each section's page lives in each language.

export type Lang = "en" | "pt";

export const SECTIONS = ["index", "categories", "geography", "economy", "impact", "pipeline", "lineage"] as const;
export type Section = (typeof SECTIONS)[number];

/**
 * The page path of a section in a language, relative to the site root. Links name the file (`economy.html`,
 * or a folder for its `index.html`), so every static server finds it, not only those that add `.html`.
 */
export function sectionPath(lang: Lang, section: Section): string {
  return section === "index" ? `pages/${lang}/` : `pages/${lang}/${section}.html`;
}
