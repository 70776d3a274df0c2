// Zero-width characters, bidi controls and other invisible format characters (Unicode Cf),
// which users and documents carry by accident or to evade filters.
const invisible = /\p{Cf}|\u034F|\u180E/gu;
// Typographic quotes and dashes fold to ASCII so "Iran’s" and "Iran's" are one word.
const folds: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u2033': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
};
const foldable = /[\u2018\u2019\u201A\u201B\u2032\u201C\u201D\u201E\u2033\u2010-\u2015\u2212]/gu;

/** Anything but printable ASCII, tabs and line breaks (those need no normalising). */
const NOT_PLAIN = /[^\t\n\r -~]/u;

/**
 * The one normalisation applied to documents and questions alike: well-formed UTF-16 (lone
 * surrogates become U+FFFD), invisible format characters removed, NFKC (fullwidth and
 * compatibility forms fold to plain ones), quotes and dashes folded to ASCII. Case is kept: the
 * analyzer needs it to tell names from words. Idempotent.
 *
 * @example normalizeText('Ｉｒａｎ\u200B’s') // "Iran's"
 */
export function normalizeText(text: string): string {
  // plain ASCII is well formed, has no format characters, is its own NFKC, holds nothing to fold
  if (!NOT_PLAIN.test(text)) return text;
  return (
    text
      .toWellFormed()
      // invisibles go first: between a letter and its combining mark they would keep NFKC from
      // composing the two, and a second pass would then change the text
      .replace(invisible, '')
      .normalize('NFKC')
      .replace(foldable, (c) => folds[c] ?? c)
  );
}

/** Strips diacritics (and bounds runs of combining marks) for matching: "Pezeshkián" → "Pezeshkian". */
export function foldMarks(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC');
}
