import type { Corpus } from '../corpus/types.ts';
import type { AliasGroup } from '../search/aliases.ts';
import type { Concept } from '../search/query.ts';
import { type FactConflict, findConflicts, sameValue } from './conflicts.ts';
import { mergeCurated } from './curated.ts';
import { hasYear } from './dates.ts';
import { dedupeFacts } from './dedupe.ts';
import { extractFacts } from './extract.ts';
import { docSlugOf, stems, subjectKey } from './keys.ts';
import { type ActorProfile, groupActors } from './profiles.ts';
import { analyzeTopic, conceptMatch, type TopicIndex } from './topic.ts';
import type { Fact, FactKind } from './types.ts';

export interface TimelineOptions {
  /** Keep only events relevant to this topic (same matching as `search`). */
  topic?: string | undefined;
  /** Keep only events from this document. */
  docSlug?: string | undefined;
}

export interface SearchOptions {
  kind?: FactKind | undefined;
  limit?: number | undefined;
}

export interface FactStoreOptions {
  /** false skips NLP extraction altogether (curated facts only). */
  extract?: boolean | undefined;
  /**
   * The search index: topics are then analysed as /ask analyses questions (its aliases, near
   * forms and word meaning), and its alias groups tell duplicates apart ("nuclear deal" and
   * "nuclear agreement"). Without it, topics match by stems alone.
   */
  index?: TopicIndex | undefined;
  /** Alias groups for telling duplicates apart when there is no index. */
  groups?: readonly AliasGroup[] | undefined;
}

/** How much a topic found in each part of a fact counts: what the fact is about weighs most. */
const FIELD_WEIGHT = { subject: 3, value: 2, quote: 1 } as const;
/** Facts scoring under this share of the best one are off the topic. */
const TOPIC_CUTOFF = 0.5;
/** A definition's score when the topic is a plain word, not the defined term itself. */
const DEFINITION_DISCOUNT = 0.3;

/** A fact's stems per part, as the search analyzer makes them. */
export interface FactStems {
  subject: ReadonlySet<string>;
  value: ReadonlySet<string>;
  quote: ReadonlySet<string>;
}

interface Index {
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

/** What `FactStore.exportFacts` gives: the facts, and every actor mention before merging. */
export type ExportedFacts = Loaded;

/** The facts a store holds, and every actor mention before duplicates were merged. */
interface Loaded {
  facts: Fact[];
  mentions: Fact[];
}

function load(facts: Fact[], groups: readonly AliasGroup[]): Loaded {
  return { facts: dedupeFacts(facts, groups), mentions: facts.filter((f) => f.kind === 'actor') };
}

/**
 * All facts of a corpus, indexed for the /fact, /timeline and /define commands and for an
 * answer's "Key facts". Extraction runs on first use, so building a store is free until asked.
 *
 * @example const store = FactStore.fromCorpus(corpus, curated.facts); store.timeline({ topic: 'drones' })
 */
export class FactStore {
  #load: () => Loaded;
  #index: Index | undefined;
  #topics: TopicIndex | undefined;

  private constructor(loader: () => Loaded, topics?: TopicIndex) {
    this.#load = loader;
    this.#topics = topics;
  }

  /**
   * A store over a corpus's extracted facts plus curated ones. Curated facts come first and
   * replace an extracted fact of the same kind and subject from the same paragraph. The same
   * fact said twice (the same event and date, the same person and role) is kept once: the
   * first citation, the fullest wording (see dedupeFacts).
   */
  static fromCorpus(
    corpus: Pick<Corpus, 'documents' | 'paragraphs'>,
    curated: readonly Fact[] = [],
    opts: FactStoreOptions = {},
  ): FactStore {
    const groups = opts.groups ?? opts.index?.groups ?? [];
    return new FactStore(
      () => load(mergeCurated(curated, opts.extract === false ? [] : extractFacts(corpus)), groups),
      opts.index,
    );
  }

  /** A store over facts you already have (tests, a cache), duplicates merged as in fromCorpus. */
  static fromFacts(
    facts: readonly Fact[],
    opts: Omit<FactStoreOptions, 'extract'> = {},
  ): FactStore {
    const groups = opts.groups ?? opts.index?.groups ?? [];
    return new FactStore(() => load([...facts], groups), opts.index);
  }

  /**
   * The store's facts and every actor mention as plain data, extracting them first: a store
   * built in a worker thread moves to the serving thread with these (see fromExport).
   */
  exportFacts(): ExportedFacts {
    const index = this.#idx();
    return { facts: index.all, mentions: index.mentions };
  }

  /** The store `exportFacts` came from, without extracting or merging again. */
  static fromExport(
    exported: ExportedFacts,
    opts: Omit<FactStoreOptions, 'extract' | 'groups'> = {},
  ): FactStore {
    return new FactStore(
      () => ({ facts: [...exported.facts], mentions: [...exported.mentions] }),
      opts.index,
    );
  }

  #idx(): Index {
    if (!this.#index) {
      const loaded = this.#load();
      this.#index = buildIndex(loaded.facts, loaded.mentions);
    }
    return this.#index;
  }

  /** Every fact: curated first, then extracted in corpus order. */
  all(): readonly Fact[] {
    return this.#idx().all;
  }

  get(id: string): Fact | undefined {
    return this.#idx().byId.get(id);
  }

  byParagraph(paragraphId: string): readonly Fact[] {
    return this.#idx().byParagraph.get(paragraphId) ?? [];
  }

  byKind(kind: FactKind): readonly Fact[] {
    return this.#idx().byKind.get(kind) ?? [];
  }

