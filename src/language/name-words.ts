/**
 * English words that tell what a capitalised name is: titles before people, head words of
 * institutions and places, the verbs of speech that follow a person. Language, not knowledge of
 * any corpus.
 */

import { NAME_PARTICLES as FACT_NAME_PARTICLES, ROLE_MODIFIERS, ROLE_NOUNS } from './words.ts';

/** Titles and offices written before a person's name ("President", "Foreign Minister", "Dr"). */
export const TITLE_WORDS: ReadonlySet<string> = new Set([
  ...ROLE_NOUNS,
  'mr',
  'mrs',
  'ms',
  'miss',
  'sir',
  'dame',
  'lord',
  'lady',
  'saint',
  'st',
  'rev',
  'reverend',
  'father',
  'bishop',
  'archbishop',
  'cardinal',
  'duke',
  'duchess',
  'count',
  'countess',
  'baron',
  'emperor',
  'empress',
  'tsar',
  'czar',
  'shah',
  'imam',
  'rabbi',
  'sergeant',
  'major',
  'marshal',
  'field',
  'mufti',
]);

/** Words that narrow a title ("Foreign Minister", "Supreme Leader", "Vice President"). */
export const TITLE_MODIFIERS: ReadonlySet<string> = new Set([
  ...ROLE_MODIFIERS,
  // before a name, these narrow a title too ("the late President X", "then-Minister X")
  'late',
  'head',
  'new',
  'then',
]);

/** Head words of places ("Orange County", "Caspian Sea", "Crimean Peninsula"). */
export const PLACE_HEADS: ReadonlySet<string> = new Set([
  'county',
  'city',
  'town',
  'village',
  'valley',
  'river',
  'mountains',
  'mountain',
  'mount',
  'mt',
  'island',
  'islands',
  'sea',
  'ocean',
  'peninsula',
  'bay',
  'lake',
  'desert',
  'coast',
  'gulf',
  'province',
  'region',
  'state',
  'states',
  'republic',
  'kingdom',
  'empire',
  'street',
  'avenue',
  'road',
  'boulevard',
  'square',
  'airport',
  'port',
  'harbor',
  'harbour',
  'beach',
  'park',
  'strait',
  'straits',
  'canal',
  'basin',
  'plain',
  'plains',
  'highlands',
  'hills',
  'forest',
  'territory',
  'territories',
  'district',
  'emirates',
  'land',
  'channel',
  'cape',
  'heights',
  'springs',
  'falls',
]);

/** Prepositions before a place ("in Tehran", "across the Caspian Sea"). */
export const PLACE_PREPOSITIONS: ReadonlySet<string> = new Set([
  'in',
  'at',
  'from',
  'near',
  'into',
  'across',
  'throughout',
  'outside',
  'inside',
  'to',
  'toward',
  'towards',
  'via',
  'around',
  'within',
  'between',
  'off',
  'over',
  'along',
  'north',
  'south',
  'east',
  'west',
]);

/** Verbs of speech after a person's name ("Khamenei said"). */
export const SPEECH_VERBS: ReadonlySet<string> = new Set([
  'said',
  'says',
  'told',
  'tells',
  'wrote',
  'writes',
  'argued',
  'argues',
  'added',
  'stated',
  'states',
  'explained',
  'claimed',
  'claims',
  'announced',
  'announces',
  'noted',
  'notes',
  'warned',
  'warns',
  'insisted',
  'declared',
  'believed',
  'believes',
  'thought',
  'asked',
  'replied',
  'recalled',
  'admitted',
  'denied',
  'suggested',
  'proposed',
  'died',
  'married',
  'born',
]);

/** Particles inside names ("Bashar al-Assad", "Charles de Gaulle", "Osama bin Laden"). */
export const NAME_PARTICLES: ReadonlySet<string> = new Set([
  // the facts' own (words.ts), and the rarer ones the short answer meets
  ...FACT_NAME_PARTICLES,
  'du',
  'der',
  'den',
  'del',
  'della',
  'dos',
  'das',
]);

/** "Iranian", "Russian", "Chinese", "British", "Israeli": adjectives of nationality. */
export function looksLikeDemonym(word: string): boolean {
  return /^\p{Lu}\p{Ll}+(?:ian|an|ese|ish|i|ic|ean)$/u.test(word);
}

/**
 * Whether a nationality word or name refers to the owner: "Iranian" to "Iran", "Ukrainian" to
 * "Ukraine", "Israeli" to "Israel", "Chinese" to "China" (stems sharing a long prefix).
 *
 * @example sameOwner('Iranian', 'Iran') // true
 * @example sameOwner('Russian', 'Ukraine') // false
 */
export function sameOwner(word: string, owner: string): boolean {
  const a = word.toLowerCase().replace(/['’]s$/u, '');
  const b = owner.toLowerCase().replace(/['’]s$/u, '');
  if (a === b) return true;
  let common = 0;
  while (common < a.length && a[common] === b[common]) common++;
  return common >= 4 && common >= Math.min(a.length, b.length) - 2;
}
