import { sentencesAndTags } from '../language/nlp.ts';
import type { Sentence } from './types.ts';

/**
 * A mark that ends no sentence: a `.`, `?` or `!` with something other than a space, a closing
 * quote or bracket, or more punctuation right after it, as in identifiers (`server.host`,
 * `import.meta.env`), file names (`vite.config.js`, `.env.local`), versions (`v5.1.0`), query
 * suffixes (`?raw`) and `Node.js`. wink-nlp splits after every one of those.
 */
const INNER_MARK = /[.?!](?=[^\s.?!,;:"'”’)\]}>…])/gu;
/** Initialisms ("U.S.", "e.g.") stay as written: wink knows them and where they end sentences. */
const INITIALISM = /(?<![\p{L}\p{N}._])(?:\p{L}\.){2,}(?![\p{L}\p{N}_])/gu;

/** The text with the inner marks of identifiers made letters (same length, so offsets hold). */
function maskIdentifiers(text: string): string {
  const keep = new Set<number>();
  for (const m of text.matchAll(INITIALISM))
    for (let i = m.index; i < m.index + m[0].length; i++) keep.add(i);
  return text.replace(INNER_MARK, (mark, at: number) => (keep.has(at) ? mark : 'x'));
}

/** Abbreviations after which a sentence goes on ("e.g. Node 20", "cf. the guide"). */
const GOES_ON = /(?:^|[\s(])(?:e\.g|i\.e|cf|vs|approx|incl|resp|viz|ca|etc)\.$/iu;
/** "etc." goes on only before a lowercase word; it ends many sentences. */
const ENDS_MAYBE = /(?:^|[\s(])etc\.$/iu;

/**
 * Splits a paragraph into sentences with wink-nlp (which knows abbreviations such as "U.S." and
 * "Dr."), and maps each back to UTF-16 offsets in the original text. Identifiers, file names and
 * versions are never cut (`import.meta.env`, `vite.config.js`, `v5.1.0`): wink reads a copy of the
 * text in which their inner marks are letters, of the same length, so offsets hold. Nor is a
 * sentence cut after "e.g.", "i.e.", "cf." or "vs.", or after "etc." before a lowercase word.
 * No sentence crosses a line break.
 *
 * @example splitSentences('It rained. Then it stopped.')
 *   // [{ text: 'It rained.', start: 0, end: 10 }, { text: 'Then it stopped.', start: 11, end: 27 }]
 */
export function splitSentences(text: string): Sentence[] {
  if (text.trim() === '') return [];
  if (text.includes('\n')) {
    // a line ends a sentence: passages keep list items, table rows and labels one a line
    const out: Sentence[] = [];
    let offset = 0;
    for (const line of text.split('\n')) {
      for (const s of splitSentences(line))
        out.push({ text: s.text, start: s.start + offset, end: s.end + offset });
      offset += line.length + 1;
    }
    return out;
  }
  const masked = maskIdentifiers(text);
  const pieces = sentencesAndTags().readDoc(masked).sentences().out();
  const out: Sentence[] = [];
  let cursor = 0;
  for (const raw of pieces) {
    const piece = raw.trim();
    if (piece === '') continue;
    let start = masked.indexOf(piece, cursor);
    if (start < 0) start = locateLoosely(masked, piece, cursor);
    if (start < 0) continue;
    const end = start + piece.length;
    const prev = out[out.length - 1];
    const next = text.slice(start, end);
    // wink splits inside hyphenated initialisms ("post-U.S. invasion" -> "post-U." | "S. invasion");
    // a sentence ending in a lone capital letter and a period is such a split, so join it back.
    if (
      prev &&
      ((/(?:^|[^A-Za-z])[A-Z]\.$/.test(prev.text) && /^[A-Z]\./.test(next)) ||
        (GOES_ON.test(prev.text) && (!ENDS_MAYBE.test(prev.text) || /^\p{Ll}/u.test(next))))
    ) {
      prev.end = end;
      prev.text = text.slice(prev.start, end);
    } else {
      out.push({ text: text.slice(start, end), start, end });
    }
    cursor = end;
  }
  if (out.length > 0) return out;
  const trimmed = text.trim();
  const start = text.indexOf(trimmed);
  return [{ text: trimmed, start, end: start + trimmed.length }];
}

/** wink may normalise inner whitespace; find the first word and take the text up to the last word. */
function locateLoosely(text: string, piece: string, cursor: number): number {
  const first = piece.split(/\s+/)[0] ?? '';
  return first === '' ? -1 : text.indexOf(first, cursor);
}

let segmenter: Intl.Segmenter | undefined;

/**
 * Sentence split with `Intl.Segmenter`, trimmed and mapped to offsets in `text`.
 *
 * @example splitSentencesFast('It rained. Then it stopped.')
 *   // [{ text: 'It rained.', start: 0, end: 10 }, { text: 'Then it stopped.', start: 11, end: 27 }]
 */
export function splitSentencesFast(text: string): Sentence[] {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'sentence' });
  const out: Sentence[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    const lead = segment.length - segment.trimStart().length;
    const piece = segment.trim();
    if (piece === '') continue;
    const start = index + lead;
    out.push({ text: piece, start, end: start + piece.length });
  }
  return out;
}
