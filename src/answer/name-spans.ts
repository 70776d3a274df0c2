/**
 * Capitalised names in a sentence, typed as a person, an organisation or a place by the words in
 * and around them, with a title in front taken off, and a place with its region as one span
 * ("Woodward, Oklahoma").
 */
import { isMonthName } from '../facts/dates.ts';
import {
  looksLikeDemonym,
  NAME_PARTICLES,
  PLACE_HEADS,
  SPEECH_VERBS,
  TITLE_MODIFIERS,
  TITLE_WORDS,
} from '../language/name-words.ts';
import { INSTITUTION_HEADS } from '../language/words.ts';
import { knownPlace } from './places.ts';
import type { ReadSentence, STok } from './sentence-tokens.ts';

import { afterPlacePreposition, FUNCTION_POS, glued, isHyphenJoin, type Span } from './spans.ts';

function isNameToken(toks: readonly STok[], i: number): boolean {
  const t = toks[i];
  if (!t?.cap || !/\p{L}/u.test(t.value)) return false;
  if (isMonthName(t.value) || /^(?:I|A)$/u.test(t.value)) return false;
  if (t.pos === 'PROPN') return true;
  if (/^\p{Lu}[\p{Lu}\p{N}&]+$/u.test(t.value)) return true;
  // a capitalised common word starts every sentence; elsewhere it is part of a name
  return (
    i > 0 &&
    !FUNCTION_POS.has(t.pos) &&
    !/^["“(]/u.test(toks[i - 1]?.value ?? '') &&
    !/^[.!?:]$/u.test(toks[i - 1]?.value ?? '')
  );
}

/**
 * Capitalised names ("Masoud Pezeshkian", "Port of Long Beach", "UN General Assembly"), with any
 * title in front taken off ("Syrian President Bashar Al Assad" → "Bashar Al Assad", title
 * "Syrian President"), typed as person, organisation or place by the words in and around them.
 */
export function nameSpans(rs: ReadSentence): Span[] {
  const { toks } = rs;
  const out: Span[] = [];
  let i = 0;
  while (i < toks.length) {
    if (!isNameToken(toks, i)) {
      i++;
      continue;
    }
    let b = i;
    for (let j = i + 1; j < toks.length; j++) {
      const t = toks[j] as STok;
      if (isNameToken(toks, j)) b = j;
      else if (isHyphenJoin(toks, j) && isNameToken(toks, j + 1)) continue;
      else if (
        (t.lower === 'of' || t.lower === '&' || t.lower === 'de') &&
        isNameToken(toks, j + 1)
      )
        continue;
      else if (t.lower === 'of' && toks[j + 1]?.lower === 'the' && isNameToken(toks, j + 2))
        continue;
      else if (t.lower === 'the' && toks[j - 1]?.lower === 'of' && isNameToken(toks, j + 1))
        continue;
      else if (
        NAME_PARTICLES.has(t.lower) &&
        (isNameToken(toks, j + 1) || toks[j + 1]?.value === '-')
      )
        continue;
      // "Food and Drug Administration": "and" inside an institution's name, not between list items
      else if (t.lower === 'and' && toks[j - 1]?.value !== ',' && endsInInstitution(toks, j + 1))
        continue;
      else break;
      if (j - i > 8) break;
    }
    // "Iran-designed drones": a name inside a hyphenated modifier names nothing by itself
    const after = toks[b + 1];
    const compound =
      after?.value === '-' && glued(toks[b], after) && /^\p{Ll}/u.test(toks[b + 2]?.value ?? '');
    if (!compound) {
      const typed = typedName(toks, i, b);
      out.push(...typed);
      const qualified = qualifiedPlace(toks, typed[0], b);
      if (qualified) out.push(qualified);
    }
    i = b + 1;
  }
  return out;
}

/**
 * A place with the region or country after it, as addresses and encyclopedias write one
 * ("in Paradise, Nevada", "Toronto, Ontario, Canada"): the whole is the answer to "where", and
 * "Woodward" alone is only part of it. Read after a place (a preposition of place or the
 * gazetteer's city), up to two qualifiers, each one name; not a list ("Paris, London and Rome",
 * "the United Kingdom, France, and Germany").
 */
function qualifiedPlace(toks: readonly STok[], place: Span | undefined, b: number): Span | null {
  // a country is the last qualifier, never the one qualified ("United Kingdom, France" are two)
  if (!place || (place.looks.place ?? 0) < 0.5 || place.placeKind === 'country') return null;
  let end = b;
  for (let n = 0; n < 2; n++) {
    if (toks[end + 1]?.value !== ',' || !isNameToken(toks, end + 2)) break;
    let c = end + 2;
    while (isNameToken(toks, c + 1)) c++;
    end = c;
  }
  if (end === b) return null;
  // "Paris, London and Rome", "Lyon, Paris, and Rome", "Tehran, Iran's capital": a list goes on
  // after it, or a possessive: not one place
  const after = toks[end + 1];
  const conjunction = (t: STok | undefined) => /^(?:and|or|&)$/u.test(t?.lower ?? '');
  const goesOn =
    conjunction(after) ||
    /^['’]s?$/u.test(after?.value ?? '') ||
    (after?.value === ',' && (isNameToken(toks, end + 2) || conjunction(toks[end + 2])));
  if (goesOn) return null;
  return {
    first: place.first,
    last: end,
    looks: { place: 0.9, name: 0.55, np: 0.4 },
    qualified: true,
  };
}

/** Whether the name starting at token i ends in an institution's head word ("Drug Administration"). */
function endsInInstitution(toks: readonly STok[], i: number): boolean {
  let k = i;
  while (isNameToken(toks, k)) k++;
  return k > i && INSTITUTION_HEADS.has(toks[k - 1]?.lower ?? '');
}

/** The adjectives of a region of the compass: "Eastern", "Southwestern" ("Middle Eastern"). */
const REGION_ADJECTIVE = /^(?:north|south)?(?:eastern|western)$|^(?:northern|southern)$/u;

function isTitleWord(t: STok | undefined): boolean {
  return t !== undefined && (TITLE_WORDS.has(t.lower) || TITLE_MODIFIERS.has(t.lower));
}

function typedName(toks: readonly STok[], a: number, b: number): Span[] {
  // take titles (and a nationality before them) off the front: "Syrian President Bashar Al Assad"
  let s = a;
  while (
    s < b &&
    (isTitleWord(toks[s]) || (looksLikeDemonym(toks[s]?.value ?? '') && isTitleWord(toks[s + 1])))
  )
    s++;
  const hasTitle = s > a || isTitleWord(toks[a - 1]);
  let titleFirst = s > a ? a : -1;
  let titleLast = s - 1;
  if (s === a && isTitleWord(toks[a - 1])) {
    titleLast = a - 1;
    titleFirst = a - 1;
  }
  // lower-case titles before the name: "Iran's supreme leader Ali Khamenei"
  while (titleFirst > 0 && isTitleWord(toks[titleFirst - 1])) titleFirst--;
  while (titleFirst > 0 && looksLikeDemonym(toks[titleFirst - 1]?.value ?? '') && titleFirst === a)
    titleFirst--;
  const words = toks.slice(s, b + 1);
  const lowers = words.map((t) => t.lower);
  const last = lowers[lowers.length - 1] ?? '';
  const prev = toks[a - 1];
  const next = toks[b + 1];
  const orgHead = lowers.some((w) => INSTITUTION_HEADS.has(w));
  const placeHead =
    PLACE_HEADS.has(last) || (PLACE_HEADS.has(lowers[0] ?? '') && lowers[1] === 'of');
  const acronym = words.length === 1 && /^\p{Lu}[\p{Lu}\p{N}&]+s?$/u.test(words[0]?.value ?? '');
  // a nationality, or a region's adjective ("Middle Eastern", "South-Western"): it qualifies, it
  // names no one ("its traditional Middle Eastern sphere" is no answer to "who")
  const demonym =
    (words.length === 1 && looksLikeDemonym(words[0]?.value ?? '')) || REGION_ADJECTIVE.test(last);
  const particle = lowers.some((w) => NAME_PARTICLES.has(w));
  const placePrep = afterPlacePreposition(toks, a);
  const speech =
    next !== undefined &&
    (SPEECH_VERBS.has(next.lower) ||
      (next.value === ',' && SPEECH_VERBS.has(toks[b + 2]?.lower ?? '')));
  const plainName =
    words.length >= 2 &&
    words.length <= 4 &&
    words.every(
      (t) =>
        (t.pos === 'PROPN' && /^\p{Lu}\p{Ll}/u.test(t.value)) ||
        NAME_PARTICLES.has(t.lower) ||
        t.value === '-',
    );
  const demonymNext = demonym && (next?.pos === 'NOUN' || next?.pos === 'ADJ');

  let person = 0;
  if (hasTitle) person += 0.7;
  if (speech) person += 0.4;
  if (particle) person += 0.3;
  if (plainName) person += 0.35;
  if (prev?.lower === 'by' && !placePrep) person += 0.15;
  if (orgHead || placeHead || acronym || demonym) person = 0;
  let organisation = orgHead ? 0.85 : acronym ? 0.6 : 0;
  if (prev?.lower === 'the' && words.length >= 2 && !placeHead)
    organisation = Math.max(organisation, 0.4);
  const gazetteer = knownPlace(
    words
      .map((t) => t.value)
      .join(' ')
      .replace(/ - /gu, '-'),
  );
  if (gazetteer) person = 0;
  let place = placeHead || gazetteer ? 0.85 : 0;
  // "on Russian territory": the adjective is not the place, the phrase it opens is
  if (placePrep && !orgHead && !demonymNext) place = Math.max(place, 0.55);
  if (placePrep && orgHead) organisation = Math.max(organisation, 0.6);
  if (person > 0.5) place = Math.min(place, 0.3);
  // "the Normans", "the Franks": a people, answering "who"
  if (words.length === 1 && /s$/u.test(lowers[0] ?? '') && prev?.lower === 'the' && !acronym)
    person = Math.max(person, 0.5);
  const looks: Span['looks'] = {
    name: demonymNext ? 0.2 : 0.55,
    person: Math.min(1, person),
    organisation,
    place,
    np: 0.4,
  };
  if (demonym) looks.adj = 0.6;
  const title = hasTitle && titleFirst >= 0 ? { first: titleFirst, last: titleLast } : undefined;
  const spans: Span[] = [{ first: s, last: b, looks, title, placeKind: gazetteer }];
  // the title itself, for "what is X's role" and "who is X" questions
  if (s > a) spans.push({ first: a, last: s - 1, looks: { np: 0.4, definition: 0.3 } });
  return spans;
}
