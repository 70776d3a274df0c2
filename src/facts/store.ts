import type { Corpus } from '../corpus/types.ts';
import type { AliasGroup } from '../search/aliases.ts';
import { type FactConflict, sameValue } from './conflicts.ts';
import { mergeCurated } from './curated.ts';
import { hasYear } from './dates.ts';
import { dedupeFacts } from './dedupe.ts';
import { extractFacts } from './extract.ts';
import { docSlugOf, subjectKey } from './keys.ts';
import { buildIndex, type FactIndex, type FactStems } from './lookup.ts';
import { type ActorProfile, groupActors } from './profiles.ts';
import { rankFacts } from './rank.ts';
import { analyzeTopic, type TopicIndex } from './topic.ts';
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
  #index: FactIndex | undefined;
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

  #idx(): FactIndex {
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
    return rankFacts(idx, query.concepts, pool, defined, opts.limit);
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
