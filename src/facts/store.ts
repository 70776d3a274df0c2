import type { Corpus } from '../corpus/types.ts';
import { hasYear } from './dates.ts';
import { extractFacts } from './extract.ts';
import { stems, subjectKey } from './keys.ts';
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

/** Facts on the same subject from different documents that disagree ("sources differ"). */
export interface FactConflict {
  kind: 'date' | 'figure';
  /** The subject as the first fact words it. */
  subject: string;
  /** Every fact of the group, each with its own citation, in store order. */
  facts: Fact[];
}

/** One person with every role and mention the corpus gives. */
export interface ActorProfile {
  /** The fullest form of the name found ("Joe Biden" over "Biden"). */
  name: string;
  /** Roles in order of first mention ("President", "Supreme Leader"). */
  roles: string[];
  /** Every actor fact for the person, in store order; the first is the one to cite. */
  mentions: Fact[];
}

/** The document slug of a paragraph id (`going-ballistic#p3` → `going-ballistic`). */
export function docSlugOf(paragraphId: string): string {
  const hash = paragraphId.indexOf('#');
  return hash < 0 ? paragraphId : paragraphId.slice(0, hash);
}

interface Index {
  all: Fact[];
  byId: Map<string, Fact>;
  byParagraph: Map<string, Fact[]>;
  byKind: Map<FactKind, Fact[]>;
  stems: Map<Fact, { subject: Set<string>; value: Set<string>; quote: Set<string> }>;
  conflicts: FactConflict[];
  conflictOf: Map<Fact, FactConflict>;
}

/**
 * All facts of a corpus, indexed for the /fact, /timeline and /define commands and for an
 * answer's "Key facts". Extraction runs on first use, so building a store is free until asked.
 *
 * @example const store = FactStore.fromCorpus(corpus, curated.facts); store.timeline({ topic: 'drones' })
 */
export class FactStore {
  #load: () => Fact[];
  #index: Index | undefined;

  private constructor(load: () => Fact[]) {
    this.#load = load;
  }

  /**
   * A store over a corpus's extracted facts plus curated ones. Curated facts come first and
   * replace an extracted fact of the same kind and subject from the same paragraph.
   * `extract: false` skips NLP extraction altogether (curated facts only).
   */
  static fromCorpus(
    corpus: Pick<Corpus, 'documents' | 'paragraphs'>,
    curated: readonly Fact[] = [],
    opts: { extract?: boolean } = {},
  ): FactStore {
    return new FactStore(() =>
      mergeCurated(curated, opts.extract === false ? [] : extractFacts(corpus)),
    );
  }

  /** A store over facts you already have (tests, a cache). */
  static fromFacts(facts: readonly Fact[]): FactStore {
    return new FactStore(() => [...facts]);
  }

