/**
 * The BM25F query that fetches the candidates the rerank reads (rank-features.ts): the question's
 * words, its aliases and its strongest related words, weighed, and the fitted settings of the
 * fetch (how many candidates, the field boosts).
 */
import type { ScoredConcept } from './holding.ts';
import type { SearchIndex } from './index.ts';

/** How candidates are fetched before the rerank: fitted with the weights (see the model file). */
export interface CandidateSettings {
  /** How many BM25 candidates the model reranks. */
  depth: number;
  /** BM25F field boosts. */
  fields: { text: number; section: number; title: number };
  /** Weight of an alias's terms in the BM25 query (the question's own words weigh 1). */
  alias: number;
  /** Weight of a related word in the BM25 query, times its relatedness. */
  related: number;
}

/** Related words in more paragraphs than this (and this share) leave the BM25 query. */
const RELATED_DF_FLOOR = 50;
const RELATED_DF_SHARE = 0.01;
const RELATED_IN_QUERY = 4;

/** The weighted BM25 query: the question's words, aliases and strongest related words. */
export function queryTerms(
  index: SearchIndex,
  concepts: readonly ScoredConcept[],
  settings: CandidateSettings,
): Map<string, number> {
  const weighted = new Map<string, number>();
  const weigh = (term: string, w: number) => {
    if (w > 0 && (weighted.get(term) ?? 0) < w) weighted.set(term, w);
  };
  for (const { concept } of concepts) {
    concept.alternatives.forEach((alt, k) => {
      for (const term of alt) weigh(term, k === 0 ? 1 : settings.alias);
    });
    // the strongest few reach the BM25 query (related is sorted); the rerank credits them all
    for (const r of concept.related.slice(0, RELATED_IN_QUERY)) {
      for (const term of r.terms) {
        // A common related word adds little to BM25 and costs its whole posting list (on the
        // Python docs, 0.8 ms a question); the rerank still credits it in every candidate.
        if (index.docFrequency(term) > Math.max(RELATED_DF_FLOOR, index.size * RELATED_DF_SHARE))
          continue;
        weigh(term, settings.related * r.weight);
      }
    }
  }
  return weighted;
}
