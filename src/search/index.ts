/**
 * The search index over a corpus's paragraphs (SearchIndex): BM25 candidates from MiniSearch,
 * the question analysis with word meaning and spelling correction, its terms' statistics and
 * near forms for the rerank (kept by vocabulary.ts), and its snapshot (the Snapshot format it
 * saves and loads). What it is built from is made in index-documents.ts.
 */
import type { Document, Paragraph } from '../corpus/types.ts';
import { ANALYZER_VERSION } from '../language/analyzer.ts';
import { DeletionIndex } from '../language/deletion-index.ts';
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
import type { MeaningSources } from './meaning-sources.ts';
import { type PackedIndex, ParagraphMiniSearch } from './paragraph-minisearch.ts';
import { PassageTerms } from './passage-terms.ts';
import { type AnalyzedQuery, analyzeQuery } from './query.ts';
import { Vocabulary } from './vocabulary.ts';

/** A paragraph with its document, as the index holds it. */
export interface Entry {
  paragraph: Paragraph;
  document: Document;
}

/** How many of the latest questions' analyses an index keeps. */
const ANALYZED_KEPT = 16;

/**
 * 3: the term index packed (ParagraphMiniSearch.toPacked), no longer MiniSearch's JSON; 4: each
 * term's paragraph count kept.
 */
export const SNAPSHOT_FORMAT = 4;

export interface Snapshot {
  format: number;
  analyzerVersion: number;
  key: string;
  /** The term index (ParagraphMiniSearch.toPacked): counts, field lengths, postings per term. */
  index: PackedIndex;
  /** Per paragraph: its sentences' terms, sentences separated by "\n", terms by " ". */
  terms: string[];
  /** Per indexed term: "term word1 word2…", the lowercase words it was made from, commonest first. */
  surfaces: string[];
  /** Per term of the paragraphs' sentence terms: in how many paragraphs it occurs. */
  counts: [string, number][];
}

/** The corpus's entries, when the snapshot holds terms for as many paragraphs. */
function snapshotEntries(snapshot: Snapshot, documents: readonly Document[]): Entry[] {
  const entries = entriesOf(documents);
  if (snapshot.terms.length !== entries.length)
    throw new Error('search: snapshot does not match the corpus');
  return entries;
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
  /** The indexed terms: in how many paragraphs each occurs, the words it was made from. */
  private readonly vocabulary: Vocabulary;
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
    counts?: [string, number][],
  ) {
    this.entries = entries;
    this.groups = groups;
    this.mini = mini;
    this.sentenceTermsRaw = terms;
    this.vocabulary = new Vocabulary(terms, surfaces, counts);
    this.meaning = new CorpusMeaning(this.vocabulary.termVocabulary(), {});
    this.speller = new Speller(this.vocabulary.spellingVocabulary(), {}, () =>
      this.spellingIndex(),
    );
    this.passages = new PassageTerms(entries, terms, () => this.meaning);
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
    const entries = snapshotEntries(snapshot, documents);
    const mini = ParagraphMiniSearch.fromPacked<IndexedDoc>(snapshot.index, MINISEARCH_OPTIONS);
    return SearchIndex.withSnapshot(entries, groups, mini, snapshot);
  }

  /**
   * `fromSnapshot` that yields to the event loop while it loads (a reload on a serving thread).
   */
  static async fromSnapshotAsync(
    snapshot: Snapshot,
    documents: readonly Document[],
    groups: AliasGroup[],
  ): Promise<SearchIndex> {
    const entries = snapshotEntries(snapshot, documents);
    const mini = await ParagraphMiniSearch.fromPackedAsync<IndexedDoc>(
      snapshot.index,
      MINISEARCH_OPTIONS,
    );
    return SearchIndex.withSnapshot(entries, groups, mini, snapshot);
  }

  /** The index over a loaded term index and the snapshot's lines and counts. */
  private static withSnapshot(
    entries: Entry[],
    groups: AliasGroup[],
    mini: ParagraphMiniSearch<IndexedDoc>,
    snapshot: Snapshot,
  ): SearchIndex {
    return new SearchIndex(
      entries,
      groups,
      mini,
      snapshot.terms,
      snapshot.surfaces,
      snapshot.counts,
    );
  }

  toSnapshot(key: string): Snapshot {
    return {
      format: SNAPSHOT_FORMAT,
      analyzerVersion: ANALYZER_VERSION,
      key,
      index: this.mini.toPacked(),
      terms: this.sentenceTermsRaw,
      surfaces: this.vocabulary.surfaceLines,
      counts: this.vocabulary.counts(),
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
    this.meaning = new CorpusMeaning(this.vocabulary.termVocabulary(), sources);
    this.passages.forgetGists();
    this.analyzed.clear();
    this.speller = new Speller(
      this.vocabulary.spellingVocabulary(),
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
    const built = await DeletionIndex.buildAsync(this.vocabulary.spellingVocabulary());
    this.deletions ??= built;
  }

  /** The deletion index over the corpus's words, shared by every speller of this index. */
  private spellingIndex(): DeletionIndex {
    this.deletions ??= DeletionIndex.build(this.vocabulary.spellingVocabulary());
    return this.deletions;
  }

  /** The indexed term of `word` when the corpus writes that very word (Vocabulary.corpusWord). */
  corpusWord(word: string): string | null {
    return this.vocabulary.corpusWord(word);
  }

  get size(): number {
    return this.entries.length;
  }

  /** In how many paragraphs a term occurs. */
  docFrequency(term: string): number {
    return this.vocabulary.docFrequency(term);
  }

  has(term: string): boolean {
    return this.vocabulary.has(term);
  }

  /** Indexed terms that are near forms of an unknown term (Vocabulary.nearForms). */
  nearForms(term: string): string[] {
    return this.vocabulary.nearForms(term);
  }

  /** Indexed terms of the same word family as `term` (Vocabulary.family). */
  family(term: string, prefix = 5, max = 12): string[] {
    return this.vocabulary.family(term, prefix, max);
  }

  /** The idf of a term no paragraph has: the weight of a word the corpus lacks. */
  maxIdf(): number {
    return this.vocabulary.maxIdf();
  }

  /** Inverse document frequency (BM25's form), so rare terms weigh more. */
  idf(term: string): number {
    return this.vocabulary.idf(term);
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
