import {
  INSTITUTION_HEADS,
  NAME_PARTICLES,
  ROLE_MODIFIERS,
  ROLE_NOUNS,
} from '../language/words.ts';
import { isMonthName } from './dates.ts';
import type { Analysis, Tok } from './tokens.ts';
import { span } from './tokens.ts';

/** A person named with a role, before it becomes a Fact. */
export interface ActorHit {
  /** The person ("Masoud Pezeshkian"). */
  subject: string;
  /** The role in title case ("President", "Supreme Leader"). */
  value: string;
  anchor: number;
}

// A name holding one of these is no person: an institution ("UN General Assembly"), and "White
// House" or "United States", which the short answer does not read as institutions ("House" is
// also a surname there, and "States" heads a place: name-words.ts PLACE_HEADS).
const NOT_A_PERSON: ReadonlySet<string> = new Set([...INSTITUTION_HEADS, 'house', 'states']);
const ROMAN = /^(?:[IVX]+|Jr\.?|Sr\.?)$/u;

function titleCase(t: Tok): boolean {
  return /^\p{Lu}\p{Ll}/u.test(t.value) || /^\p{Lu}$/u.test(t.value);
}

/**
 * People introduced with a role: a title (optionally narrowed: "Foreign Minister") right before
 * a run of proper nouns. "President Masoud Pezeshkian" → Masoud Pezeshkian, President;
 * "Iran’s supreme leader Ali Khamenei" → Ali Khamenei, Supreme Leader.
 *
 * @example actorsIn(analyse(p)) // [{ subject: 'Vladimir Putin', value: 'President', anchor: 12 }]
 */
export function actorsIn(an: Analysis): ActorHit[] {
  const out: ActorHit[] = [];
  const toks = an.tokens;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (
      !t ||
      !ROLE_NOUNS.has(t.lower.replace(/\.$/u, '')) ||
      !(t.pos === 'NOUN' || t.pos === 'PROPN')
    )
      continue;
    if (t.value === t.value.toUpperCase() && t.value.length > 2 && t.lower !== 'ceo') continue;
    // the title is the last role word of a run ("Prime Minister"): later words handle themselves
    const nx = toks[i + 1];
    if (
      nx &&
      ROLE_NOUNS.has(nx.lower) &&
      titleCase(nx) === titleCase(t) &&
      nx.sentence === t.sentence
    )
      continue;
    let r0 = i;
    while (r0 > 0) {
      const p = toks[r0 - 1];
      if (
        !p ||
        p.sentence !== t.sentence ||
        !(ROLE_MODIFIERS.has(p.lower) || ROLE_NOUNS.has(p.lower))
      )
        break;
      if (p.end === t.start) break;
      r0--;
    }
    const name = nameAfter(an, i + 1);
    if (!name) continue;
    const role = span(an, r0, i)
      .split(/\s+/u)
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
      .join(' ');
    out.push({ subject: name.text, value: role, anchor: r0 });
    i = name.end;
  }
  return out;
}

function nameAfter(an: Analysis, start: number): { text: string; end: number } | null {
  const toks = an.tokens;
  const first = toks[start];
  const sentence = toks[start - 1]?.sentence;
  if (first?.pos !== 'PROPN' || !titleCase(first) || first.sentence !== sentence) return null;
  let end = start;
  for (let j = start + 1; j < toks.length && j - start < 6; j++) {
    const t = toks[j];
    const prev = toks[j - 1];
    if (!t || !prev || t.sentence !== sentence) break;
    const hyphenJoin =
      (t.value === '-' && prev.end === t.start) || (prev.value === '-' && prev.end === t.start);
    if (t.pos === 'PROPN' && (titleCase(t) || ROMAN.test(t.value))) end = j;
    else if (hyphenJoin && t.value !== '-' && titleCase(t)) end = j;
    else if (t.value === '-' && hyphenJoin) continue;
    else if (NAME_PARTICLES.has(t.lower) && toks[j + 1]?.pos === 'PROPN') continue;
    else break;
  }
  const words = toks.slice(start, end + 1);
  if (
    words.some((w) => NOT_A_PERSON.has(w.lower) || isMonthName(w.value) || ROLE_NOUNS.has(w.lower))
  )
    return null;
  // an acronym alone ("President UAS") is not a person's name
  if (words.length === 1 && words[0] && /^\p{Lu}{2,}$/u.test(words[0].value)) return null;
  return { text: span(an, start, end), end };
}

/**
 * False when a word of the name (particles and numerals aside) is one the text also writes in
 * lower case, i.e. an ordinary word rather than a name.
 *
 * @example isPlausibleName('Decimal Arithmetic Specification', new Set(['specification'])) // false
 */
export function isPlausibleName(name: string, wordsInLowerCase: ReadonlySet<string>): boolean {
  return name
    .split(/[\s-]+/u)
    .filter((w) => w !== '' && !NAME_PARTICLES.has(w.toLowerCase()) && !ROMAN.test(w))
    .every((w) => !wordsInLowerCase.has(w.toLowerCase()));
}
