/** Structured facts (dates, figures, actors, definitions) extracted from the corpus and curated in facts.yaml. */

export type { CuratedResult } from './curated.ts';
export { CURATED_FILE, loadCuratedFacts, parseCuratedFacts } from './curated.ts';
export { hasYear, parseDateParts, toFactDate } from './dates.ts';
export type { ExtractOptions } from './extract.ts';
export { extractFacts, extractParagraphFacts } from './extract.ts';
export type {
  ActorProfile,
  ExportedFacts,
  FactConflict,
  SearchOptions,
  TimelineOptions,
} from './store.ts';
export { docSlugOf, FactStore } from './store.ts';
export type { DatePrecision, Fact, FactDate, FactKind } from './types.ts';
