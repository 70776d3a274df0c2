import type { Concept } from '../search/query.ts';
import type { FactIndex } from './lookup.ts';
import { conceptMatch } from './topic.ts';
import type { Fact } from './types.ts';

/** How much a topic found in each part of a fact counts: what the fact is about weighs most. */
const FIELD_WEIGHT = { subject: 3, value: 2, quote: 1 } as const;
/** Facts scoring under this share of the best one are off the topic. */
const TOPIC_CUTOFF = 0.5;
/** A definition's score when the topic is a plain word, not the defined term itself. */
const DEFINITION_DISCOUNT = 0.3;

/**
 * The facts of `pool` that match a topic's ideas, best first (see FactStore.search): each idea is
 * looked for in a fact's subject, then value, then quote, weighed by how rare it is among the
 * facts; a definition in `defined` (the topic is its term) comes first, other definitions are
 * discounted; facts under half the best score are left out.
 */
export function rankFacts(
  idx: FactIndex,
  concepts: readonly Concept[],
  pool: readonly Fact[],
  defined: ReadonlySet<Fact>,
  limit: number | undefined,
): Fact[] {
  const weights = concepts.map((c) => topicWeight(idx, c));
  const scored: { f: Fact; score: number; i: number }[] = [];
  pool.forEach((f, i) => {
    const s = idx.stems.get(f);
    if (!s) return;
    let score = 0;
    concepts.forEach((c, k) => {
      const best = Math.max(
        FIELD_WEIGHT.subject * conceptMatch(c, s.subject),
        FIELD_WEIGHT.value * conceptMatch(c, s.value),
        FIELD_WEIGHT.quote * conceptMatch(c, s.quote),
      );
      score += best * (weights[k] ?? 1);
    });
    if (f.kind === 'definition')
      score = defined.has(f) ? score * 10 + 1 : score * DEFINITION_DISCOUNT;
    if (score > 0) scored.push({ f, score, i });
  });
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  const top = scored[0]?.score ?? 0;
  const out = scored.filter((x) => x.score >= top * TOPIC_CUTOFF).map((x) => x.f);
  return limit !== undefined ? out.slice(0, limit) : out;
}

/**
 * How much an idea of the topic counts: its idf among the facts' quotes (BM25's form), so "Iran"
 * in a corpus about Iran weighs little and "missiles" much; an idea no fact words, the most.
 */
function topicWeight(idx: FactIndex, concept: Concept): number {
  const n = Math.max(1, idx.quotes);
  const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  let best = 0;
  for (const alt of concept.alternatives) {
    if (alt.length === 0) continue;
    const df = Math.min(...alt.map((t) => idx.df.get(t) ?? 0));
    if (df > 0) best = Math.max(best, idf(df));
  }
  return (best > 0 ? best : idf(0)) * concept.strength;
}
