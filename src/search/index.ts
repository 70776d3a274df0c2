/**
 * The search index over a corpus's paragraphs (SearchIndex): BM25 candidates from MiniSearch,
 * term statistics and near forms for the rerank, the question analysis with word meaning and
 * spelling correction, and its snapshot (the Snapshot format it saves and loads).
 */
import type { Document, Paragraph } from '../corpus/types.ts';
import { ANALYZER_VERSION, stemWord } from '../language/analyzer.ts';
import { DeletionIndex, type SpellingVocabulary } from '../language/deletion-index.ts';
import { Speller } from '../language/spelling.ts';
import type { AliasGroup } from './aliases.ts';
import {
  analyseEntries,
  DEFAULT_FIELDS,
  entriesOf,
  type IndexedDoc,
  MINISEARCH_OPTIONS,
} from './index-documents.ts';
import { CorpusMeaning } from './meaning.ts';
import type { MeaningSources, TermVocabulary } from './meaning-sources.ts';
import { ParagraphMiniSearch } from './paragraph-minisearch.ts';
import { PassageTerms } from './passage-terms.ts';
import { type AnalyzedQuery, analyzeQuery } from './query.ts';

/** A paragraph with its document, as the index holds it. */
export interface Entry {
  paragraph: Paragraph;
  document: Document;
}

/** How many of the latest questions' analyses an index keeps. */
const ANALYZED_KEPT = 16;

export const SNAPSHOT_FORMAT = 2;

export interface Snapshot {
  format: number;
  analyzerVersion: number;
  key: string;
  minisearch: unknown;
  /** Per paragraph: its sentences' terms, sentences separated by "\n", terms by " ". */
  terms: string[];
  /** Per indexed term: "term word1 word2…", the lowercase words it was made from, commonest first. */
  surfaces: string[];
}

/**
 * The search index: MiniSearch over analysed paragraphs (text, section and document title, the
 * latter two with lower boosts), plus each sentence's terms and the corpus's term statistics for
 * reranking. Build it from documents, or load it from a snapshot made for the same corpus.
 *
 * @example const index = SearchIndex.build(corpus.documents, groups); index.candidates(['missil'], 50)
 */
export class SearchIndex {
  readonly entries: Entry[];
  readonly groups: AliasGroup[];
  private readonly mini: ParagraphMiniSearch<IndexedDoc>;
  private readonly sentenceTermsRaw: string[];
  /** The latest questions' analyses (callers never change one). */
  private readonly analyzed = new Map<string, AnalyzedQuery>();
  private readonly df: Map<string, number>;
  private vocabulary: string[] | undefined;
  private readonly surfaceLines: string[];
  private surfaceMap: Map<string, string[]> | undefined;
  /** Word meaning over this corpus's vocabulary (inert until `useMeaning` gives it sources). */
  meaning: CorpusMeaning;
  /** Each passage's terms as the rerank reads them: sentences, name, headings, gist. */
  readonly passages: PassageTerms;
  /** Spelling correction against this corpus's words (and, with `useMeaning`, the lexicon's). */
  speller: Speller;
  private deletions: DeletionIndex | undefined;

  private constructor(
    entries: Entry[],
    groups: AliasGroup[],
    mini: ParagraphMiniSearch<IndexedDoc>,
    terms: string[],
    surfaces: string[],
  ) {
    this.entries = entries;
    this.groups = groups;
    this.mini = mini;
    this.sentenceTermsRaw = terms;
    this.surfaceLines = surfaces;
    this.meaning = new CorpusMeaning(this.termVocabulary(), {});
    this.speller = new Speller(this.spellingVocabulary(), {}, () => this.spellingIndex());
    this.passages = new PassageTerms(entries, terms, () => this.meaning);
    this.df = new Map();
    for (const raw of terms) {
      for (const term of new Set(raw.split(/[ \n]/u)))
        if (term) this.df.set(term, (this.df.get(term) ?? 0) + 1);
    }
  }

  static build(documents: readonly Document[], groups: AliasGroup[]): SearchIndex {
    const entries = entriesOf(documents);
    const { docs, terms, surfaces } = analyseEntries(entries);
    const mini = new ParagraphMiniSearch<IndexedDoc>(MINISEARCH_OPTIONS);
    mini.addAll(docs);
    return new SearchIndex(entries, groups, mini, terms, surfaces);
  }

