import type { Paragraph } from './types.ts';

export interface AcronymDefinition {
  acronym: string;
  expansion: string;
  paragraphId: string;
  /** The sentence that defines it, verbatim from the paragraph. */
  quote: string;
}

// Acronym-shaped: two or more characters, starting with a capital, mostly capitals or digits ("SRBM", "E3", "JCPOA", "UAS").
const acronymShape = /^[A-Z][A-Za-z0-9&]*$/u;
const joiners = new Set(['of', 'and', 'the', 'for', 'on', 'in', 'to', 'de', '&']);

function isAcronym(s: string): boolean {
  if (!acronymShape.test(s) || s.length < 2 || s.length > 10) return false;
  const caps = s.replace(/[^A-Z0-9]/gu, '').length;
  return caps >= 2 && caps >= s.length - 1;
}

/**
 * Finds acronyms the text defines in parentheses, in the forms writers use:
 * "short-range ballistic missile (SRBM)", "(Joint Comprehensive Plan of Action, JCPOA)",
 * "the United Kingdom, France, and Germany (E3)", "unmanned aerial systems (UAS, armed drones)".
 * The first definition of each acronym in corpus order wins.
 *
 * @example learnAcronyms([p]) // [{ acronym: 'SRBM', expansion: 'short-range ballistic missile', ... }]
 */
export function learnAcronyms(paragraphs: readonly Paragraph[]): AcronymDefinition[] {
  const found = new Map<string, AcronymDefinition>();
  for (const p of paragraphs) {
    for (const sentence of p.sentences) {
      for (const m of sentence.text.matchAll(/\(([^()]{2,120})\)/gu)) {
        const inside = (m[1] ?? '').split(',').map((s) => s.trim());
        const before = sentence.text.slice(0, m.index ?? 0);
        const def = defineFromParenthesis(inside, before);
        if (def && !found.has(def.acronym)) {
          found.set(def.acronym, { ...def, paragraphId: p.id, quote: sentence.text });
        }
      }
    }
  }
  return [...found.values()];
}

function defineFromParenthesis(
  inside: string[],
  before: string,
): { acronym: string; expansion: string } | null {
  const first = inside[0] ?? '';
  const last = inside[inside.length - 1] ?? '';
  // "(Joint Comprehensive Plan of Action, JCPOA)": the expansion is inside, the acronym last
  if (inside.length >= 2 && isAcronym(last)) {
    const expansion = inside.slice(0, -1).join(', ');
    if (initialsMatch(last, expansion.split(/[\s-]+/u)) !== null)
      return { acronym: last, expansion };
  }
  if (!isAcronym(first)) return null;
  // "(E3)": a letter and a count names a group of that many listed items before it
  const counted = /^([A-Z]+)(\d)$/u.exec(first);
  if (counted) {
    const list = trailingList(before, Number(counted[2]));
    if (list) return { acronym: first, expansion: list };
  }
  // "short-range ballistic missile (SRBM)": the expansion is the words before, by their initials
  const words = before.trimEnd().split(/\s+/u);
  const parts: { word: string; wordIndex: number }[] = [];
  words.forEach((w, wordIndex) => {
    for (const part of w.split('-')) parts.push({ word: part, wordIndex });
  });
  const start = initialsMatch(
    first,
    parts.map((p) => p.word),
  );
  if (start === null) return null;
  const firstWord = parts[start]?.wordIndex ?? 0;
  const expansion = words
    .slice(firstWord)
    .join(' ')
    .replace(/[,;:]$/u, '');
  return { acronym: first, expansion };
}

/**
 * Matches the acronym's letters against the initials of the trailing words (joiner words such
 * as "of" may be skipped or used). Returns the index of the first word of the expansion, or null.
 */
function initialsMatch(acronym: string, words: readonly string[]): number | null {
  const letters = acronym.toLowerCase().replace(/[^a-z]/gu, '');
  if (letters.length < 2) return null;
  let i = letters.length - 1;
  let j = words.length - 1;
  while (j >= 0 && (words[j] ?? '').replace(/\W/gu, '') === '') j--;
  let matchedLast = false;
  while (i >= 0 && j >= 0 && j >= words.length - letters.length - 4) {
    const w = (words[j] ?? '').replace(/^[^\p{L}\p{N}]+/u, '').toLowerCase();
    if (w.startsWith(letters[i] ?? '')) {
      i--;
      matchedLast = true;
      if (i < 0) return j;
    } else if (joiners.has(w) || w === '') {
      matchedLast = false;
    } else {
      return null;
    }
    j--;
  }
  return matchedLast && i < 0 ? j + 1 : null;
}

/** "the United Kingdom, France, and Germany" with n = 3 → that list, or null if it has another length. */
function trailingList(before: string, n: number): string | null {
  const m =
    /((?:the\s+)?\p{Lu}[\p{L}.'-]*(?:\s+\p{Lu}[\p{L}.'-]*)*(?:,\s*(?:and\s+)?(?:the\s+)?\p{Lu}[\p{L}.'-]*(?:\s+\p{Lu}[\p{L}.'-]*)*)+)\s*$/u.exec(
      before.trimEnd(),
    );
  if (!m?.[1]) return null;
  const items = m[1].split(/,\s*(?:and\s+)?/u);
  if (items.length !== n) return null;
  return m[1];
}
