/**
 * Each passage's terms as the rerank reads them, analysed on first use and kept: its sentences'
 * terms, its document's title, its name (title and nearest heading), its headings, and its gist;
 * and the words of the passages last shown, with their keys (the citations' highlighted words).
 */
import type { Document } from '../corpus/types.ts';
import {
  identifierTerms,
  indexTerms,
  isStopword,
  type WordKey,
  wordKeys,
} from '../language/analyzer.ts';
import type { Entry } from './index.ts';
import type { CorpusMeaning } from './meaning.ts';

/** Terms joined by spaces, as the index stores them, split again. */
export const splitTerms = (text: string): string[] => (text === '' ? [] : text.split(' '));

/** A passage's words as word vectors know them (lowercase letters and digits). */
const WORDS = /[\p{L}\p{N}]+/gu;

/** A heading's terms: its words and its identifiers (`build.chunkSizeWarningLimit` → chunk, size…). */
export function headingTerms(section: string): string[] {
  return [...indexTerms(section), ...identifierTerms(section)];
}

/**
 * How many passages' words (`shownWords`) are kept: the passages shown lately, a few per question.
 * Bounded, since a long-running bot may show most of a large corpus in time.
 */
export const SHOWN_WORDS_KEPT = 2048;

/** The analysed terms of an index's passages (`SearchIndex.passages`), each made on first use. */
export class PassageTerms {
  /** The words of the passages shown lately, least recently read first. */
  private readonly shown = new Map<number, WordKey[]>();
  private readonly sentenceCache: (string[][] | undefined)[];
  private readonly sectionCache: (string[] | undefined)[];
  private readonly nameCache: (readonly string[] | undefined)[];
  private readonly gistCache: (Float32Array | null | undefined)[];
  private readonly titleCache = new Map<Document, string[]>();

  /**
   * @param raw per passage, its sentences' terms (sentences separated by "\n", terms by " ")
   * @param meaning the index's word meaning of the moment (`useMeaning` replaces it)
   */
  constructor(
    private readonly entries: readonly Entry[],
    private readonly raw: readonly string[],
    private readonly meaning: () => CorpusMeaning,
  ) {
    this.sentenceCache = new Array(entries.length);
    this.sectionCache = new Array(entries.length);
    this.nameCache = new Array(entries.length);
    this.gistCache = new Array(entries.length);
  }

  /** Forgets every gist: word meaning changed. */
  forgetGists(): void {
    this.gistCache.fill(undefined);
  }

  /** The terms of the title of the document holding the paragraph at `index` (analysed once per document). */
  private titleTerms(index: number): readonly string[] {
    const document = this.entries[index]?.document;
    if (!document) return [];
    let cached = this.titleCache.get(document);
    if (!cached) {
      cached = indexTerms(document.meta.title);
      this.titleCache.set(document, cached);
    }
    return cached;
  }

  /**
   * The terms a passage is named by: its page's title, then those of its nearest heading the
   * title lacks (a documentation page's option or topic: `server.proxy` under "Server Options").
   * A paragraph under no heading, as in the ranking's Wikipedia training sets, is named by its
   * title alone (the same array for each of them). Made on first use.
   */
  nameTerms(index: number): readonly string[] {
    let cached = this.nameCache[index];
    if (!cached) {
      const title = this.titleTerms(index);
      const nearest = (this.entries[index]?.paragraph.section ?? '').split(' › ').at(-1) ?? '';
      const own = new Set(title);
      const added: string[] = [];
      for (const t of headingTerms(nearest)) {
        if (own.has(t)) continue;
        own.add(t);
        added.push(t);
      }
      // the title's own array when the heading adds nothing: the ranking reads a name once
      cached = added.length > 0 ? [...title, ...added] : title;
      this.nameCache[index] = cached;
    }
    return cached;
  }

  /** The terms of the heading the paragraph at `index` sits under (analysed on first use). */
  sectionTerms(index: number): readonly string[] {
    let cached = this.sectionCache[index];
    if (!cached) {
      cached = headingTerms(this.entries[index]?.paragraph.section ?? '');
      this.sectionCache[index] = cached;
    }
    return cached;
  }

  /** The gist of the paragraph at `index` (`CorpusMeaning.gist` of its words), made on first use. */
  gist(index: number): Float32Array | null {
    let cached = this.gistCache[index];
    if (cached === undefined) {
      // without vectors there is no gist: the passage's words are not even split
      const meaning = this.meaning();
      if (!meaning.hasVectors) return null;
      const words = (this.entries[index]?.paragraph.text ?? '').toLowerCase().match(WORDS) ?? [];
      cached = meaning.gist(words.filter((w) => !isStopword(w)).map((w) => [w, 1] as const));
      this.gistCache[index] = cached;
    }
    return cached;
  }

  /**
   * The words of the paragraph at `index` with their keys (`wordKeys`), for its highlighted words
   * when it is shown: tokenising and stemming a passage on each question it is shown for was a
   * tenth of a question's time on the Python docs. The `SHOWN_WORDS_KEPT` last read are kept.
   */
  shownWords(index: number): readonly WordKey[] {
    let cached = this.shown.get(index);
    if (cached) this.shown.delete(index);
    else {
      cached = wordKeys(this.entries[index]?.paragraph.text ?? '');
      if (this.shown.size >= SHOWN_WORDS_KEPT) {
        const oldest = this.shown.keys().next().value;
        if (oldest !== undefined) this.shown.delete(oldest);
      }
    }
    this.shown.set(index, cached);
    return cached;
  }

  /** Each sentence's terms for the paragraph at `index`, split lazily and kept. */
  sentenceTerms(index: number): string[][] {
    let cached = this.sentenceCache[index];
    if (!cached) {
      cached = (this.raw[index] ?? '').split('\n').map(splitTerms);
      this.sentenceCache[index] = cached;
    }
    return cached;
  }
}
