import { lexiconTags } from '../../language/qualifiers.ts';

/**
 * Joining a word broken at a line end. Typesetters break words with a hyphen ("inter-" /
 * "national"), but a line can also end at the hyphen of a compound ("short-" / "range"), and the
 * two look the same on the page. The document itself is the first witness (does it write
 * "short-range" or "international" elsewhere?), then an English word list (wink-lexicon, one copy
 * for the whole engine, in language/qualifiers.ts): a known joined word is joined, two known
 * halves keep their hyphen, anything else is taken for a typesetter's break and joined. No
 * library does this for extracted PDF text, hence these few rules.
 */

const SUFFIXES = ['', 's', 'es', 'ed', 'd', 'ing', 'ly', 'er', 'ers'];

function known(word: string): boolean {
  const lex = lexiconTags();
  return SUFFIXES.some(
    (s) =>
      word.endsWith(s) &&
      word.length - s.length >= 2 &&
      lex.has(word.slice(0, word.length - s.length)),
  );
}

/** Words of a text as the document writes them, lowercased; hyphenated compounds count whole. */
export function vocabulary(texts: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/\p{L}+(?:-\p{L}+)*/gu)) out.add(m[0].toLowerCase());
  }
  return out;
}

/**
 * `a` and `b` are consecutive lines of one paragraph: the text they make together. A word broken
 * at the end of `a` ("inter-" + "national…") is joined, a compound broken at its hyphen ("short-" +
 * "range…", "Anglo-" + "Saxon") keeps it, and a soft hyphen (U+00AD) always joins.
 *
 * @example joinLines('the inter-', 'national body', new Set()) // 'the international body'
 */
export function joinLines(a: string, b: string, vocab: ReadonlySet<string>): string {
  if (a.endsWith('\u00AD')) return a.slice(0, -1) + b;
  if (/[—–]$/u.test(a) && /^\p{L}/u.test(b)) return a + b;
  const left = /(\p{L}+)-$/u.exec(a)?.[1];
  if (left === undefined || !/^[\p{L}\p{N}]/u.test(b)) return `${a} ${b}`;
  // "Anglo-" / "Saxon", "1990-" / "1995": a hyphen before a capital or a digit is the text's own
  const right = /^(\p{Ll}\p{L}*)/u.exec(b)?.[1];
  if (right === undefined) return a + b;
  return keepHyphen(left, right, vocab) ? a + b : a.slice(0, -1) + b;
}

function keepHyphen(left: string, right: string, vocab: ReadonlySet<string>): boolean {
  const l = left.toLowerCase();
  const r = right.toLowerCase();
  if (vocab.has(`${l}-${r}`)) return true;
  if (vocab.has(l + r)) return false;
  if (known(l + r)) return false;
  return l.length >= 2 && known(l) && known(r);
}
