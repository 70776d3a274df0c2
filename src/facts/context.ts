import { type PlaceMention, placesIn } from './places.ts';

/**
 * A subject read alone (in a timeline, a daily post) has lost its paragraph: "the two countries"
 * and "a large-scale armed rebellion began" no longer say who or where. These helpers put back
 * what the surrounding text says, and only that.
 */

const COUNT_WORDS: Record<string, number> = { two: 2, both: 2, three: 3, four: 4 };

// "the two countries", "both nations", "the three governments": a plural that points back to a
// list of countries named just before.
const PLURAL_REFERENCE =
  /\b(?:[Tt]he (two|three|four)|[Bb]oth|[Bb]oth the) (?:countries|nations|states|governments|sides|allies|neighbou?rs)\b/u;
// "the country" / "the nation": one country named before.
const SINGULAR_REFERENCE = /\b[Tt]he (?:country|nation)\b/u;
const PRONOUN_START = /^(?:it|they|he|she|we|this|these|those|that)\b/iu;
const CONTENT_WORD = /[\p{L}\p{N}]{3,}/gu;
const FUNCTION_WORDS = new Set([
  'the',
  'and',
  'has',
  'had',
  'have',
  'was',
  'were',
  'are',
  'been',
  'its',
  'their',
  'his',
  'her',
  'they',
  'this',
  'these',
  'those',
  'that',
  'also',
  'then',
  'not',
  'with',
  'for',
  'from',
]);

/**
 * Replaces a phrase that points back to countries ("the two countries", "the country") with the
 * countries the text named before it: a list of exactly that many coordinated names ("Iran and
 * Russia") for a plural, the one country named for a singular. `before` is the text up to the
 * phrase (same paragraph), `previous` the paragraph before. When the text leaves doubt, the
 * wording is kept; a subject that is nothing but such a phrase or a pronoun is null (no fact).
 * `before(phrase)` gives the paragraph's text up to where the phrase is written.
 *
 * @example resolveReferences('the two countries discuss arms', () => 'Iran and Russia helped Assad.', '')
 *   // 'Iran and Russia discuss arms'
 */
export function resolveReferences(
  subject: string,
  before: (phrase: string) => string,
  previous: string,
): string | null {
  let out = subject;
  const plural = PLURAL_REFERENCE.exec(out);
  if (plural) {
    const n = COUNT_WORDS[(plural[1] ?? 'both').toLowerCase()] ?? 2;
    const text = before(plural[0]);
    const names = lastList(text, n) ?? (placesIn(text).length === 0 ? lastList(previous, n) : null);
    if (names) out = replaceAt(out, plural.index, plural[0], joinNames(names));
  } else {
    const singular = SINGULAR_REFERENCE.exec(out);
    if (singular) {
      const text = before(singular[0]);
      const name =
        onlyCountry(text) ?? (placesIn(text).length === 0 ? onlyCountry(previous) : null);
      if (name) out = replaceAt(out, singular.index, singular[0], name);
    }
  }
  return isBare(out) ? null : out;
}

/** A subject that names nothing: a pronoun or a pointing phrase with at most one word after it. */
function isBare(subject: string): boolean {
  const rest = subject
    .replace(PRONOUN_START, '')
    .replace(PLURAL_REFERENCE, '')
    .replace(SINGULAR_REFERENCE, '');
  if (rest === subject) return false;
  const words = (rest.match(CONTENT_WORD) ?? []).filter(
    (w) => !FUNCTION_WORDS.has(w.toLowerCase()),
  );
  return words.length < 2;
}

function replaceAt(text: string, at: number, phrase: string, by: string): string {
  return `${text.slice(0, at)}${by}${text.slice(at + phrase.length)}`;
}

function joinNames(names: string[]): string {
  if (names.length <= 2) return names.join(' and ');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * The last list of exactly `n` distinct countries joined by commas and "and" ("Iran and Russia",
 * "France, Germany, and the UK"), named as countries (not "Iranian"), or null.
 */
function lastList(text: string, n: number): string[] | null {
  const mentions = placesIn(text);
  const lists: PlaceMention[][] = [];
  for (const m of mentions) {
    const current = lists[lists.length - 1];
    const prev = current?.[current.length - 1];
    const between = prev ? text.slice(prev.end, m.start) : '';
    if (current && prev && /^(?:,\s*|\s*,?\s*(?:and|&)\s+(?:the\s+)?)$/u.test(between))
      current.push(m);
    else lists.push([m]);
  }
  for (let i = lists.length - 1; i >= 0; i--) {
    const list = lists[i] ?? [];
    const names = [...new Set(list.map((m) => m.name))];
    if (list.some((m) => m.adjective)) continue;
    if (names.length === n) return names;
  }
  return null;
}

/** The one country a text names (by name or adjective), or null when it names none or several. */
function onlyCountry(text: string): string | null {
  const names = new Set(placesIn(text).map((m) => m.name));
  return names.size === 1 ? ([...names][0] ?? null) : null;
}

/**
 * An event subject that names nothing proper ("a large-scale armed rebellion began") gets the
 * country its sentence places things in nearest to it ("… began in Syria", from "Syrian
 * President …"), so the event can be told apart read alone. Subjects with a name of their own
 * are left as they are, and so are sentences that name countries only as actors.
 *
 * @example withPlace('a large-scale armed rebellion began', 'Iran and Russia helped Syrian President Assad defeat a large-scale armed rebellion that began in 2011.')
 *   // 'a large-scale armed rebellion began in Syria'
 */
export function withPlace(subject: string, sentence: string): string {
  if (namesSomething(subject)) return subject;
  // a country written as its people's adjective ("Syrian President …") or after a preposition of
  // place ("in Syria") says where; a bare name is more often who acts ("Iran and Russia helped")
  const places = placesIn(sentence).filter(
    (p) =>
      p.adjective ||
      /\b(?:in|across|inside|throughout|within|of|from)\s+(?:the\s+)?$/iu.test(
        sentence.slice(Math.max(0, p.start - 16), p.start),
      ),
  );
  if (places.length === 0) return subject;
  const words = subject.split(' ');
  const head = words.slice(0, Math.min(3, words.length)).join(' ');
  const at = sentence.indexOf(head);
  const anchor = at >= 0 ? at : sentence.length / 2;
  let best: PlaceMention | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const p of places) {
    const distance = p.end <= anchor ? anchor - p.end : (p.start - anchor) * 2;
    if (distance < bestDistance) {
      best = p;
      bestDistance = distance;
    }
  }
  return best ? `${subject} in ${best.name}` : subject;
}

// Capitalised only because they open a sentence: not names.
const OPENERS = new Set([
  'the',
  'a',
  'an',
  'this',
  'these',
  'those',
  'its',
  'their',
  'his',
  'her',
  'in',
  'on',
  'at',
  'since',
  'after',
  'before',
  'as',
  'when',
  'while',
  'it',
  'they',
  'some',
  'many',
  'several',
]);

/** A capitalised word in the subject (a name or an acronym), its opening article aside. */
function namesSomething(subject: string): boolean {
  const words = subject.split(/\s+/u);
  return words.some((w, i) => /^\p{Lu}/u.test(w) && (i > 0 || !OPENERS.has(w.toLowerCase())));
}
