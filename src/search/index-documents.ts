/**
 * What the search index is built from: its entries (every paragraph with its document), the
 * MiniSearch document each entry becomes (its analysed text, section and document title, and
 * those fields' default boosts), each paragraph's sentence terms (a passage's code searched
 * through the sentence that introduces it), and the lowercase words each term was made from.
 */
import type { Document, Paragraph } from '../corpus/types.ts';
import { codeTerms, identifierTerms, indexTerms, tokenize } from '../language/analyzer.ts';
import type { Entry } from './index.ts';
import { headingTerms, splitTerms } from './passage-terms.ts';

/** An entry as MiniSearch indexes it: its number and its fields' terms, joined by spaces. */
export interface IndexedDoc {
  id: number;
  text: string;
  section: string;
  title: string;
}

// Documents reach MiniSearch already analysed (terms joined by spaces), so indexing and the
// rerank share one analysis and MiniSearch's own tokenizer only has to split on spaces
// (splitTerms).
export const MINISEARCH_OPTIONS = {
  fields: ['text', 'section', 'title'],
  tokenize: splitTerms,
  processTerm: (term: string) => term,
  searchOptions: { tokenize: splitTerms, processTerm: (term: string) => term },
};

/** BM25F boosts when the caller gives none (the ranking model gives its fitted ones). */
export const DEFAULT_FIELDS = { text: 1, section: 0.35, title: 0.2 };

/** The index's entries: every paragraph of the documents, in order, with its document. */
export function entriesOf(documents: readonly Document[]): Entry[] {
  return documents.flatMap((document) =>
    document.paragraphs.map((paragraph) => ({ paragraph, document })),
  );
}

/** The entries analysed once, for MiniSearch, the rerank and the vocabulary alike. */
export interface AnalysedEntries {
  /** Per entry, in order: its MiniSearch document. */
  docs: IndexedDoc[];
  /** Per entry: its sentences' terms, sentences separated by "\n", terms by " ". */
  terms: string[];
  /** Per indexed term: "term word1 word2…", the (at most three) lowercase words it was made from, commonest first. */
  surfaces: string[];
}

/**
 * Analyses every entry's sentences (stems of the words that are not stopwords, then identifiers
 * whole and in parts), its section and its document's title, counting the words each stem was
 * made from.
 *
 * @example analyseEntries(entriesOf(corpus.documents)).terms[0] // "shahe drone design iran"
 */
export function analyseEntries(entries: readonly Entry[]): AnalysedEntries {
  const terms: string[] = [];
  const titleTerms = new Map<string, string>();
  const words = new Map<string, Map<string, number>>();
  const analyse = (text: string): string => {
    const out: string[] = [];
    for (const t of tokenize(text)) {
      if (t.stop) continue;
      out.push(t.stem);
      let counts = words.get(t.stem);
      if (!counts) {
        counts = new Map();
        words.set(t.stem, counts);
      }
      const w = t.surface.toLowerCase();
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    // identifiers whole (`server.port`, `--host`) and camelCase parts (issue 16)
    for (const term of identifierTerms(text)) out.push(term);
    return out.join(' ');
  };
  const docs = entries.map(({ paragraph, document }, id) => {
    const sentences =
      paragraph.sentences.length > 0 ? paragraph.sentences.map((s) => s.text) : [paragraph.text];
    const perSentence = withCode(paragraph, sentences.map(analyse));
    terms.push(perSentence.join('\n'));
    let title = titleTerms.get(document.slug);
    if (title === undefined) {
      title = indexTerms(document.meta.title).join(' ');
      titleTerms.set(document.slug, title);
    }
    return {
      id,
      text: perSentence.join(' '),
      section: headingTerms(paragraph.section ?? '').join(' '),
      title,
    };
  });
  const surfaces: string[] = [];
  for (const [term, counts] of words) {
    const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3);
    surfaces.push([term, ...top.map(([w]) => w)].join(' '));
  }
  return { docs, terms, surfaces };
}

/**
 * A passage's code is searched through the sentence that introduces it (the last one ending at or
 * before the block): its words and identifiers join that sentence's terms, so a question naming
 * `defineConfig` finds the sentence "For example:" with the code below it, and the rerank's
 * answering sentence is the one that leads to the code.
 */
function withCode(paragraph: Paragraph, perSentence: string[]): string[] {
  if (!paragraph.code || paragraph.code.length === 0 || perSentence.length === 0)
    return perSentence;
  const out = [...perSentence];
  for (const block of paragraph.code) {
    let k = 0;
    paragraph.sentences.forEach((s, i) => {
      if (s.end <= block.at) k = i;
    });
    const terms = codeTerms(block.text).join(' ');
    if (terms !== '') out[k] = out[k] === '' ? terms : `${out[k]} ${terms}`;
  }
  return out;
}