  static fromSnapshot(
    snapshot: Snapshot,
    documents: readonly Document[],
    groups: AliasGroup[],
  ): SearchIndex {
    const entries = entriesOf(documents);
    if (snapshot.terms.length !== entries.length)
      throw new Error('search: snapshot does not match the corpus');
    const mini = ParagraphMiniSearch.fromJS<IndexedDoc>(
      snapshot.minisearch as Parameters<typeof ParagraphMiniSearch.fromJS>[0],
      MINISEARCH_OPTIONS,
    );
    return new SearchIndex(entries, groups, mini, snapshot.terms, snapshot.surfaces);
  }

  /**
   * `fromSnapshot` that yields to the event loop while it loads (a reload on a serving thread):
   * on the Python docs the one-piece load blocks for over a second.
   */
  static async fromSnapshotAsync(
    snapshot: Snapshot,
    documents: readonly Document[],
    groups: AliasGroup[],
  ): Promise<SearchIndex> {
    const entries = entriesOf(documents);
    if (snapshot.terms.length !== entries.length)
      throw new Error('search: snapshot does not match the corpus');
    const mini = await ParagraphMiniSearch.fromJSAsync<IndexedDoc>(
      snapshot.minisearch as Parameters<typeof ParagraphMiniSearch.fromJS>[0],
      MINISEARCH_OPTIONS,
    );
    return new SearchIndex(entries, groups, mini, snapshot.terms, snapshot.surfaces);
  }

  toSnapshot(key: string): Snapshot {
    return {
      format: SNAPSHOT_FORMAT,
      analyzerVersion: ANALYZER_VERSION,
      key,
      minisearch: this.mini.toJSON(),
      terms: this.sentenceTermsRaw,
      surfaces: this.surfaceLines,
    };
  }

  /**
   * Analyses a question against this index: its words with their aliases, near forms and (with
   * word meaning on) related words. Every reader of questions uses this one analysis.
   * @example index.analyze('When did Moscow invade Ukraine?').concepts.map((c) => c.surface)
   */
  analyze(text: string): AnalyzedQuery {
    const known = this.analyzed.get(text);
    if (known) return known;
    const query = analyzeQuery(
      text,
      this.groups,
      (t) => this.has(t),
      (t, surface) => this.meaning.keepNearForms(surface, this.nearForms(t)),
      (surface, stem, pos) => this.meaning.relate(surface, stem, pos),
      (word, name) => this.speller.correct(word, { name }),
      (word) => this.corpusWord(word),
    );
    // ask, the key facts under its answer and the short answer's check against them read the
    // same question: analysed once (wink's tagging is most of a question's analysis)
    if (this.analyzed.size >= ANALYZED_KEPT) {
      const oldest = this.analyzed.keys().next().value;
      if (oldest !== undefined) this.analyzed.delete(oldest);
    }
    this.analyzed.set(text, query);
    return query;
  }

  /**
   * Gives the index word meaning from these sources (vectors, WordNet); none switches it off.
   * The speller then knows the lexicon's words too.
   */
  useMeaning(sources: MeaningSources): void {
    this.meaning = new CorpusMeaning(this.termVocabulary(), sources);
    this.passages.forgetGists();
    this.analyzed.clear();
    this.speller = new Speller(
      this.spellingVocabulary(),
      { lexicon: sources.lexicon, vectors: sources.vectors },
      () => this.spellingIndex(),
    );
  }

  /**
   * Builds the speller's deletion index now, yielding to the event loop as it goes (50–350 ms on
   * the Python docs), so neither a serving thread nor the first misspelt question waits for it.
   * Without this it is built, at once, on the first question with a word the corpus lacks.
   */
  async prepareSpelling(): Promise<void> {
    if (this.deletions) return;
    const built = await DeletionIndex.buildAsync(this.spellingVocabulary());
    this.deletions ??= built;
  }

  /** The deletion index over the corpus's words, shared by every speller of this index. */
  private spellingIndex(): DeletionIndex {
    this.deletions ??= DeletionIndex.build(this.spellingVocabulary());
    return this.deletions;
  }

  private spellingVocabulary(): SpellingVocabulary {
    const lines = this.surfaceLines;
    return {
      // read from the snapshot's lines as it goes (the term map meaning builds is not needed)
      *surfaces() {
        for (const line of lines) {
          const [term, ...words] = line.split(' ');
          if (term) yield [term, words] as const;
        }
      },
      frequency: (term) => this.docFrequency(term),
    };
  }

