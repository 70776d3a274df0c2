import { createRequire } from 'node:module';
import { stemmer } from 'stemmer';
import { z } from 'zod';

// stopword ships no type declarations; its English list is read through require and checked,
// so this module does not depend on an ambient declaration someone else may or may not add.
const eng = z.array(z.string()).parse(createRequire(import.meta.url)('stopword').eng);
const STOPWORDS = new Set<string>([...eng, 'its', 'it', 'was', 'were', 'been', 'has', 'had']);

/**
 * Content-word stems of a text, in order: lower-cased, curly quotes and possessives dropped,
 * stopwords removed, Porter-stemmed. All-capital acronyms are kept whole ("UAS" stays "uas").
 *
 * @example stems('the Islamic Republic’s formation') // ['islam', 'republ', 'format']
 */
export function stems(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.replace(/[’']s\b/gu, '').split(/[^\p{L}\p{N}]+/u)) {
    if (raw === '') continue;
    const lower = raw.toLowerCase();
    if (/^\p{Lu}{2,}\d*$/u.test(raw)) {
      out.push(lower);
      continue;
    }
    if (STOPWORDS.has(lower)) continue;
    out.push(/^\d/u.test(lower) ? lower : stem(lower));
  }
  return out;
}

// Facts repeat the same words (and whole quotes) many times over; stemming each word once is
// most of the cost of indexing a large corpus. Bounded so a huge corpus cannot grow it forever.
const stemCache = new Map<string, string>();
function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stemmer(word);
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
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
