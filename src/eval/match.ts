/**
 * The hit rule of the evaluation sets: a passage hits when it contains an answer string, compared
 * case-insensitively with whitespace collapsed and typographic quotes and dashes folded to ASCII.
 */
export function foldForMatch(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/gu, "'")
    .replace(/[\u201C\u201D\u201E\u2033]/gu, '"')
    .replace(/[\u2010-\u2015\u2212]/gu, '-')
    .replace(/\s+/gu, ' ')
    .trim();
}

export function containsAnswer(text: string, answers: readonly string[]): boolean {
  const folded = foldForMatch(text);
  return answers.some((a) => folded.includes(foldForMatch(a)));
}

/** Rounds a metric for reports. */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