  private termVocabulary(): TermVocabulary {
    return {
      has: (term) => this.df.has(term),
      surfaces: () => {
        if (!this.surfaceMap) {
          this.surfaceMap = new Map();
          for (const line of this.surfaceLines) {
            const [term, ...ws] = line.split(' ');
            if (term) this.surfaceMap.set(term, ws);
          }
        }
        return this.surfaceMap;
      },
    };
  }

  /**
   * The indexed term of `word` when the corpus writes that very word (or its plural with s/es,
   * or its singular), else null: a stem alone is not enough ("livered" stems to "liver").
   */
  corpusWord(word: string): string | null {
    const term = stemWord(word);
    if (!this.df.has(term)) return null;
    const written = this.termVocabulary().surfaces().get(term) ?? [];
    const forms = [word, `${word}s`, `${word}es`, word.replace(/s$/u, '')];
    return written.some((w) => forms.includes(w)) ? term : null;
  }

  get size(): number {
    return this.entries.length;
  }

  /** In how many paragraphs a term occurs. */
  docFrequency(term: string): number {
    return this.df.get(term) ?? 0;
  }

  has(term: string): boolean {
    return this.df.has(term);
  }

  /**
   * Indexed terms that are near forms of an unknown term: "syria" → ["syrian"], "crimean" →
   * ["crimea"] (one is the other plus at most three letters). Stemmers leave such pairs apart,
   * which matters most for names and demonyms.
   */
  nearForms(term: string): string[] {
    if (term.length < 4 || this.df.has(term)) return [];
    const vocab = this.sortedVocabulary();
    const out: string[] = [];
    for (
      let i = this.firstAtOrAfter(term);
      i < vocab.length && (vocab[i] as string).startsWith(term);
      i++
    ) {
      const v = vocab[i] as string;
      if (v.length - term.length <= 3) out.push(v);
    }
    for (let cut = 1; cut <= 3 && term.length - cut >= 4; cut++) {
      const prefix = term.slice(0, -cut);
      if (this.df.has(prefix)) out.push(prefix);
    }
    return out;
  }

  /**
   * Indexed terms of the same word family as `term` (sharing its first `prefix` letters, when
   * it has more): "religion" → ["religi", "religion"], "locat" → ["locat", "location"]. Porter
   * leaves many derivations apart; the rerank gives these partial credit.
   */
  family(term: string, prefix = 5, max = 12): string[] {
    if (term.length < prefix || /\d/u.test(term)) return [];
    const vocab = this.sortedVocabulary();
    const head = term.slice(0, prefix);
    const out: string[] = [];
    for (
      let i = this.firstAtOrAfter(head);
      i < vocab.length && (vocab[i] as string).startsWith(head) && out.length < max;
      i++
    ) {
      const v = vocab[i] as string;
      if (v !== term) out.push(v);
    }
    return out;
  }

  /** The idf of a term no paragraph has: the weight of a word the corpus lacks. */
  maxIdf(): number {
    return this.idf('');
  }

  /** The indexed terms in sorted order, made once on first use (for prefix look-ups). */
  private sortedVocabulary(): string[] {
    this.vocabulary ??= [...this.df.keys()].sort();
    return this.vocabulary;
  }

  /** Index of the first sorted term ≥ `key` (binary search). */
  private firstAtOrAfter(key: string): number {
    const vocab = this.sortedVocabulary();
    let lo = 0;
    let hi = vocab.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((vocab[mid] as string) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Inverse document frequency (BM25's form), so rare terms weigh more. */
  idf(term: string): number {
    const n = this.entries.length;
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * BM25 candidates from MiniSearch for weighted terms, best first.
   * `filter` limits the search to some entries (e.g. one document).
   */
  candidates(
    weighted: ReadonlyMap<string, number>,
    limit: number,
    filter?: (entry: Entry) => boolean,
    fields: Readonly<Record<'text' | 'section' | 'title', number>> = DEFAULT_FIELDS,
  ): { index: number; score: number }[] {
    if (weighted.size === 0) return [];
    const accept = filter ? (id: number) => filter(this.entries[id] as Entry) : undefined;
    return this.mini
      .topK(weighted, fields, limit, accept)
      .map((r) => ({ index: r.id, score: r.score }));
  }
}