  /**
   * Dated events with a known year, oldest first (stable for equal dates). Year-less dates
   * ("in November" with no year in reach) are left off: they cannot be placed.
   *
   * @example store.timeline({ docSlug: 'iran-russia-alliance' }).map((f) => f.date?.sortKey)
   */
  timeline(opts: TimelineOptions = {}): Fact[] {
    let events = this.byKind('date').filter((f) => f.date !== null && hasYear(f.date));
    if (opts.docSlug !== undefined)
      events = events.filter((f) => docSlugOf(f.paragraphId) === opts.docSlug);
    if (opts.topic !== undefined && opts.topic.trim() !== '') {
      const relevant = new Set(this.search(opts.topic, { kind: 'date' }));
      events = events.filter((f) => relevant.has(f));
    }
    return events
      .map((f, i) => ({ f, i }))
      .sort((a, b) => compareKeys(a.f.date?.sortKey ?? '', b.f.date?.sortKey ?? '') || a.i - b.i)
      .map((x) => x.f);
  }

  /** Every definition (acronyms and terms), in store order. */
  definitions(): readonly Fact[] {
    return this.byKind('definition');
  }

  /**
   * Definitions of a term, matched case-insensitively on the term or its expansion, then by
   * stems ("unmanned aerial system" finds UAS). Exact term matches come first.
   *
   * @example store.define('jcpoa')[0]?.value // 'Joint Comprehensive Plan of Action'
   */
  define(term: string): Fact[] {
    const t = term.trim().toLowerCase();
    if (t === '') return [];
    const key = subjectKey(term);
    const defs = this.definitions();
    const exact = defs.filter((f) => f.subject.toLowerCase() === t);
    const expansion = defs.filter(
      (f) =>
        !exact.includes(f) &&
        f.value.toLowerCase().replace(/^(?:the|a|an)\s+/u, '') ===
          t.replace(/^(?:the|a|an)\s+/u, ''),
    );
    const loose = defs.filter(
      (f) =>
        !exact.includes(f) &&
        !expansion.includes(f) &&
        key !== '' &&
        (subjectKey(f.subject) === key || subjectKey(f.value) === key),
    );
    return [...exact, ...expansion, ...loose];
  }

  /**
   * Facts relevant to a topic, best first. The topic is analysed as /ask analyses a question (the
   * index's aliases and word meaning when the store has an index), and each of its ideas is
   * looked for in a fact's subject, then value, then quote, weighed by how rare the idea is among
   * the facts. A definition comes first when the topic is the defined term itself ("SRBM"); for a
   * plain word ("missiles") dates, figures and actors come before definitions. Facts scoring
   * under half the best are left out, so a topic brings what is about it, not every mention.
   *
   * @example store.search('missiles')[0]?.value // 'several hundred'
   */
  search(topic: string, opts: SearchOptions = {}): Fact[] {
    const idx = this.#idx();
    const query = analyzeTopic(topic, this.#topics, (t) => idx.df.has(t));
    if (query.concepts.length === 0) return [];
    const defined = new Set(this.define(topic));
    const pool = opts.kind ? this.byKind(opts.kind) : idx.all;
    const weights = query.concepts.map((c) => topicWeight(idx, c));
    const scored: { f: Fact; score: number; i: number }[] = [];
    pool.forEach((f, i) => {
      const s = idx.stems.get(f);
      if (!s) return;
      let score = 0;
      query.concepts.forEach((c, k) => {
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
    return opts.limit !== undefined ? out.slice(0, opts.limit) : out;
  }

  /** A fact's stems per part (subject, value, quote), as topic matching sees them. */
  stemsOf(fact: Fact): FactStems | undefined {
    return this.#idx().stems.get(fact);
  }

  /**
   * A fact picked with `rng` (a function returning [0, 1), e.g. Math.random or a seeded one).
   *
   * @example store.random(Math.random, 'figure')
   */
  random(rng: () => number, kind?: FactKind): Fact | null {
    const pool = kind ? this.byKind(kind) : this.all();
    if (pool.length === 0) return null;
    const r = rng();
    const i = Math.min(
      pool.length - 1,
      Math.max(0, Math.floor((Number.isFinite(r) ? r : 0) * pool.length)),
    );
    return pool[i] ?? null;
  }

  /**
   * People with their roles, one profile per person across paragraphs and documents; a profile's
   * mentions include those merged away as duplicates (every place the corpus names the person).
   */
  actors(): ActorProfile[] {
    return groupActors(this.#idx().mentions);
  }

  /** Every "sources differ" group. */
  conflicts(): readonly FactConflict[] {
    return this.#idx().conflicts;
  }

  /**
   * The facts from other documents that disagree with this one (a different date or figure for
   * the same subject), or [] when the sources agree or nobody else speaks of it.
   *
   * @example for (const other of store.conflictsFor(fact)) show(other.value, other.paragraphId)
   */
  conflictsFor(fact: Fact): Fact[] {
    const group = this.#idx().conflictOf.get(fact);
    if (!group) return [];
    const slug = docSlugOf(fact.paragraphId);
    return group.facts.filter((f) => docSlugOf(f.paragraphId) !== slug && !sameValue(f, fact));
  }
}

/** Sort keys are built so that lexical order is time order (see FactDate). */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function buildIndex(all: Fact[], mentions: Fact[]): Index {
  const byId = new Map<string, Fact>();
  const byParagraph = new Map<string, Fact[]>();
  const byKind = new Map<FactKind, Fact[]>();
  const stemIndex: Index['stems'] = new Map();
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

/**
 * How much an idea of the topic counts: its idf among the facts' quotes (BM25's form), so "Iran"
 * in a corpus about Iran weighs little and "missiles" much; an idea no fact words, the most.
 */
function topicWeight(idx: Index, concept: Concept): number {
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

function setDefault<K, V>(map: Map<K, V>, key: K, value: V): V {
  map.set(key, value);
  return value;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
