/**
 * How a set of terms holds each of the question's concepts: by its own wording, an alias, a
 * related word (WordNet, word vectors) or a word of its family, and the credit each earns; the
 * concepts' weights (idf, or the highest idf for a word the corpus lacks). The rerank's features
 * (rank-features.ts), what the abstention rule reads of a passage (answer/passage-signals.ts) and
 * the decision read them.
 */
import type { SearchIndex } from './index.ts';
import type { RelatedTerm } from './meaning-sources.ts';
import type { AnalyzedQuery, Concept } from './query.ts';

export interface ScoredConcept {
  concept: Concept;
  idf: number;
  /** Terms of the same word family (partial credit, weighed by the model's `family`). */
  family: ReadonlySet<string>;
  /** A name or a figure ("North Korea", "2024"). */
  name: boolean;
  /** Its related words that earn credit (weight above 0), the strongest first. */
  related: readonly RelatedTerm[];
  /** Every term of those words; null when one has none (a set of any terms holds that one). */
  relatedTerms: ReadonlySet<string> | null;
}

/** A family word earns this much of a match where a single credit is needed (coverage, decisions). */
const FAMILY_CREDIT = 0.3;

/** The question's concepts with their weights and word families. */
export function scoreConcepts(index: SearchIndex, query: AnalyzedQuery): ScoredConcept[] {
  return query.concepts.map((concept) => {
    const related = concept.related.filter((r) => r.weight > 0).sort((a, b) => b.weight - a.weight);
    return {
      concept,
      idf: conceptWeight(index, concept),
      family: new Set(
        concept.alternatives[0]?.length === 1
          ? index.family(concept.alternatives[0][0] as string)
          : [],
      ),
      name: isName(concept),
      related,
      relatedTerms: related.some((r) => r.terms.length === 0)
        ? null
        : new Set(related.flatMap((r) => r.terms)),
    };
  });
}

/** A name or a figure ("North Korea", "2024"): capitalised past the first word, or with a digit. */
export function isName(c: Concept): boolean {
  return (c.capitalized && c.position > 0) || /\p{N}/u.test(c.surface);
}

/** Whether some wording of the concept occurs in the corpus at all. */
export function isKnown(index: SearchIndex, concept: Concept): boolean {
  return concept.alternatives.some((alt) => alt.length > 0 && alt.every((t) => index.has(t)));
}

/**
 * A concept's weight: the idf of its own wording; when the corpus lacks it entirely, the
 * highest idf there is, scaled by how telling its absence is (nouns and names fully).
 */
export function conceptWeight(index: SearchIndex, concept: Concept): number {
  if (!isKnown(index, concept)) return index.maxIdf() * concept.strength;
  return Math.max(...(concept.alternatives[0] ?? []).map((t) => index.idf(t)), 0);
}

export function holds(alt: readonly string[], terms: ReadonlySet<string>): boolean {
  if (alt.length === 0) return false;
  for (const t of alt) if (!terms.has(t)) return false;
  return true;
}

/** Every one of `some` is in `terms` (true for none, as `every` is). */
export function allIn(some: readonly string[], terms: ReadonlySet<string>): boolean {
  for (const t of some) if (!terms.has(t)) return false;
  return true;
}

/**
 * How a set of terms holds a concept: by its own wording, else an alias, else the weight of its
 * best related word there (0 when none), and whether a word of its family is there (read only
 * when the related words earn less than a family word would).
 */
export interface Holding {
  own: boolean;
  alias: boolean;
  related: number;
  family: boolean;
}

export function holding(c: ScoredConcept, terms: ReadonlySet<string>): Holding {
  const alts = c.concept.alternatives;
  const own = alts[0] !== undefined && holds(alts[0], terms);
  let alias = false;
  if (!own)
    for (let k = 1; k < alts.length && !alias; k++) alias = holds(alts[k] as string[], terms);
  let related = 0;
  let family = false;
  if (!own && !alias) {
    // the strongest related word held (best first, those above 0 only: see scoreConcepts); none
    // is when the set has none of their terms, the usual case, found without walking them
    if (c.relatedTerms === null || intersects(c.relatedTerms, terms))
      for (const r of c.related) {
        if (allIn(r.terms, terms)) {
          related = r.weight;
          break;
        }
      }
    if (related < FAMILY_CREDIT) family = intersects(c.family, terms);
  }
  return { own, alias, related, family };
}

/** Whether two sets share a member (the smaller one walked). */
export function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size > b.size) return intersects(b, a);
  for (const t of a) if (b.has(t)) return true;
  return false;
}

export function holdings(
  concepts: readonly ScoredConcept[],
  terms: ReadonlySet<string>,
): Holding[] {
  return concepts.map((c) => holding(c, terms));
}

/** Its own wording or an alias is there. */
export function exact(h: Holding): boolean {
  return h.own || h.alias;
}

/** The credit a holding earns (see `credit`). */
export function creditOf(h: Holding): number {
  if (h.own || h.alias) return 1;
  return h.family ? FAMILY_CREDIT : h.related;
}

/**
 * How much of a concept a set of terms holds: 1 for its own wording or an alias, a related
 * term's weight (WordNet, vectors), or partial credit for a word of its family.
 */
export function credit(c: ScoredConcept, terms: ReadonlySet<string>): number {
  return creditOf(holding(c, terms));
}

/** The idf-weighted sum of the concepts' credits (in the concepts' order). */
export function weighted(concepts: readonly ScoredConcept[], credits: readonly number[]): number {
  let sum = 0;
  concepts.forEach((c, k) => {
    sum += c.idf * (credits[k] as number);
  });
  return sum;
}
