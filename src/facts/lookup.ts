import { type FactConflict, findConflicts } from './conflicts.ts';
import { stems } from './keys.ts';
import type { Fact, FactKind } from './types.ts';

/** A fact's stems per part, as the search analyzer makes them. */
export interface FactStems {
  subject: ReadonlySet<string>;
  value: ReadonlySet<string>;
  quote: ReadonlySet<string>;
}

/** What a FactStore looks facts up in, built once on first use. */
export interface FactIndex {
  all: Fact[];
  byId: Map<string, Fact>;
  byParagraph: Map<string, Fact[]>;
  byKind: Map<FactKind, Fact[]>;
  stems: Map<Fact, FactStems>;
  /** In how many distinct quotes each stem occurs, for weighing a topic's words. */
  df: Map<string, number>;
  quotes: number;
  mentions: Fact[];
  conflicts: FactConflict[];
  conflictOf: Map<Fact, FactConflict>;
}

/**
 * The lookups over a store's facts and its actor mentions: by id, paragraph and kind, each fact's
 * stems, how many quotes each stem occurs in, and the "sources differ" groups.
 */
export function buildIndex(all: Fact[], mentions: Fact[]): FactIndex {
  const byId = new Map<string, Fact>();
  const byParagraph = new Map<string, Fact[]>();
  const byKind = new Map<FactKind, Fact[]>();
  const stemIndex: FactIndex['stems'] = new Map();
  // facts from one sentence share its quote: stem each distinct quote once
  const quoteStems = new Map<string, Set<string>>();
  const df = new Map<string, number>();
  for (const f of all) {
    byId.set(f.id, f);
    push(byParagraph, f.paragraphId, f);
    push(byKind, f.kind, f);
    let quote = quoteStems.get(f.quote);
    if (!quote) {
      quote = setDefault(quoteStems, f.quote, new Set(stems(f.quote)));
      for (const t of quote) df.set(t, (df.get(t) ?? 0) + 1);
    }
    // words quoted in a subject ("X said “…”") are what was said, not what the fact is about
    const subject = new Set(stems(f.subject.replace(/“[^”]*”?|"[^"]*"?/gu, ' ')));
    const value = new Set(stems(f.value));
    // a subject may word things its quote does not ("Iran and Russia" for "the two countries")
    for (const t of [...subject, ...value]) if (!quote.has(t)) df.set(t, (df.get(t) ?? 0) + 1);
    stemIndex.set(f, { subject, value, quote });
  }
  const conflicts = findConflicts(all);
  const conflictOf = new Map<Fact, FactConflict>();
  for (const c of conflicts) for (const f of c.facts) conflictOf.set(f, c);
  return {
    all,
    byId,
    byParagraph,
    byKind,
    stems: stemIndex,
    df,
    quotes: quoteStems.size,
    mentions,
    conflicts,
    conflictOf,
  };
}

function setDefault<K, V>(map: Map<K, V>, key: K, value: V): V {
  map.set(key, value);
  return value;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
