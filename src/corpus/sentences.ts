import { nlp } from './nlp.ts';
import type { Sentence } from './types.ts';

/**
 * Splits a paragraph into sentences with wink-nlp (which knows abbreviations such as "U.S." and
 * "Dr."), and maps each back to UTF-16 offsets in the original text.
 *
 * @example splitSentences('It rained. Then it stopped.')
 *   // [{ text: 'It rained.', start: 0, end: 10 }, { text: 'Then it stopped.', start: 11, end: 27 }]
 */
export function splitSentences(text: string): Sentence[] {
  if (text.trim() === '') return [];
  const pieces = nlp().readDoc(text).sentences().out();
  const out: Sentence[] = [];
  let cursor = 0;
  for (const raw of pieces) {
    const piece = raw.trim();
    if (piece === '') continue;
    let start = text.indexOf(piece, cursor);
    if (start < 0) start = locateLoosely(text, piece, cursor);
    if (start < 0) continue;
    const end = start + piece.length;
    const prev = out[out.length - 1];
    // wink splits inside hyphenated initialisms ("post-U.S. invasion" -> "post-U." | "S. invasion");
    // a sentence ending in a lone capital letter and a period is such a split, so join it back.
    if (prev && /(?:^|[^A-Za-z])[A-Z]\.$/.test(prev.text) && /^[A-Z]\./.test(piece)) {
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