  #idx(): Index {
    this.#index ??= buildIndex(this.#load());
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
   * Facts relevant to a topic, best first: stem overlap with the subject and value weighs more
   * than overlap with the quote. Ties keep store order.
   *
   * @example store.search('drones', { kind: 'figure' })
   */
  search(topic: string, opts: SearchOptions = {}): Fact[] {
    const wanted = new Set(stems(topic));
    if (wanted.size === 0) return [];
    const idx = this.#idx();
    const pool = opts.kind ? this.byKind(opts.kind) : idx.all;
    const scored: { f: Fact; score: number; i: number }[] = [];
    pool.forEach((f, i) => {
      const s = idx.stems.get(f);
      if (!s) return;
      let score = 0;
      for (const w of wanted)
        score += (s.subject.has(w) ? 3 : 0) + (s.value.has(w) ? 2 : 0) + (s.quote.has(w) ? 1 : 0);
      if (score > 0) scored.push({ f, score, i });
    });
    scored.sort((a, b) => b.score - a.score || a.i - b.i);
    const out = scored.map((x) => x.f);
    return opts.limit !== undefined ? out.slice(0, opts.limit) : out;
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

  /** People with their roles, one profile per person across paragraphs and documents. */
  actors(): ActorProfile[] {
    return groupActors(this.byKind('actor'));
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

/**
 * An editor's fact replaces the extracted one it rewords: same kind and paragraph, and the same
 * subject (or the same date for a date, the same amount for a figure); a curated definition
 * replaces every extracted one of its term.
 */
function mergeCurated(curated: readonly Fact[], extracted: Fact[]): Fact[] {
  const taken = new Set<string>();
  for (const f of curated) {
    taken.add(`${f.kind}|${f.paragraphId}|${subjectKey(f.subject)}`);
    if (f.date) taken.add(`${f.kind}|${f.paragraphId}|@${f.date.sortKey}`);
    if (f.kind === 'figure') taken.add(`${f.kind}|${f.paragraphId}|=${f.value.toLowerCase()}`);
  }
  const curatedDefs = new Set(
    curated.filter((f) => f.kind === 'definition').map((f) => f.subject.toLowerCase()),
  );
  const replaced = (f: Fact) =>
    taken.has(`${f.kind}|${f.paragraphId}|${subjectKey(f.subject)}`) ||
    (f.date !== null && taken.has(`${f.kind}|${f.paragraphId}|@${f.date.sortKey}`)) ||
    (f.kind === 'figure' && taken.has(`${f.kind}|${f.paragraphId}|=${f.value.toLowerCase()}`)) ||
    (f.kind === 'definition' && curatedDefs.has(f.subject.toLowerCase()));
  return [...curated, ...extracted.filter((f) => !replaced(f))];
}

function buildIndex(all: Fact[]): Index {
  const byId = new Map<string, Fact>();
  const byParagraph = new Map<string, Fact[]>();
  const byKind = new Map<FactKind, Fact[]>();
  const stemIndex: Index['stems'] = new Map();
  // facts from one sentence share its quote: stem each distinct quote once
  const quoteStems = new Map<string, Set<string>>();
  for (const f of all) {
    byId.set(f.id, f);
    push(byParagraph, f.paragraphId, f);
    push(byKind, f.kind, f);
    stemIndex.set(f, {
      subject: new Set(stems(f.subject)),
      value: new Set(stems(f.value)),
      quote: quoteStems.get(f.quote) ?? setDefault(quoteStems, f.quote, new Set(stems(f.quote))),
    });
  }
  const conflicts = findConflicts(all);
  const conflictOf = new Map<Fact, FactConflict>();
  for (const c of conflicts) for (const f of c.facts) conflictOf.set(f, c);
  return { all, byId, byParagraph, byKind, stems: stemIndex, conflicts, conflictOf };
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

/** Same subject (order-free stems, two content words at least so "talks" alone never groups), different documents, values that disagree. */
function findConflicts(all: Fact[]): FactConflict[] {
  const groups = new Map<string, Fact[]>();
  for (const f of all) {
    if (f.kind !== 'date' && f.kind !== 'figure') continue;
    if (f.kind === 'date' && (f.date === null || !hasYear(f.date))) continue;
    const key = subjectKey(f.subject);
    if (key.split(' ').length < 2) continue;
    push(groups, `${f.kind}|${key}`, f);
  }
  const out: FactConflict[] = [];
  for (const facts of groups.values()) {
    const first = facts[0];
    if (!first || facts.length < 2) continue;
    // one representative per (document, value) keeps the pairwise check small on repetitive corpora
    const distinct = new Map<string, { slug: string; fact: Fact }>();
    for (const f of facts) {
      const slug = docSlugOf(f.paragraphId);
      const key = `${slug}\u0000${f.date?.sortKey ?? normValue(f.value)}`;
      if (!distinct.has(key)) distinct.set(key, { slug, fact: f });
    }
    const reps = [...distinct.values()];
    if (new Set(reps.map((r) => r.slug)).size < 2) continue;
    const disagree = reps.some((x, i) =>
      reps.some((y, j) => j > i && x.slug !== y.slug && !sameValue(x.fact, y.fact)),
    );
    if (disagree)
      out.push({ kind: first.kind === 'date' ? 'date' : 'figure', subject: first.subject, facts });
  }
  return out;
}

/** Dates agree when one refines the other ("2022" and "2022-02"); figures when they read the same. */
function sameValue(a: Fact, b: Fact): boolean {
  if (a.kind === 'date' && a.date && b.date) {
    const x = a.date.sortKey;
    const y = b.date.sortKey;
    return x.startsWith(y) || y.startsWith(x);
  }
  return normValue(a.value) === normValue(b.value);
}

function normValue(s: string): string {
  return s
    .toLowerCase()
    .replace(/[,\s]+/gu, ' ')
    .trim();
}

function groupActors(actors: readonly Fact[]): ActorProfile[] {
  const profiles: ActorProfile[] = [];
  const byKey = new Map<string, ActorProfile>();
  const nameKey = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s]/gu, ' ')
      .split(/\s+/u)
      .filter((w) => w !== '')
      .join(' ');
  // full names first, so "Biden" can join "Joe Biden" whichever is mentioned first
  const ordered = [...actors].sort(
    (a, b) => nameKey(b.subject).split(' ').length - nameKey(a.subject).split(' ').length,
  );
  for (const f of ordered) {
    const key = nameKey(f.subject);
    let p = byKey.get(key);
    if (!p) {
      const candidates = profiles.filter((q) => nameKey(q.name).endsWith(` ${key}`));
      p = candidates.length === 1 ? candidates[0] : undefined;
    }
    if (!p) {
      p = { name: f.subject, roles: [], mentions: [] };
      profiles.push(p);
    }
    byKey.set(key, p);
    p.mentions.push(f);
  }
  const order = new Map(actors.map((f, i) => [f, i]));
  for (const p of profiles) {
    p.mentions.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    p.roles = [...new Set(p.mentions.map((m) => m.value))];
  }
  const firstMention = (p: ActorProfile) => {
    const m = p.mentions[0];
    return m ? (order.get(m) ?? 0) : 0;
  };
  return profiles.sort((a, b) => firstMention(a) - firstMention(b));
}
