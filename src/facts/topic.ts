import type { SearchIndex } from '../search/index.ts';
import type { RelatedTerm } from '../search/meaning-sources.ts';
import { type AnalyzedQuery, analyzeQuery, type Concept } from '../search/query.ts';

/**
 * What topic matching needs from the search index: its alias groups, its vocabulary and its word
 * meaning (`meaning` is read at each call, so meaning given later with `useMeaning` counts).
 */
export type TopicIndex = Pick<SearchIndex, 'analyze' | 'groups'>;

/**
 * Analyses a topic or a question exactly as /ask does (stopwords, stems, aliases, near forms,
 * related words). Without an index, `known` tells which terms exist (e.g. the facts' own stems).
 *
 * @example analyzeTopic('protests', engine.index).concepts[0]?.related // [{ terms: ['demonstr'], … }]
 */
export function analyzeTopic(
  topic: string,
  index: TopicIndex | undefined,
  known: (term: string) => boolean = () => false,
): AnalyzedQuery {
  if (!index) return analyzeQuery(topic, [], known);
  return index.analyze(topic);
}

/** Related terms weigh less than this are too loose to say a fact is about the topic. */
const MIN_RELATED_WEIGHT = 0.5;

/**
 * How well a concept is found among a text's stems: 1 for its own wording or an alias (every term
 * of one alternative present), a related term's weight for a word of about the same meaning, else 0.
 *
 * @example conceptMatch(concept('drones'), new Set(['unman', 'aerial', 'system'])) // 1 (alias)
 */
export function conceptMatch(concept: Concept, stems: ReadonlySet<string>): number {
  if (concept.alternatives.some((alt) => alt.length > 0 && alt.every((t) => stems.has(t))))
    return 1;
  let best = 0;
  for (const r of concept.related as readonly RelatedTerm[]) {
    if (r.weight < MIN_RELATED_WEIGHT || r.weight <= best) continue;
    if (r.terms.length > 0 && r.terms.every((t) => stems.has(t))) best = r.weight;
  }
  return best;
}
