// Kept only for observablehq.config.ts, which is not part of this change: once it imports routes.ts and
// strings.ts itself, delete this file. Everything else imports format.ts, routes.ts and strings.ts directly.
export { SECTIONS, sectionPath, type Lang, type Section } from "./routes.js";
export { strings } from "./strings.js";
