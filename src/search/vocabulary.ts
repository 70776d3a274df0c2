/**
 * The index's vocabulary, read off its paragraphs' sentence terms and its surface lines: in how
 * many paragraphs each term occurs (and so its idf), the lowercase words each term was made from,
 * and look-ups by prefix over the sorted terms (near forms, word families). Word meaning and the
 * speller read it through `termVocabulary` and `spellingVocabulary`.
 */
import { stemWord } from '../language/analyzer.ts';
import type { SpellingVocabulary } from '../language/deletion-index.ts';
import type { TermVocabulary } from './meaning-sources.ts';

/**
 * The indexed terms of a corpus with their statistics. Made from, per paragraph, its sentences'
 * terms (sentences separated by "\n", terms by " ") and, per indexed term, its surface line.
 *
 * @example new Vocabulary(['drone iran', 'drone'], ['drone drones drone', 'iran iran']).idf('iran')
 */
export class Vocabulary {
  /** Per indexed term: "term word1 word2…", the lowercase words it was made from, commonest first. */
  readonly surfaceLines: string[];
  private readonly paragraphs: number;
  private readonly df: Map<string, number>;
  private sorted: string[] | undefined;
  private surfaceMap: Map<string, string[]> | undefined;

  /**
   * @param counts each term's paragraph count as `counts()` gave it (a snapshot keeps them):
   * counting them from the terms took 0.16 s of loading the Python docs' index
   */
  constructor(
    terms: readonly string[],
    surfaces: string[],
    counts?: readonly (readonly [string, number])[],
  ) {
    this.surfaceLines = surfaces;
    this.paragraphs = terms.length;
    if (counts) this.df = new Map(counts);
    else {
      this.df = new Map();
      for (const raw of terms) {
        for (const term of new Set(raw.split(/[ \n]/u)))
          if (term) this.df.set(term, (this.df.get(term) ?? 0) + 1);
      }
    }
  }

  /** Each term with its paragraph count, as the constructor takes them back. */
  counts(): [string, number][] {
    return [...this.df];
  }

  /** The vocabulary as the speller reads it: each term's words, and its paragraph count. */
  spellingVocabulary(): SpellingVocabulary {
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

  /** The vocabulary as word meaning reads it: whether a term is indexed, and each term's words. */
  termVocabulary(): TermVocabulary {
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
    this.sorted ??= [...this.df.keys()].sort();
    return this.sorted;
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
    const n = this.paragraphs;
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }
}
