import { indexTerms } from '../language/analyzer.ts';

/**
 * Content-word stems of a text, in order, by the search analyzer itself (so a topic finds facts
 * exactly as a question finds passages): normalised, stopwords dropped, acronyms kept whole.
 *
 * @example stems('the Islamic Republic’s formation') // ['islam', 'republ', 'format']
 */
export function stems(text: string): string[] {
  return indexTerms(text);
}

/**
 * An order-free key for "the same subject" across documents: the sorted set of content stems,
 * with numbers left out (they are the value, not the subject).
 *
 * @example subjectKey('the formation of the Islamic Republic') === subjectKey('the Islamic Republic’s formation')
 */
export function subjectKey(text: string): string {
  return [...new Set(stems(text).filter((s) => !/^\d/u.test(s)))].sort().join(' ');
}

/** The document slug of a paragraph id (`going-ballistic#p3` → `going-ballistic`). */
export function docSlugOf(paragraphId: string): string {
  const hash = paragraphId.indexOf('#');
  return hash < 0 ? paragraphId : paragraphId.slice(0, hash);
}
