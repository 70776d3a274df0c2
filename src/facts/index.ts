/** Structured facts (dates, figures, actors, definitions) extracted from the corpus and curated in facts.yaml. */

export type { FactConflict } from './conflicts.ts';
export type { CuratedResult } from './curated.ts';
export { CURATED_FILE, loadCuratedFacts, parseCuratedFacts } from './curated.ts';
export { hasYear, parseDateParts, toFactDate } from './dates.ts';
export type { ExtractOptions } from './extract.ts';
export { extractFacts, extractParagraphFacts } from './extract.ts';
export { docSlugOf } from './keys.ts';
export type { ActorProfile } from './profiles.ts';
export type { ExportedFacts, SearchOptions, TimelineOptions } from './store.ts';
export { FactStore } from './store.ts';
export type { DatePrecision, Fact, FactDate, FactKind } from './types.ts';
